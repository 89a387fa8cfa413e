package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
)

// Endorsement is a body's statement that a published good practice of
// another region is workable for a region, with the conditions it would
// take (funding, a change of law, …).
type Endorsement struct {
	ID             string
	MeetingID      string
	ContributionID string
	BodyID         string
	UserID         string // who last saved it, "" for the system and under the rule
	Region         string // the region it is workable for, as written
	RegionID       string // the region it refers to, "" when none is known
	Conditions     string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Version        int
	// Unattributed is set when the endorsement was made or changed while
	// its meeting was held under the non-attribution rule, and never
	// lifted: who saved it is then not kept, and only the body's own
	// delegates and partners see which body it is
	// ([domain.Actor.SeesEndorser]).
	Unattributed bool

	// Filled on reading.
	BodyName    string
	BodyAcronym string
	BodyKind    domain.BodyKind
	BodyRegion  string
}

// BodyLabel is the body's acronym when it has one, else its name.
func (e *Endorsement) BodyLabel() string {
	if e.BodyAcronym != "" {
		return e.BodyAcronym
	}
	return e.BodyName
}

// The refusals of an endorsement, each with a message for people.
var (
	ErrEndorseNotPractice  = domain.Errorf(domain.EINVALID, "endorse.error_not_practice", "only good practices can be endorsed")
	ErrEndorseNotPublished = domain.Errorf(domain.ECONFLICT, "endorse.error_not_published", "only published good practices can be endorsed")
	ErrEndorseExists       = domain.Errorf(domain.ECONFLICT, "endorse.error_exists", "your body has already endorsed this practice: edit that endorsement instead")
)

// MaxEndorseConditions is the longest the conditions may be, in characters.
const MaxEndorseConditions = domain.MaxText

const endorsementCols = `e.id, e.meeting_id, e.contribution_id, e.body_id, e.user_id, e.region, e.region_id, e.conditions, e.created_at, e.updated_at, e.version, e.unattributed, b.name, b.acronym, b.kind, b.region`

const endorsementFrom = ` FROM endorsements e JOIN bodies b ON b.id = e.body_id`

func scanEndorsement(r scanner) (*Endorsement, error) {
	e := &Endorsement{}
	var user sql.NullString
	var created, updated int64
	var kind string
	if err := r.Scan(&e.ID, &e.MeetingID, &e.ContributionID, &e.BodyID, &user, &e.Region, &e.RegionID, &e.Conditions, &created, &updated, &e.Version, &e.Unattributed,
		&e.BodyName, &e.BodyAcronym, &kind, &e.BodyRegion); err != nil {
		return nil, err
	}
	e.UserID, e.BodyKind = user.String, domain.BodyKind(kind)
	e.CreatedAt, e.UpdatedAt = fromMS(created), fromMS(updated)
	return e, nil
}

// Endorsement returns a body's endorsement of a contribution; ENOTFOUND
// when there is none.
func (db *DB) Endorsement(ctx context.Context, contributionID, bodyID string) (*Endorsement, error) {
	e, err := scanEndorsement(db.queryRow(ctx, `SELECT `+endorsementCols+endorsementFrom+` WHERE e.contribution_id = ? AND e.body_id = ?`, contributionID, bodyID))
	if err != nil {
		return nil, db.notFound(err, "endorsement")
	}
	return e, nil
}

// ContributionEndorsements returns every endorsement of a contribution, by
// region and then body name.
func (db *DB) ContributionEndorsements(ctx context.Context, contributionID string) ([]*Endorsement, error) {
	rows, err := db.query(ctx, `SELECT `+endorsementCols+endorsementFrom+` WHERE e.contribution_id = ? ORDER BY e.region, b.name, e.id`, contributionID)
	es, err := scanAll(rows, err, scanEndorsement)
	return es, db.mapErr(err)
}

// endorseTarget is what an endorsement's checks read about the practice.
type endorseTarget struct {
	meetingID string
	kind      domain.ContributionKind
	status    domain.Status
	regions   []regionRef
	index     *domain.RegionIndex
}

// regionRef is a region as written and the region it refers to.
type regionRef struct{ text, id string }

