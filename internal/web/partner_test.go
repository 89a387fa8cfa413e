package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// badgeAfter reports whether the partner badge follows text in body
// before the end of its list item, row or paragraph.
func badgeAfter(body, text, badge string) (found, marked bool) {
	i := strings.Index(body, text)
	if i < 0 {
		return false, false
	}
	rest := body[i+len(text):]
	end := len(rest)
	for _, stop := range []string{"</li>", "</th>", "</dd>", "</p>"} {
		if j := strings.Index(rest, stop); j >= 0 && j < end {
			end = j
		}
	}
	if !strings.Contains(rest[:end], badge) {
		// The workspace puts the badges on the line under the text.
		if k := strings.Index(rest, `<p class="meta">`); k >= 0 && k == strings.Index(rest, "<p") {
			meta := rest[k:]
			if e := strings.Index(meta, "</p>"); e >= 0 {
				return true, strings.Contains(meta[:e], badge)
			}
		}
		return true, false
	}
	return true, true
}

// TestPartnerStatementsMarked checks that partners' statements, written
// by a partner or drawn from a partner's contribution, carry the
// "Partner" badge on every page that lists statements, and that the
// others do not; the badge never names the partner.
func TestPartnerStatementsMarked(t *testing.T) {
	t.Parallel()
	f, st := partnerFixture(t)
	for text, want := range map[string]bool{partnerWritten: true, partnerDrawn: true, mechanismDrawn: false, "Widen regular pathways.": false} {
		s := st[text]
		if s == nil {
			all, _ := f.db.Statements(context.Background(), f.ids["meeting"], f.ids["group"], "")
			for _, x := range all {
				if x.Text == text {
					s = x
				}
			}
		}
		if s == nil || s.ByPartner != want {
			t.Errorf("%q: by partner %v, want %v", text, s != nil && s.ByPartner, want)
		}
	}
	// A fresh member who voted on everything but the partner's statement
	// is shown it next, with its badge.
	f.joinGroup(t, "fresh", domain.RoleDelegate, "")
	all, err := f.db.Statements(context.Background(), f.ids["meeting"], f.ids["group"], "")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.MergedInto == "" && s.Text != partnerWritten {
			if rec := f.do(t, "fresh", "POST", "/statements/"+s.ID+"/vote", url.Values{"value": {"pass"}, "next": {"/"}}); rec.Code != http.StatusSeeOther {
				t.Fatalf("vote: %d", rec.Code)
			}
		}
	}
	const badge = `<span class="badge partner">`
	pages := []struct {
		name, role, path string
		before           func()
		badge            string
		marked, plain    []string
		lang, word       string
		above            bool // the badge is on the line above the text
	}{
		{"workspace", "rapporteur", "/groups/{group}?part={part}", nil, badge, []string{partnerWritten, partnerDrawn}, []string{mechanismDrawn}, "en", "Partner", false},
		{"workspace in French", "rapporteur", "/groups/{group}?part={part}", nil, badge, []string{partnerWritten}, nil, "fr", "Partenaire", false},
		{"voting page", "fresh", "/groups/{group}/vote?part={part}", nil, badge, []string{partnerWritten}, nil, "en", "Partner", true},
		{"live view", "rapporteur", "/groups/{group}/live", nil, badge, []string{partnerWritten, partnerDrawn}, []string{mechanismDrawn}, "ar", "شريك", false},
		{"ballot", "v1", "/groups/{group}/rank?part={part}", nil, badge, []string{partnerWritten, partnerDrawn}, []string{mechanismDrawn}, "en", "Partner", false},
		{"results", "observer", "/groups/{group}/results?part={part}", nil, badge, []string{partnerWritten, partnerDrawn}, []string{mechanismDrawn}, "es", "Socio", false},
		{"report", "observer", "/groups/{group}/report?part={part}", func() { submitFixtureReport(t, f) }, badge, []string{partnerWritten, partnerDrawn}, []string{mechanismDrawn}, "ru", "Партнёр", false},
		{"reports overview", "secretariat", "/meetings/{meeting}/reports", nil, badge, []string{partnerWritten, partnerDrawn}, []string{mechanismDrawn}, "zh", "合作伙伴", false},
		{"plenary", "observer", "/meetings/{meeting}/plenary?part={part}", nil, badge, []string{partnerWritten, partnerDrawn}, []string{mechanismDrawn}, "en", "Partner", false},
		{"provenance", "observer", "/meetings/{meeting}/overall/candidates/{candidate}", func() {
			c := &store.OverallCandidate{MeetingID: f.ids["meeting"], PartID: f.ids["part"], ThemeID: "t-partners", Text: "Partners and mechanisms together.",
				Statements: []string{st[partnerWritten].ID, st[partnerDrawn].ID, st[mechanismDrawn].ID}}
			if err := f.db.AddOverallCandidate(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			f.ids["candidate"] = c.ID
		}, badge, []string{partnerWritten, partnerDrawn}, []string{mechanismDrawn}, "en", "Partner", false},
		{"projector", "observer", "/meetings/{meeting}/projector?part={part}", nil, `<span class="p-badge p-partner">`, []string{partnerWritten, partnerDrawn}, []string{mechanismDrawn}, "en", "Partner", false},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			if p.before != nil {
				p.before()
			}
			rec := f.get(t, p.role, p.path, p.lang)
			body := rec.Body.String()
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, body)
			}
			if !strings.Contains(body, p.badge+p.word+"</span>") {
				t.Errorf("no badge reading %q", p.word)
			}
			for _, text := range p.marked {
				if p.above {
					if i, j := strings.Index(body, p.badge), strings.Index(body, text); i < 0 || j < i || strings.Contains(body[i:j], "</article>") {
						t.Errorf("%q is not under its badge", text)
					}
					continue
				}
				if found, marked := badgeAfter(body, text, p.badge); !found || !marked {
					t.Errorf("%q: shown %v, marked %v", text, found, marked)
				}
			}
			for _, text := range p.plain {
				if found, marked := badgeAfter(body, text, p.badge); !found || marked {
					t.Errorf("%q (a mechanism's): shown %v, marked %v", text, found, marked)
				}
			}
			if p.name == "workspace" && !strings.Contains(body, ">"+partnerWritten+" (Partner)</option>") {
				t.Error("the merge form's choices do not mark the partner's statement")
			}
			for _, name := range []string{"Migrant Help Network", "Nina Partner"} {
				// The workspace names authors and the provenance page the
				// inputs' bodies, with attribution; no other page does.
				if strings.Contains(body, name) && p.name != "workspace" && p.name != "workspace in French" && p.name != "provenance" {
					t.Errorf("the page names %q", name)
				}
			}
		})
	}
}

