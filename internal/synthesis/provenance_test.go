package synthesis_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
	"github.com/plenary-org/plenary/internal/themes"
)

// TestProvenance builds the whole chain of one overall recommendation and
// checks every number the provenance gives.
//
// Group Africa ranks its candidates A, B, C and D (D taken from a
// published contribution; X, a duplicate of A, was merged into A) with
// three ballots, A > D > B > C, D > A > B > C and A > D > C > B: A beats
// D, B and C; D beats B and C; B beats C (2 to 1). Africa submits its
// report, freezing A 1, D 2, B 3, C 4, all four in its five. Group Europe
// has one statement E (from the same contribution), no ballot and no
// report: provisionally 1 of 1. Votes: A agree, agree, disagree and X one
// agree, which the merge moves to A (A: 3 agree, 1 disagree); D agree and
// pass; E disagree.
//
// The plenary ranks two candidates: C1 (drawn from a theme that no longer
// exists, which the chair had renamed "Labour pathways"; statements D, X,
// E and one that no longer exists) and C2 (drawn from the theme that holds A now).
// Africa's two voters rank C1 > C2, Europe's one voter ranks them equal:
// with an equal say d[C1][C2] = 1 and d[C2][C1] = 0, so C1 is first of 2
// with 3 ballots. The chair confirms C2 then C1: C1 is confirmed second.
func TestProvenance(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	db, ctx, mid, part, svc := w.db, w.ctx, w.meeting, w.part, w.svc
	admin := w.admin.User
	actx := domain.NewContextWithActor(ctx, w.admin)
	body := &domain.Body{Name: "Secretive Body of Rabat", Kind: domain.BodyRCP, Region: "North Africa"}
	if err := db.CreateBody(actx, body); err != nil {
		t.Fatal(err)
	}
	author := w.users[3]
	k := &domain.Contribution{MeetingID: mid, Kind: domain.KindRecommendation, Status: domain.StatusPublished, Title: "Labour pathways in the Mediterranean",
		Text: "Regular pathways for labour migration should be widened.", BodyID: body.ID, AuthorID: author.ID, Lang: "en", Regions: []string{"North Africa"}}
	if err := db.CreateContribution(domain.NewContextWithActor(ctx, &domain.Actor{User: author}), k); err != nil {
		t.Fatal(err)
	}
	mk := func(group, text, source string) *domain.Statement {
		s := &domain.Statement{MeetingID: mid, GroupID: group, PartID: part, Kind: domain.KindRecommendation, Lang: "en", Text: text,
			SourceID: source, AuthorID: author.ID, BodyID: body.ID}
		if err := db.CreateStatement(ctx, s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	d := mk(w.group, "Widen regular pathways for labour migration between regions.", k.ID)
	x := mk(w.group, "Widen the regular pathways for labour migration.", "")
	e := mk(w.otherGroup, "Widen regular pathways for labour migration towards Europe.", k.ID)
	const gone = "s-deleted" // a statement that no longer exists
	t0 := time.UnixMilli(1_700_000_000_000).UTC()
	u := w.users
	writeVotes(t, db, ctx,
		domain.Vote{StatementID: w.a.ID, UserID: u[0].ID, Value: domain.Agree, At: t0},
		domain.Vote{StatementID: w.a.ID, UserID: u[1].ID, Value: domain.Agree, At: t0},
		domain.Vote{StatementID: w.a.ID, UserID: u[2].ID, Value: domain.Disagree, At: t0},
		domain.Vote{StatementID: x.ID, UserID: u[3].ID, Value: domain.Agree, At: t0},
		domain.Vote{StatementID: d.ID, UserID: u[0].ID, Value: domain.Agree, At: t0},
		domain.Vote{StatementID: d.ID, UserID: u[1].ID, Value: domain.Pass, At: t0},
		domain.Vote{StatementID: e.ID, UserID: u[2].ID, Value: domain.Disagree, At: t0},
	)
	if _, err := db.MergeStatements(domain.NewContextWithActor(ctx, &domain.Actor{User: u[0]}), w.a.ID, x.ID); err != nil {
		t.Fatal(err)
	}
	for i, ranks := range [][][]string{
		{{w.a.ID}, {d.ID}, {w.b.ID}, {w.c.ID}},
		{{d.ID}, {w.a.ID}, {w.b.ID}, {w.c.ID}},
		{{w.a.ID}, {d.ID}, {w.c.ID}, {w.b.ID}},
	} {
		b := w.ballot(i, rank.Schulze)
		b.Ranks = ranks
		if err := db.PutBallot(ctx, b, deliberation.CheckBallot); err != nil {
			t.Fatal(err)
		}
	}
	rep := &store.Report{MeetingID: mid, GroupID: w.group, PartID: part, Lang: "en",
		Texts: map[string]store.ReportText{"en": {FollowUp: "The Rabat Process.", RCPRole: "It convenes."}}}
	if err := db.SaveReport(ctx, rep); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SubmitReport(ctx, w.group, part, rep.Version, deliberation.Freeze); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddThemeEdit(ctx, mid, part, 0, themes.Edit{Op: themes.EditRename, Themes: []string{"t-gone"}, Label: "Labour pathways"}, nil); err != nil {
		t.Fatal(err)
	}
	pt, err := svc.PartThemes(ctx, w.admin, mid, part)
	if err != nil {
		t.Fatal(err)
	}
	var themeOfA themes.Theme
	for _, th := range pt.Result.Themes {
		for _, m := range th.Members {
			if m.ID == w.a.ID {
				themeOfA = th
			}
		}
	}
	if themeOfA.ID == "" {
		t.Fatalf("no theme holds A: %+v", pt.Result.Themes)
	}
	c1 := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "t-gone", Text: "Widen regular pathways for labour migration.",
		Statements: []string{d.ID, x.ID, e.ID, gone}}
	c2 := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: themeOfA.ID, Text: "Share migration data.", Statements: []string{w.a.ID}}
	for _, c := range []*store.OverallCandidate{c1, c2} {
		if err := db.AddOverallCandidate(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range []*store.OverallBallot{
		{UserID: u[0].ID, GroupID: w.group, Ranks: [][]string{{c1.ID}, {c2.ID}}},
		{UserID: u[1].ID, GroupID: w.group, Ranks: [][]string{{c1.ID}, {c2.ID}}},
		{UserID: u[2].ID, GroupID: w.otherGroup, Ranks: [][]string{{c1.ID, c2.ID}}},
	} {
		b.MeetingID, b.PartID = mid, part
		if err := db.PutOverallBallot(ctx, b, synthesis.CheckOverallBallot); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.ConfirmOverall(ctx, &store.OverallConfirmation{MeetingID: mid, PartID: part, Selected: []string{c2.ID, c1.ID}, ConfirmedBy: admin.ID}); err != nil {
		t.Fatal(err)
	}

	p, err := svc.Provenance(ctx, w.admin, mid, c1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Candidate.ID != c1.ID || p.Label != "R1" || !p.Confirmed || p.Place != 2 || p.ConfirmedAt == nil || p.Groups != 2 {
		t.Errorf("candidate: %+v", p)
	}
	if want := (synthesis.PlenaryPlace{Method: rank.Schulze, Position: 1, Value: 1, Status: rank.StatusIn, Candidates: 2, Ballots: 3}); p.Plenary != want {
		t.Errorf("plenary place = %+v, want %+v", p.Plenary, want)
	}
	if want := (synthesis.ProvenanceTheme{ID: "t-gone", Label: "Labour pathways", Edited: true}); p.Theme != want {
		t.Errorf("theme = %+v, want %+v", p.Theme, want)
	}
	africa := synthesis.GroupPlace{Submitted: true, Method: rank.Schulze, Status: rank.StatusIn, InFive: true, Candidates: 4, Ballots: 3}
	aPlace, dPlace := africa, africa
	aPlace.Position, dPlace.Position = 1, 2
	// Votes of fewer than three people show no figures (d's two, e's
	// one); a's four do.
	want := []synthesis.ProvenanceStmt{
		{ID: d.ID, Kind: domain.KindRecommendation, Text: d.Text, Lang: "en", GroupID: w.group, Group: "Africa", Counted: d.ID,
			Votes: synthesis.Votes{FewVoters: true}, Ranking: dPlace, Source: k.ID},
		{ID: x.ID, Kind: domain.KindRecommendation, Text: x.Text, Lang: "en", GroupID: w.group, Group: "Africa", MergedInto: w.a.ID,
			Counted: w.a.ID, CountedText: w.a.Text, CountedLang: "en", Votes: synthesis.Votes{Agree: 3, Disagree: 1}, Ranking: aPlace},
		{ID: e.ID, Kind: domain.KindRecommendation, Text: e.Text, Lang: "en", GroupID: w.otherGroup, Group: "Europe", Counted: e.ID,
			Votes: synthesis.Votes{FewVoters: true}, Ranking: synthesis.GroupPlace{Method: rank.Schulze, Position: 1, Status: rank.StatusIn, Candidates: 1}, Source: k.ID},
		{ID: gone, Missing: true},
	}
	if len(p.Statements) != len(want) {
		t.Fatalf("statements: %+v", p.Statements)
	}
	for i := range want {
		if p.Statements[i] != want[i] {
			t.Errorf("statement %d:\n got %+v\nwant %+v", i, p.Statements[i], want[i])
		}
	}
	if len(p.Inputs) != 1 {
		t.Fatalf("inputs: %+v", p.Inputs)
	}
	in := p.Inputs[0]
	if in.ID != k.ID || in.Title != k.Title || in.Text != k.Text || in.Status != domain.StatusPublished || !in.Attributed ||
		in.BodyID != body.ID || in.BodyName != body.Name || in.BodyKind != domain.BodyRCP || in.BodyRegion != "North Africa" ||
		!slices.Equal(in.Statements, []string{d.ID, e.ID}) || !slices.Equal(in.Regions, []string{"North Africa"}) {
		t.Errorf("input: %+v", in)
	}

	// The theme that still stands: its label now, C2's place, and the
	// statements it holds now (C2 was drawn when it held A alone), with
	// the input of E among them.
	p2, err := svc.Provenance(ctx, w.admin, mid, c2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !p2.Theme.Exists || p2.Theme.Label != themeOfA.Label || p2.Theme.SizeNow != len(themeOfA.Members) || p2.Theme.GroupsNow != len(themeOfA.Groups) ||
		len(p2.Statements) != len(themeOfA.Members) || p2.Place != 1 || p2.Label != "R2" || p2.Plenary.Position != 2 || p2.Plenary.Status != rank.StatusIn ||
		len(p2.Inputs) != 1 || p2.Inputs[0].ID != k.ID {
		t.Errorf("C2: %+v", p2)
	}

	// A contribution changed under the non-attribution rule (its author
	// translates it) stays unattributed: nobody learns its body or author,
	// and still not once the meeting attributes again.
	m, err := db.Meeting(ctx, mid)
	if err != nil {
		t.Fatal(err)
	}
	m.NonAttribution = true
	if err := db.UpdateMeeting(actx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutTranslation(domain.NewContextWithActor(ctx, &domain.Actor{User: author}), k.ID, k.Version,
		domain.Translation{Lang: "fr", Title: "Voies de migration de travail", Text: "Les voies régulières devraient être élargies."}); err != nil {
		t.Fatal(err)
	}
	if p, err = svc.Provenance(ctx, w.admin, mid, c1.ID); err != nil {
		t.Fatal(err)
	}
	// The body is the meeting's only participant: nothing describes it.
	in = p.Inputs[0]
	if in.Attributed || in.BodyID != "" || in.BodyName != "" || in.BodyKind != "" || in.BodyRegion != "" {
		t.Errorf("input without attribution, its body the only participant: %+v", in)
	}
	// Two more RCPs of North Africa contribute: three participants share
	// the kind and the region, which describe the body.
	for _, name := range []string{"Open Body of Rabat", "Open Body of Tunis"} {
		b := &domain.Body{Name: name, Kind: domain.BodyRCP, Region: "North Africa"}
		if err := db.CreateBody(actx, b); err != nil {
			t.Fatal(err)
		}
		c := &domain.Contribution{MeetingID: mid, Kind: domain.KindRecommendation, Title: "An input", Text: "A text.", BodyID: b.ID, Lang: "en"}
		if err := db.CreateContribution(actx, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, on := range []bool{true, false} {
		m, err := db.Meeting(ctx, mid)
		if err != nil {
			t.Fatal(err)
		}
		m.NonAttribution = on
		if err := db.UpdateMeeting(actx, m); err != nil {
			t.Fatal(err)
		}
		p, err = svc.Provenance(ctx, w.admin, mid, c1.ID)
		if err != nil {
			t.Fatal(err)
		}
		in = p.Inputs[0]
		if in.Attributed || in.BodyID != "" || in.BodyName != "" || in.BodyKind != domain.BodyRCP || in.BodyRegion != "North Africa" {
			t.Errorf("meeting's rule %v: input without attribution: %+v", on, in)
		}
		js, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{body.ID, body.Name, author.ID, author.Name, author.Email, u[0].ID, u[1].ID, u[2].ID, "author", "user"} {
			if strings.Contains(string(js), leak) {
				t.Errorf("meeting's rule %v: the provenance names %q without attribution: %s", on, leak, js)
			}
		}
	}

	// Unknown, and of another meeting.
	if _, err := svc.Provenance(ctx, w.admin, mid, "nope"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("unknown candidate: %v", err)
	}
	if _, err := svc.Provenance(ctx, w.admin, "another-meeting", c1.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("candidate asked through another meeting: %v", err)
	}
}

// TestProvenanceHidesWhatTheReaderMayNotRead: a contribution that is not
// published is left out of an observer's provenance, counted, and not even
// named by the statement taken from it; the secretariat reads it.
func TestProvenanceHidesWhatTheReaderMayNotRead(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := w.ctx
	author := w.users[3]
	k := &domain.Contribution{MeetingID: w.meeting, Kind: domain.KindRecommendation, Status: domain.StatusSubmitted, Title: "Pathways",
		Text: "Regular pathways for labour migration should be widened.", AuthorID: author.ID, Lang: "en"}
	if err := w.db.CreateContribution(domain.NewContextWithActor(ctx, &domain.Actor{User: author}), k); err != nil {
		t.Fatal(err)
	}
	st := &domain.Statement{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Kind: domain.KindRecommendation, Lang: "en",
		Text: "Widen the regular pathways.", SourceID: k.ID}
	if err := w.db.CreateStatement(ctx, st); err != nil {
		t.Fatal(err)
	}
	c := &store.OverallCandidate{MeetingID: w.meeting, PartID: w.part, ThemeID: "t1", Text: "Widen pathways.", Statements: []string{st.ID}}
	if err := w.db.AddOverallCandidate(ctx, c); err != nil {
		t.Fatal(err)
	}
	observer := &domain.Actor{User: w.users[0], Memberships: []domain.Membership{{ProcessID: w.process, MeetingID: w.meeting, Role: domain.RoleObserver}}}
	secretariat := &domain.Actor{User: w.users[1], Memberships: []domain.Membership{{ProcessID: w.process, Role: domain.RoleSecretariat}}}
	for _, tt := range []struct {
		name   string
		a      *domain.Actor
		inputs int
		hidden int
		source string
	}{
		{name: "observer", a: observer, hidden: 1},
		{name: "secretariat", a: secretariat, inputs: 1, source: k.ID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := w.svc.Provenance(ctx, tt.a, w.meeting, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Inputs) != tt.inputs || p.Hidden != tt.hidden || len(p.Statements) != 1 || p.Statements[0].Source != tt.source {
				t.Fatalf("%d inputs, %d hidden, statements %+v", len(p.Inputs), p.Hidden, p.Statements)
			}
		})
	}
	if _, err := w.svc.Provenance(ctx, nil, w.meeting, c.ID); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Fatalf("anonymous: %v", err)
	}
}
