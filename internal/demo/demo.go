// Package demo loads the demonstration data of a fresh instance: the GRCP 7
// meeting imported from its real agenda, the inter-state consultation
// mechanisms as bodies, partner organisations, regional breakout groups and
// an account for every role; and GRCP 6 (demonstration), an invented
// earlier meeting of the same process whose outcome document is adopted and
// published in the six languages (grcp6.go); and the follow-up of both
// (followup.go): commitments with their indicators.
package demo

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/agenda"
	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

//go:embed data/grcp7-agenda.md
var seedAgenda []byte

//go:embed data/iscms.tsv
var iscms []byte

// Password is the password of every demo account.
const Password = "plenary-demo"

// Login is a demo account.
type Login struct {
	Email string
	Role  string
}

// Result says what was loaded.
type Result struct {
	MeetingID string
	// EarlierMeetingID is GRCP 6 (demonstration), the completed earlier
	// meeting whose outcome document is adopted and published.
	EarlierMeetingID string
	// PartnershipProposalID is GRCP 7's partnership proposal that the
	// secretariat made into a partnership (demonstration); the others are
	// left to turn.
	PartnershipProposalID string
	Logins                []Login
}

// SeedAgenda returns the GRCP 7 agenda as shipped.
func SeedAgenda() []byte { return bytes.Clone(seedAgenda) }

type partner struct {
	name, acronym string
	kind          domain.BodyKind
	region        string
	countries     string
}

var partners = []partner{
	{"Economic Commission for Africa", "ECA", domain.BodyUNRegionalComm, "Africa", ""},
	{"Economic Commission for Latin America and the Caribbean", "ECLAC", domain.BodyUNRegionalComm, "Latin America and the Caribbean", ""},
	{"Economic and Social Commission for Asia and the Pacific", "ESCAP", domain.BodyUNRegionalComm, "Asia and the Pacific", ""},
	{"Economic and Social Commission for Western Asia", "ESCWA", domain.BodyUNRegionalComm, "Western Asia", ""},
	{"Economic Commission for Europe", "ECE", domain.BodyUNRegionalComm, "Europe", ""},
	{"Economic Community of West African States", "ECOWAS", domain.BodyREO, "West Africa", "BJ BF CV CI GM GH GN GW LR ML NE NG SN SL TG"},
	{"Southern African Development Community", "SADC", domain.BodyREO, "Southern Africa", "AO BW KM CD SZ LS MG MW MU MZ NA SC ZA TZ ZM ZW"},
	{"International Organization for Migration", "IOM", domain.BodyIGO, "Global", ""},
	{"Migrant Rights Network (demo)", "", domain.BodyNGO, "Global", ""},
	{"Migration Policy Research Centre (demo)", "", domain.BodyAcademia, "Europe", ""},
	{"Fair Recruitment Business Alliance (demo)", "", domain.BodyPrivateSector, "Asia and the Pacific", ""},
	{"Kingdom of Morocco", "", domain.BodyState, "Middle East and North Africa", "MA"},
	{"Republic of the Philippines", "", domain.BodyState, "Asia and the Pacific", "PH"},
}

var groups = []struct{ name, region string }{
	{"Africa", "Africa"},
	{"Americas and the Caribbean", "Americas"},
	{"Asia and the Pacific", "Asia and the Pacific"},
	{"Europe and Central Asia", "Europe and Central Asia"},
	{"Middle East and North Africa", "Middle East and North Africa"},
	{"Inter-regional and global processes", "Global"},
}