// TestPlenaryFromFilter: the plenary page reads partners' statements
// apart (?from=partners), or the mechanisms' and states' (?from=
// mechanisms), in every list, and counts partners' candidates.
func TestPlenaryFromFilter(t *testing.T) {
	t.Parallel()
	f, _ := partnerFixture(t)
	for _, c := range []struct {
		from        string
		want, never []string
	}{
		{"", []string{partnerWritten, partnerDrawn, mechanismDrawn, "Candidates from partners in this part: 2 of 3."}, nil},
		{"all", []string{partnerWritten, partnerDrawn, mechanismDrawn}, nil},
		{"partners", []string{partnerWritten, partnerDrawn, `<li value="1"`, `<li value="3"`, "partners only"}, []string{mechanismDrawn}},
		{"mechanisms", []string{mechanismDrawn, `<li value="2"`}, []string{partnerWritten, partnerDrawn, `class="badge partner"`}},
		{"nonsense", []string{partnerWritten, mechanismDrawn}, nil}, // an unknown filter shows everything
	} {
		t.Run(c.from, func(t *testing.T) {
			rec := f.get(t, "chair", "/meetings/{meeting}/plenary?part={part}&from="+c.from, "en")
			body := rec.Body.String()
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("lacks %q", w)
				}
			}
			// The edit forms offer every theme, whatever the filter.
			body = regexp.MustCompile(`(?s)<select.*?</select>`).ReplaceAllString(body, "")
			for _, w := range c.never {
				if i := strings.Index(body, w); i >= 0 {
					t.Errorf("shows %q: %s", w, body[max(0, i-300):i+100])
				}
			}
		})
	}
	// The projector takes the same filter, and its stream keeps it.
	rec := f.get(t, "observer", "/meetings/{meeting}/projector?part={part}&from=partners", "en")
	if body := rec.Body.String(); rec.Code != http.StatusOK || strings.Contains(body, mechanismDrawn) || !strings.Contains(body, partnerWritten) ||
		!strings.Contains(body, "from=partners") {
		t.Errorf("projector filtered by partners: %d", rec.Code)
	}
}