// sameRegion reports whether two regions are the same for the question
// "is this another region?": by the countries behind them
// ([domain.RegionIndex.SameRegion]) when both refer to a known region,
// else by their text.
func sameRegion(x *domain.RegionIndex, a, b regionRef) bool {
	if a.id != "" && b.id != "" {
		return x.SameRegion(a.id, b.id)
	}
	return strings.EqualFold(strings.TrimSpace(a.text), strings.TrimSpace(b.text))
}

// key is what distinct regions are counted by.
func (r regionRef) key() string {
	if r.id != "" {
		return r.id
	}
	return "text:" + strings.ToLower(strings.TrimSpace(r.text))
}

func (tx *Tx) endorseTarget(ctx context.Context, contributionID string) (*endorseTarget, error) {
	t := &endorseTarget{}
	var kind, status string
	err := tx.queryRow(ctx, `SELECT meeting_id, kind, status FROM contributions WHERE id = ?`, contributionID).Scan(&t.meetingID, &kind, &status)
	if err != nil {
		return nil, tx.db.notFound(err, "contribution")
	}
	t.kind, t.status = domain.ContributionKind(kind), domain.Status(status)
	rows, err := tx.query(ctx, `SELECT region, region_id FROM contribution_regions WHERE contribution_id = ? ORDER BY region`, contributionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r regionRef
		if err := rows.Scan(&r.text, &r.id); err != nil {
			return nil, err
		}
		t.regions = append(t.regions, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	switch {
	case t.kind != domain.KindGoodPractice:
		return nil, ErrEndorseNotPractice
	case t.status != domain.StatusPublished:
		return nil, ErrEndorseNotPublished
	}
	return t, nil
}

// validate checks an endorsement against its practice and body: the region
// defaults to the body's and must not be one of the practice's own, by the
// countries behind them (the Bali Process's Asia-Pacific is the Colombo
// Process's Asia and the Pacific).
func (e *Endorsement) validate(t *endorseTarget, body regionRef, res *regionResolver) error {
	var errs domain.Errors
	e.Region = strings.TrimSpace(e.Region)
	if e.Region == "" {
		e.Region, e.RegionID = strings.TrimSpace(body.text), body.id
	} else {
		e.RegionID = res.id(e.Region)
	}
	mine := regionRef{e.Region, e.RegionID}
	e.Conditions = strings.TrimSpace(e.Conditions)
	switch {
	case e.Region == "":
		errs = append(errs, domain.Invalid("region", "endorse.error_region", "say which region the practice is workable for"))
	case utf8.RuneCountInString(e.Region) > domain.MaxShort:
		errs = append(errs, domain.Invalid("region", "error.too_long", "must be at most %d characters", domain.MaxShort))
	case slices.ContainsFunc(t.regions, func(r regionRef) bool { return sameRegion(t.index, r, mine) }):
		errs = append(errs, domain.Invalid("region", "endorse.error_own_region",
			"this practice comes from %s: endorsements say which other regions could take it up", e.Region))
	}
	if utf8.RuneCountInString(e.Conditions) > MaxEndorseConditions {
		errs = append(errs, domain.Invalid("conditions", "error.too_long", "must be at most %d characters", MaxEndorseConditions))
	}
	if !utf8.ValidString(e.Region) || !utf8.ValidString(e.Conditions) {
		errs = append(errs, domain.Invalid("conditions", "error.encoding", "must be valid UTF-8 text"))
	}
	return errs.Err()
}

// PutEndorsement saves a body's endorsement of a published good practice
// (audited, by the actor of ctx): a new one when e.Version is 0, else the
// one read at e.Version (another version is a conflict). The region
// defaults to the body's. Who may endorse for the body is the caller's
// to check (package synthesis).
func (db *DB) PutEndorsement(ctx context.Context, e *Endorsement) error {
	return db.inTx(ctx, func(tx *Tx) error {
		t, err := tx.endorseTarget(ctx, e.ContributionID)
		if err != nil {
			return err
		}
		var body regionRef
		if err := tx.queryRow(ctx, `SELECT region, region_id FROM bodies WHERE id = ?`, e.BodyID).Scan(&body.text, &body.id); err != nil {
			return db.notFound(err, "body")
		}
		res, err := tx.regionResolver(ctx)
		if err != nil {
			return err
		}
		if t.index, err = db.RegionIndex(ctx); err != nil {
			return err
		}
		if err := e.validate(t, body, res); err != nil {
			return err
		}
		on, err := tx.underRule(ctx, t.meetingID)
		if err != nil {
			return err
		}
		now := db.nowMS()
		e.MeetingID = t.meetingID
		before, err := scanEndorsement(tx.queryRow(ctx, `SELECT `+endorsementCols+endorsementFrom+` WHERE e.contribution_id = ? AND e.body_id = ?`, e.ContributionID, e.BodyID))
		// An endorsement is the body's: under the rule, who saved it is
		// not kept.
		e.Unattributed, e.UserID = on || (before != nil && before.Unattributed), ""
		var userID any
		if tx.actor != nil && tx.actor.User != nil && !e.Unattributed {
			userID, e.UserID = tx.actor.User.ID, tx.actor.User.ID
		}
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if e.Version != 0 {
				return domain.Conflict("the endorsement")
			}
			e.ID, e.Version, e.CreatedAt, e.UpdatedAt = NewID(), 1, fromMS(now), fromMS(now)
			if _, err := tx.exec(ctx, `INSERT INTO endorsements (id, meeting_id, contribution_id, body_id, user_id, region, region_id, conditions, created_at, updated_at, version, unattributed)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`, e.ID, e.MeetingID, e.ContributionID, e.BodyID, userID, e.Region, e.RegionID, e.Conditions, now, now, e.Unattributed); err != nil {
				if domain.ErrorCode(db.mapErr(err)) == domain.ECONFLICT {
					return ErrEndorseExists
				}
				return err
			}
			return tx.auditRecord(ctx, record{unattributed: e.Unattributed}, "create", "endorsement", e.ID, e.MeetingID, nil, e.auditView())
		case err != nil:
			return err
		}
		if e.Version == 0 {
			return ErrEndorseExists
		}
		if before.Version != e.Version {
			return domain.Conflict("the endorsement")
		}
		if _, err := tx.exec(ctx, `UPDATE endorsements SET region = ?, region_id = ?, conditions = ?, user_id = ?, unattributed = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			e.Region, e.RegionID, e.Conditions, userID, e.Unattributed, now, before.ID); err != nil {
			return err
		}
		e.ID, e.CreatedAt, e.UpdatedAt, e.Version = before.ID, before.CreatedAt, fromMS(now), before.Version+1
		e.BodyName, e.BodyAcronym, e.BodyKind, e.BodyRegion = before.BodyName, before.BodyAcronym, before.BodyKind, before.BodyRegion
		return tx.auditRecord(ctx, record{unattributed: e.Unattributed}, "update", "endorsement", e.ID, e.MeetingID, before.auditView(), e.auditView())
	})
}

// auditView is what the audit trail keeps of an endorsement.
func (e *Endorsement) auditView() map[string]any {
	// The keys are the field names other audited objects use, so that
	// the body is left out under the non-attribution rule (auditRecord).
	return map[string]any{"ContributionID": e.ContributionID, "BodyID": e.BodyID, "Region": e.Region, "Conditions": e.Conditions, "Version": e.Version}
}

// DeleteEndorsement withdraws a body's endorsement of a contribution at
// the version read (audited). Withdrawing is allowed whatever the
// practice's state. Who may withdraw for the body is the caller's to
// check (package synthesis).
func (db *DB) DeleteEndorsement(ctx context.Context, contributionID, bodyID string, version int) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var meetingID string
		err := tx.queryRow(ctx, `SELECT meeting_id FROM contributions WHERE id = ?`, contributionID).Scan(&meetingID)
		if err != nil {
			return db.notFound(err, "contribution")
		}
		before, err := scanEndorsement(tx.queryRow(ctx, `SELECT `+endorsementCols+endorsementFrom+` WHERE e.contribution_id = ? AND e.body_id = ?`, contributionID, bodyID))
		if err != nil {
			return db.notFound(err, "endorsement")
		}
		if before.Version != version {
			return domain.Conflict("the endorsement")
		}
		if _, err := tx.exec(ctx, `DELETE FROM endorsements WHERE id = ?`, before.ID); err != nil {
			return err
		}
		on, err := tx.underRule(ctx, meetingID)
		if err != nil {
			return err
		}
		return tx.auditRecord(ctx, record{unattributed: on || before.Unattributed}, "delete", "endorsement", before.ID, meetingID, before.auditView(), nil)
	})
}

// EndorsedFilter narrows the list of endorsed practices.
type EndorsedFilter struct {
	Region   string              // the practice comes from this region
	By       string              // a body of this region endorses it
	Practice domain.PracticeType // the practice's type
	Limit    int                 // 20 when 0
	Offset   int
}

// EndorsedPractice is one row of the list: a practice with the
// endorsements of other regions.
type EndorsedPractice struct {
	Practice     *domain.Contribution
	Regions      int // distinct endorsing regions
	Bodies       int // endorsing bodies
	Endorsements []*Endorsement
}

// EndorsedPage is a page of endorsed practices and how many there are in
// all.
type EndorsedPage struct {
	Items []*EndorsedPractice
	Total int
}

// EndorsedPractices returns a meeting's published good practices that
// bodies of other regions endorse, ranked by the number of distinct
// endorsing regions, then of endorsing bodies, then the most recently
// published first. An endorsement for a region the practice has since
// been tagged with no longer counts.
func (db *DB) EndorsedPractices(ctx context.Context, meetingID string, f EndorsedFilter) (*EndorsedPage, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 20
	}
	f.Offset = max(f.Offset, 0)
	// The meeting's endorsements of published good practices and the
	// practices' own regions, ranked here: a meeting has at most some
	// thousands, and two plain reads rank them faster than grouping with
	// a region check per row on either engine.
	index, err := db.RegionIndex(ctx)
	if err != nil {
		return nil, err
	}
	q := `SELECT e.contribution_id, e.region, e.region_id, c.published_at FROM endorsements e JOIN contributions c ON c.id = e.contribution_id
		WHERE e.meeting_id = ? AND c.status = ? AND c.kind = ?`
	args := []any{meetingID, string(domain.StatusPublished), string(domain.KindGoodPractice)}
	if f.Practice != "" {
		q += ` AND c.practice_type = ?`
		args = append(args, string(f.Practice))
	}
	type tally struct {
		id        string
		published int64
		regions   []regionRef // endorsing regions, one entry per endorsement
	}
	tallies := map[string]*tally{}
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, db.mapErr(err)
	}
	for rows.Next() {
		var id string
		var region regionRef
		var published int64
		if err := rows.Scan(&id, &region.text, &region.id, &published); err != nil {
			rows.Close()
			return nil, db.mapErr(err)
		}
		t := tallies[id]
		if t == nil {
			t = &tally{id: id, published: published}
			tallies[id] = t
		}
		t.regions = append(t.regions, region)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.mapErr(err)
	}
	own := map[string][]regionRef{}
	rows, err = db.query(ctx, `SELECT cr.contribution_id, cr.region, cr.region_id FROM contribution_regions cr
		WHERE cr.contribution_id IN (SELECT e.contribution_id FROM endorsements e WHERE e.meeting_id = ?)`, meetingID)
	if err != nil {
		return nil, db.mapErr(err)
	}
	for rows.Next() {
		var id string
		var region regionRef
		if err := rows.Scan(&id, &region.text, &region.id); err != nil {
			rows.Close()
			return nil, db.mapErr(err)
		}
		own[id] = append(own[id], region)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.mapErr(err)
	}
	type ranked struct {
		id              string
		published       int64
		regions, bodies int
	}
	var list []ranked
	for id, t := range tallies {
		if f.Region != "" && !slices.ContainsFunc(own[id], func(r regionRef) bool { return r.text == f.Region }) {
			continue
		}
		var distinct []string
		bodies, by := 0, f.By == ""
		for _, r := range t.regions {
			if slices.ContainsFunc(own[id], func(o regionRef) bool { return sameRegion(index, o, r) }) {
				continue
			}
			bodies++
			by = by || r.text == f.By
			if !slices.Contains(distinct, r.key()) {
				distinct = append(distinct, r.key())
			}
		}
		if bodies == 0 || !by {
			continue
		}
		list = append(list, ranked{id: id, published: t.published, regions: len(distinct), bodies: bodies})
	}
	slices.SortFunc(list, func(a, b ranked) int {
		switch {
		case a.regions != b.regions:
			return b.regions - a.regions
		case a.bodies != b.bodies:
			return b.bodies - a.bodies
		case a.published != b.published:
			return cmp.Compare(b.published, a.published)
		}
		return strings.Compare(a.id, b.id)
	})
	out := &EndorsedPage{Total: len(list)}
	var ids []string
	byID := map[string]*EndorsedPractice{}
	for _, r := range list[min(f.Offset, len(list)):min(f.Offset+f.Limit, len(list))] {
		it := &EndorsedPractice{Regions: r.regions, Bodies: r.bodies}
		ids = append(ids, r.id)
		byID[r.id] = it
		out.Items = append(out.Items, it)
	}
	if len(ids) == 0 {
		return out, nil
	}
	cs, err := db.ContributionsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		byID[c.ID].Practice = c
	}
	args = make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	erows, err := db.query(ctx, `SELECT `+endorsementCols+endorsementFrom+` WHERE e.contribution_id IN (`+placeholders(len(ids))+`)
		ORDER BY e.region, b.name, e.id`, args...)
	es, err := scanAll(erows, err, scanEndorsement)
	if err != nil {
		return nil, db.mapErr(err)
	}
	for _, e := range es {
		r := regionRef{e.Region, e.RegionID}
		if slices.ContainsFunc(own[e.ContributionID], func(o regionRef) bool { return sameRegion(index, o, r) }) {
			continue // for one of the practice's own regions: it does not count
		}
		if it := byID[e.ContributionID]; it != nil {
			it.Endorsements = append(it.Endorsements, e)
		}
	}
	items := out.Items[:0]
	for _, it := range out.Items {
		if it.Practice != nil {
			items = append(items, it)
		}
	}
	out.Items = items
	return out, nil
}

// EndorsementRegions returns the regions the list of a meeting's endorsed
// practices can be filtered by: those of the endorsements and of the
// practices they endorse, sorted.
func (db *DB) EndorsementRegions(ctx context.Context, meetingID string) (from, by []string, err error) {
	rows, err := db.query(ctx, `SELECT DISTINCT cr.region FROM contribution_regions cr
		WHERE cr.contribution_id IN (SELECT e.contribution_id FROM endorsements e WHERE e.meeting_id = ?) ORDER BY cr.region`, meetingID)
	if from, err = scanAll(rows, err, scanString); err != nil {
		return nil, nil, db.mapErr(err)
	}
	rows, err = db.query(ctx, `SELECT DISTINCT region FROM endorsements WHERE meeting_id = ? ORDER BY region`, meetingID)
	if by, err = scanAll(rows, err, scanString); err != nil {
		return nil, nil, db.mapErr(err)
	}
	return from, by, nil
}

func scanString(r scanner) (string, error) {
	var s string
	err := r.Scan(&s)
	return s, err
}

// PracticeRegions are a practice's own regions, to tell an endorsement for
// another region from one for its own.
type PracticeRegions struct {
	own   []regionRef
	index *domain.RegionIndex
}

// PracticeRegions reads a contribution's regions and the regions' countries.
func (db *DB) PracticeRegions(ctx context.Context, contributionID string) (*PracticeRegions, error) {
	index, err := db.RegionIndex(ctx)
	if err != nil {
		return nil, err
	}
	p := &PracticeRegions{index: index}
	rows, err := db.query(ctx, `SELECT region, region_id FROM contribution_regions WHERE contribution_id = ? ORDER BY region`, contributionID)
	if p.own, err = scanAll(rows, err, func(r scanner) (regionRef, error) {
		var x regionRef
		return x, r.Scan(&x.text, &x.id)
	}); err != nil {
		return nil, db.mapErr(err)
	}
	return p, nil
}

// Own reports whether the region (as written, and the region it refers
// to) is one of the practice's own, by the countries behind them.
func (p *PracticeRegions) Own(text, id string) bool {
	r := regionRef{text, id}
	return slices.ContainsFunc(p.own, func(o regionRef) bool { return sameRegion(p.index, o, r) })
}

// Key is what distinct endorsing regions are counted by: the region
// referred to, else the text.
func (p *PracticeRegions) Key(text, id string) string { return regionRef{text, id}.key() }