// Load fills an empty database with the demo. params are the password
// hashing costs.
func Load(ctx context.Context, db *store.DB, params auth.Params) (*Result, error) {
	hash, err := auth.HashPassword(Password, params)
	if err != nil {
		return nil, err
	}
	mk := func(email, name string, admin bool) (*domain.User, error) {
		u := &domain.User{Email: email, Name: name, Admin: admin}
		if err := db.CreateUser(ctx, u, hash); err != nil {
			return nil, fmt.Errorf("demo: account %s: %w", email, err)
		}
		return u, nil
	}
	admin, err := mk("admin@demo.plenary.local", "Amina Admin", true)
	if err != nil {
		return nil, err
	}
	ctx = domain.NewContextWithActor(ctx, &domain.Actor{User: admin})
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		return nil, fmt.Errorf("demo: reference framework: %w", err)
	}

	bodies := map[string]*domain.Body{}
	sc := bufio.NewScanner(bytes.NewReader(iscms))
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 6 {
			continue
		}
		b := &domain.Body{Name: f[0], Acronym: f[1], Kind: mechanismKind(f[2]), Region: f[3], Secretariat: f[5]}
		b.Established, _ = strconv.Atoi(f[4])
		if err := applyMembership(b); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		if err := db.CreateBody(ctx, b); err != nil {
			return nil, fmt.Errorf("demo: body %s: %w", b.Name, err)
		}
		bodies[b.Label()] = b
	}
	for _, p := range partners {
		b := &domain.Body{Name: p.name, Acronym: p.acronym, Kind: p.kind, Region: p.region, Countries: strings.Fields(p.countries)}
		if err := applyMembership(b); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		if err := db.CreateBody(ctx, b); err != nil {
			return nil, fmt.Errorf("demo: body %s: %w", b.Name, err)
		}
		bodies[b.Label()] = b
	}

	proc := &domain.Process{Name: "ISCM contributions to the GCM",
		Description: "Inter-state consultation mechanisms on migration and their partners feed the Global Compact for Safe, Orderly and Regular Migration and follow up its implementation. (Demo content.)"}
	if err := db.CreateProcess(ctx, proc); err != nil {
		return nil, err
	}
	am, err := agenda.ParseBytes(seedAgenda)
	if err != nil {
		return nil, fmt.Errorf("demo: seed agenda: %w", err)
	}
	a := am.ToDomain()
	a.Meeting.ProcessID = proc.ID
	a.Meeting.Venue = "Geneva"
	a.Meeting.StartsOn, a.Meeting.EndsOn = "2017-10-10", "2017-10-11"
	if err := schedule(a, grcp7Times); err != nil {
		return nil, err
	}
	if err := db.CreateMeetingWithAgenda(ctx, a); err != nil {
		return nil, fmt.Errorf("demo: meeting: %w", err)
	}
	mid := a.Meeting.ID
	var gs []*domain.Group
	for _, g := range groups {
		dg := &domain.Group{MeetingID: mid, Name: g.name, Region: g.region}
		if err := db.CreateGroup(ctx, dg); err != nil {
			return nil, err
		}
		gs = append(gs, dg)
	}
	res := &Result{MeetingID: mid, Logins: []Login{{admin.Email, "instance administrator"}}}
	people := []struct {
		email, name string
		role        domain.Role
		body        string
		group       int // index in gs, -1 for none
		process     bool
	}{
		{"secretariat@demo.plenary.local", "Sofía Secretariat", domain.RoleSecretariat, "", -1, true},
		{"chair@demo.plenary.local", "Chen Chair", domain.RoleChair, "", -1, false},
		{"rapporteur@demo.plenary.local", "Rania Rapporteur", domain.RoleRapporteur, "MIDWA", 0, false},
		{"delegate@demo.plenary.local", "Dmitri Delegate", domain.RoleDelegate, "RCM", 1, false},
		{"delegate2@demo.plenary.local", "Fatou Delegate", domain.RoleDelegate, "MIDSA", 0, false},
		{"partner@demo.plenary.local", "Pierre Partner", domain.RolePartner, "ECA", 0, false},
		// A second breakout group with a rapporteur and two delegates, so
		// that the plenary brings together two groups that each vote, rank
		// and report.
		{"rapporteur2@demo.plenary.local", "Rafael Rapporteur", domain.RoleRapporteur, "SACM", 1, false},
		{"delegate3@demo.plenary.local", "Carmen Delegate", domain.RoleDelegate, "CMC", 1, false},
		{"observer@demo.plenary.local", "Olga Observer", domain.RoleObserver, "", -1, false},
	}
	for _, p := range people {
		u, err := mk(p.email, p.name, false)
		if err != nil {
			return nil, err
		}
		m := &domain.Membership{UserID: u.ID, ProcessID: proc.ID, Role: p.role}
		if !p.process {
			m.MeetingID = mid
		}
		if p.body != "" {
			b, ok := bodies[p.body]
			if !ok {
				return nil, fmt.Errorf("demo: no body %q", p.body)
			}
			m.BodyID = b.ID
		}
		if p.group >= 0 {
			m.GroupID = gs[p.group].ID
		}
		if err := db.AddMembership(ctx, m); err != nil {
			return nil, fmt.Errorf("demo: role of %s: %w", p.email, err)
		}
		res.Logins = append(res.Logins, Login{p.email, string(p.role)})
	}
	if err := loadContributions(ctx, db, mid); err != nil {
		return nil, err
	}
	if err := loadEndorsements(ctx, db, mid); err != nil {
		return nil, err
	}
	if err := loadSession3(ctx, db, mid, proc.ID, gs, bodies, mk, res); err != nil {
		return nil, err
	}
	if res.EarlierMeetingID, err = loadGRCP6(ctx, db, proc.ID, bodies); err != nil {
		return nil, err
	}
	if _, err := loadFollowUp(ctx, db, proc.ID, mid, res.EarlierMeetingID, bodies); err != nil {
		return nil, err
	}
	if res.PartnershipProposalID, err = loadPartnerships(ctx, db, proc.ID, mid, res.EarlierMeetingID, bodies); err != nil {
		return nil, err
	}
	if err := loadTranslations(ctx, db, mid, bodies); err != nil {
		return nil, err
	}
	return res, nil
}

func mechanismKind(s string) domain.BodyKind {
	switch s {
	case "RCP":
		return domain.BodyRCP
	case "IRF":
		return domain.BodyIRF
	default:
		return domain.BodyGlobalProcess
	}
}