// TestPlenaryFollowUpPart: a part whose candidates are follow-up
// mechanisms says so on the plenary page and the projector.
func TestPlenaryFollowUpPart(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	set := store.DefaultRankingSettings(f.ids["part"])
	set.Candidates = store.CandidatesFollowUp
	if err := f.db.PutRankingSettings(f.adminCtx(t), set); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/meetings/{meeting}/plenary?part={part}", "/meetings/{meeting}/projector?part={part}"} {
		if body := f.get(t, "observer", path, "en").Body.String(); !strings.Contains(body, "No candidate follow-up mechanisms in this part yet.") {
			t.Errorf("%s does not speak of follow-up mechanisms", path)
		}
	}
	st := &domain.Statement{MeetingID: f.ids["meeting"], GroupID: f.ids["group"], PartID: f.ids["part"], Kind: domain.KindFollowUp, Lang: "en",
		Text: "Review the GCM every two years at the regional consultative process.", ByPartner: true}
	if err := f.db.CreateStatement(ctx, st); err != nil {
		t.Fatal(err)
	}
	body := f.get(t, "observer", "/meetings/{meeting}/plenary?part={part}", "fr").Body.String()
	if !strings.Contains(body, "Cinq mécanismes de suivi") || !strings.Contains(body, "parmi les mécanismes de suivi candidats") || !strings.Contains(body, st.Text) {
		t.Error("the plenary lacks the group's follow-up mechanisms")
	}
	if found, marked := badgeAfter(body, st.Text, `<span class="badge partner">`); !found || !marked {
		t.Errorf("the partner's follow-up mechanism: shown %v, marked %v", found, marked)
	}
}

// TestPlenaryColumnKeepsToItsPart: a group's live analysis covers its
// whole conversation, but a plenary column lists the agreement of the
// part it shows only (a session 3 statement stays out of session 2's).
func TestPlenaryColumnKeepsToItsPart(t *testing.T) {
	f, _ := partnerFixture(t)
	p := &domain.Part{SessionID: f.ids["session"], Title: "Partner engagement breakout", Kind: domain.PartBreakout}
	if err := f.db.CreatePart(f.adminCtx(t), p); err != nil {
		t.Fatal(err)
	}
	const other = "Invite partners to every meeting on GCM implementation."
	if rec := f.do(t, "v1", "POST", "/groups/{group}/statements", url.Values{"part": {p.ID}, "text": {other}, "kind": {"recommendation"}, "lang": {"en"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("add: %d", rec.Code)
	}
	sts, err := f.db.Statements(context.Background(), f.ids["meeting"], f.ids["group"], p.ID)
	if err != nil || len(sts) != 1 {
		t.Fatalf("%d statements in the new part: %v", len(sts), err)
	}
	st := sts[0]
	for _, who := range []string{"ngo", "rapporteur", "v1", "v2"} {
		if rec := f.do(t, who, "POST", "/statements/"+st.ID+"/vote", url.Values{"value": {"agree"}, "next": {"/"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("vote: %d", rec.Code)
		}
	}
	// The analysis runs after the votes: wait for it.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if body := f.get(t, "rapporteur", "/groups/{group}/live", "en").Body.String(); strings.Contains(body, other) {
			break
		}
		if time.Now().After(deadline) {
			b := f.get(t, "rapporteur", "/groups/{group}/live", "en").Body.String()
			t.Fatalf("the group's live view lacks the other part's statement: %s", b[strings.Index(b, "live-body"):])
		}
	}
	if body := f.get(t, "observer", "/meetings/{meeting}/plenary?part={part}", "en").Body.String(); strings.Contains(body, other) || !strings.Contains(body, partnerWritten) {
		t.Error("the first part's column lists another part's agreement")
	}
	if body := f.get(t, "observer", "/meetings/{meeting}/plenary?part="+p.ID, "en").Body.String(); !strings.Contains(body, other) || strings.Contains(body, partnerWritten) {
		t.Error("the second part's column does not keep to its part")
	}
	// Its counts too: the four who voted on its one statement, four votes.
	if body := f.get(t, "observer", "/meetings/{meeting}/projector?part="+p.ID, "en").Body.String(); !strings.Contains(body, "4 participants · 4 votes") {
		i := strings.Index(body, "p-count")
		t.Errorf("the second part's projector counts other parts' votes: %s", body[max(i, 0):min(max(i, 0)+120, len(body))])
	}
}
