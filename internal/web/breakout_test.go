package web

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/opinion"
	"github.com/plenary-org/plenary/internal/store"
)

func TestBreakoutRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.joinGroup(t, "groupobserver", domain.RoleObserver, "")
	f.joinGroup(t, "member", domain.RoleDelegate, "")
	f.joinGroup(t, "elsewhere", domain.RoleDelegate, f.addGroup(t, "Asia"))
	add := url.Values{"text": {"Fund return and reintegration."}, "kind": {"recommendation"}, "lang": {"en"}}
	tests := []struct {
		name, who, method, path string
		form                    url.Values
		want                    int
	}{
		{"an observer of the group reads the workspace", "groupobserver", "GET", "/groups/{group}", nil, http.StatusOK},
		{"an observer of the group cannot add a statement", "groupobserver", "POST", "/groups/{group}/statements", add, http.StatusForbidden},
		{"an observer of the group cannot vote", "groupobserver", "POST", "/statements/{statement}/vote", url.Values{"value": {"agree"}}, http.StatusForbidden},
		{"an observer of the group cannot merge", "groupobserver", "POST", "/groups/{group}/merges", url.Values{"into": {"{statement}"}, "from": {"{statement2}"}}, http.StatusForbidden},
		{"a member of another group cannot see the workspace", "elsewhere", "GET", "/groups/{group}", nil, http.StatusForbidden},
		{"a member of another group cannot see the live view", "elsewhere", "GET", "/groups/{group}/live", nil, http.StatusForbidden},
		{"a member of another group cannot add a statement", "elsewhere", "POST", "/groups/{group}/statements", add, http.StatusForbidden},
		{"a member of another group cannot vote", "elsewhere", "POST", "/statements/{statement}/vote", url.Values{"value": {"agree"}}, http.StatusForbidden},
		{"someone of another process is told nothing exists", "outsider", "GET", "/groups/{group}/vote", nil, http.StatusNotFound},
		{"a member cannot merge", "member", "POST", "/groups/{group}/merges", url.Values{"into": {"{statement}"}, "from": {"{statement2}"}}, http.StatusForbidden},
		{"a member cannot undo a merge", "member", "POST", "/merges/{merge}/undo", nil, http.StatusForbidden},
		{"a member adds a statement", "member", "POST", "/groups/{group}/statements", add, http.StatusSeeOther},
		{"a statement with no text is refused with a message", "member", "POST", "/groups/{group}/statements", url.Values{"text": {" "}, "kind": {"recommendation"}, "lang": {"en"}}, http.StatusUnprocessableEntity},
		{"an unknown part is refused", "member", "POST", "/groups/{group}/statements", url.Values{"text": {"X"}, "kind": {"recommendation"}, "lang": {"en"}, "part": {"nope"}}, http.StatusUnprocessableEntity},
		{"a statement cannot be drawn from a draft", "member", "POST", "/groups/{group}/statements", url.Values{"text": {"X"}, "kind": {"recommendation"}, "lang": {"en"}, "source": {"{draft}"}}, http.StatusUnprocessableEntity},
		{"a statement cannot be merged with another group's", "rapporteur", "POST", "/groups/{group}/merges", url.Values{"into": {"{statement}"}, "from": {"nope"}}, http.StatusUnprocessableEntity},
		{"the rapporteur merges", "rapporteur", "POST", "/groups/{group}/merges", url.Values{"into": {"{statement}"}, "from": {"{statement2}"}}, http.StatusSeeOther},
		{"the secretariat undoes a merge", "secretariat", "POST", "/merges/{merge}/undo", nil, http.StatusSeeOther},
		{"a merge is undone once", "rapporteur", "POST", "/merges/{merge}/undo", nil, http.StatusConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := f.do(t, tt.who, tt.method, tt.path, tt.form)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body.String())
			}
		})
	}
	st, err := f.db.Statement(context.Background(), f.ids["statement2"])
	if err != nil || st.MergedInto != f.ids["statement"] {
		t.Fatalf("after the rapporteur's merge: %+v, %v", st, err)
	}
}

func TestWorkspaceDrawsAStatementFromAnInputOfTheRegion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	g, err := f.db.Group(ctx, f.ids["group"])
	if err != nil {
		t.Fatal(err)
	}
	g.Region = "West Africa"
	if err := f.db.UpdateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	page := body(f.do(t, "rapporteur", "GET", "/groups/{group}", nil))
	for _, want := range []string{"Inputs of your region: West Africa", "A contribution recommendation", "Turn into a statement", "Which?", "Widen regular pathways."} {
		if !strings.Contains(page, want) {
			t.Errorf("the workspace lacks %q", want)
		}
	}
	if strings.Contains(page, "A submitted recommendation") || strings.Contains(page, "A draft recommendation") {
		t.Error("the workspace lists an unpublished input")
	}
	page = body(f.do(t, "rapporteur", "GET", "/groups/{group}?source={contribution}", nil))
	if !strings.Contains(page, "A contribution recommendation. Regular pathways for labour migration should be widened.</textarea>") ||
		!strings.Contains(page, `name="source" value="`+f.ids["contribution"]+`"`) {
		t.Fatalf("the form is not prefilled from the input:\n%s", page)
	}
	// Sent without a language, a French text is saved as French and the
	// page says so.
	rec := f.do(t, "rapporteur", "POST", "/groups/{group}/statements", url.Values{"text": {"Les voies de migration régulière doivent être élargies pour les travailleurs."},
		"kind": {"recommendation"}, "source": {"{contribution}"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	sts, err := f.db.Statements(ctx, f.ids["meeting"], f.ids["group"], "")
	if err != nil {
		t.Fatal(err)
	}
	last := sts[len(sts)-1]
	if last.Lang != "fr" || last.SourceID != f.ids["contribution"] || last.PartID != f.ids["part"] {
		t.Fatalf("statement saved as %+v", last)
	}
	var flash string
	for _, c := range rec.Result().Cookies() {
		if c.Name == flashCookie {
			flash = c.Value
		}
	}
	if flash != "statement.added_fr" {
		t.Errorf("flash = %q", flash)
	}
	page = body(f.do(t, "rapporteur", "GET", "/groups/{group}", nil))
	if !strings.Contains(page, "Already a statement") {
		t.Error("the input drawn into a statement is not marked")
	}
	// The statement's language is named, in that language.
	if !strings.Contains(page, `<span class="badge light" lang="fr" dir="auto">Français</span>`) {
		t.Error("the French statement's language is not named")
	}
}

// TestNonAttributionHidesStatementAuthors: a statement written while the
// meeting is held under the non-attribution rule is stored without its
// author, and no page or audit trail names them, also once the rule is
// switched off; a statement written before the rule or after it keeps its
// author.
func TestNonAttributionHidesStatementAuthors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	add := func(text string) *domain.Statement {
		t.Helper()
		if rec := f.do(t, "rapporteur", "POST", "/groups/{group}/statements", url.Values{"text": {text}, "kind": {"recommendation"}, "lang": {"en"}}); rec.Code != http.StatusSeeOther {
			t.Fatal(rec.Code)
		}
		sts, err := f.db.Statements(ctx, f.ids["meeting"], f.ids["group"], "")
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range sts {
			if st.Text == text {
				return st
			}
		}
		t.Fatalf("%q not stored", text)
		return nil
	}
	before := add("Regularise seasonal workers.")
	if before.AuthorID == "" {
		t.Fatalf("the rapporteur's statement is not stored with its author: %+v", before)
	}
	f.setNonAttribution(t, true)
	under := add("Protect seasonal workers.")
	if under.AuthorID != "" || under.BodyID != "" || !under.Unattributed {
		t.Fatalf("the statement written under the rule is stored with its author: %+v", under)
	}
	f.setNonAttribution(t, false)
	after := add("Inform seasonal workers.")
	rows := statementRows(body(f.do(t, "secretariat", "GET", "/meetings/{meeting}/audit", nil)))
	for _, st := range []*domain.Statement{before, under, after} {
		named := false
		for _, row := range rows {
			// The history names no identifiers; the author could only
			// show as the person who made the change.
			if strings.Contains(row, st.Text) && strings.Contains(row, ">Rapporteur<") {
				named = true
			}
		}
		if named != (st != under) {
			t.Errorf("%q: named in the audit trail %v, want %v", st.Text, named, st != under)
		}
	}
	for _, who := range []string{"secretariat", "admin", "rapporteur"} {
		for _, path := range []string{"/groups/{group}", "/groups/{group}/vote", "/groups/{group}/live"} {
			page := body(f.do(t, who, "GET", path, nil))
			if row := between(page, `<li id="s-`+under.ID+`">`, "</li>"); strings.Contains(row, "by Rapporteur") || strings.Contains(row, "by User") {
				t.Errorf("%s sees the author of a statement written under the rule on %s", who, path)
			}
		}
	}
	page := body(f.do(t, "secretariat", "GET", "/groups/{group}", nil))
	if !strings.Contains(between(page, `<li id="s-`+after.ID+`">`, "</li>"), "by Rapporteur") {
		t.Error("the statement written after the rule was switched off is not attributed")
	}
}

func TestVotingPageGoesThroughEveryStatement(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.joinGroup(t, "member", domain.RoleDelegate, "")
	ctx := context.Background()
	sts, err := f.db.Statements(ctx, f.ids["meeting"], f.ids["group"], "")
	if err != nil {
		t.Fatal(err)
	}
	var standing []*domain.Statement
	for _, st := range sts {
		if st.MergedInto == "" {
			standing = append(standing, st)
		}
	}
	seen := map[string]bool{}
	for i := range standing {
		page := body(f.do(t, "member", "GET", "/groups/{group}/vote", nil))
		if want := "You have voted on " + itoa64(int64(i)) + " of " + itoa64(int64(len(standing))) + " statements."; !strings.Contains(page, want) {
			t.Fatalf("progress: want %q in\n%s", want, page)
		}
		id := between(page, `action="/statements/`, `/vote"`)
		if id == "" || seen[id] {
			t.Fatalf("vote %d: statement %q shown (seen before: %v)", i, id, seen[id])
		}
		// Before any analysis, oldest first.
		if i == 0 && id != standing[0].ID {
			t.Errorf("first statement shown %s, want the oldest %s", id, standing[0].ID)
		}
		seen[id] = true
		rec := f.do(t, "member", "POST", "/statements/"+id+"/vote", url.Values{"value": {"agree"}, "next": {"/groups/{group}/vote"}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/groups/"+f.ids["group"]+"/vote" {
			t.Fatalf("vote: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
	}
	page := body(f.do(t, "member", "GET", "/groups/{group}/vote", nil))
	if !strings.Contains(page, "You have voted on every statement.") || !strings.Contains(page, `href="/groups/`+f.ids["group"]+`/live"`) {
		t.Fatalf("after every vote:\n%s", page)
	}
	// The secretariat follows the group but is told it does not vote.
	if page := body(f.do(t, "secretariat", "GET", "/groups/{group}/vote", nil)); !strings.Contains(page, "do not vote in it") {
		t.Error("the secretariat is not told it does not vote")
	}
}

// statementRows returns the rows of an audit page about statements.
func statementRows(page string) []string {
	var out []string
	for _, row := range strings.Split(page, "<tr>") {
		if strings.Contains(row, " · statement") {
			out = append(out, row)
		}
	}
	return out
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	j := strings.Index(s, b)
	if j < 0 {
		return ""
	}
	return s[:j]
}

// TestLiveViewShowsANewVoteWithinTwoSeconds opens the live view's event
// stream, votes, and waits for the snapshot that counts the vote.
func TestLiveViewShowsANewVoteWithinTwoSeconds(t *testing.T) {
	f := newFixture(t)
	f.joinGroup(t, "member", domain.RoleDelegate, "")
	srv := httptest.NewServer(f.h)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/groups/"+f.ids["group"]+"/live/events", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies["rapporteur"]})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("stream: %d %s", res.StatusCode, ct)
	}
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var b strings.Builder
		for sc.Scan() {
			line := sc.Text()
			if line == "" && b.Len() > 0 {
				events <- b.String()
				b.Reset()
			} else if data, ok := strings.CutPrefix(line, "data: "); ok {
				b.WriteString(data + "\n")
			}
		}
		close(events)
	}()
	// The first snapshot: no vote yet.
	select {
	case ev := <-events:
		if !strings.Contains(ev, "0 votes") {
			t.Fatalf("first snapshot:\n%s", ev)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no first snapshot within 3 s")
	}
	voted := time.Now()
	if rec := f.do(t, "member", "POST", "/statements/{statement}/vote", url.Values{"value": {"disagree"}, "next": {"/"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("vote: %d", rec.Code)
	}
	deadline := time.After(2*time.Second - time.Since(voted))
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("the stream ended")
			}
			if strings.Contains(ev, "1 vote") && strings.Contains(ev, "1 participant") {
				t.Logf("the live view showed the vote %v after it was acknowledged", time.Since(voted).Round(time.Millisecond))
				if strings.Contains(ev, "member@") || strings.Contains(ev, "User member") {
					t.Error("the live view names a voter")
				}
				return
			}
		case <-deadline:
			t.Fatal("the live view did not show the vote within 2 s")
		}
	}
}

// TestLivePageWithVotes renders the live page once there is an analysis:
// opinion groups, consensus and the figures of how sure it is, and no
// voter's name.
func TestLivePageWithVotes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	sts, err := f.db.Statements(ctx, f.ids["meeting"], f.ids["group"], "")
	if err != nil {
		t.Fatal(err)
	}
	w := f.db.NewVoteWriter(store.VoteWriterOptions{})
	for i := range 8 {
		u := f.joinGroup(t, "m"+itoa64(int64(i)), domain.RoleDelegate, "")
		for j, st := range sts {
			if st.MergedInto != "" {
				continue
			}
			v := domain.Agree
			if j%2 == 1 && i%2 == 1 {
				v = domain.Disagree
			}
			if err := w.Vote(ctx, domain.Vote{StatementID: st.ID, UserID: u.ID, Value: v}); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.Close()
	page := body(f.do(t, "secretariat", "GET", "/groups/{group}/live", nil))
	for _, want := range []string{"8 participants", "8 of 8 agree", "Opinion map", "<svg", "<circle", "What the group agrees on", "Widen regular pathways.", "How sure is this?", "What divides the group"} {
		if !strings.Contains(page, want) {
			t.Errorf("the live page lacks %q", want)
		}
	}
	if strings.Contains(page, "User m") {
		t.Error("the live page names a voter")
	}
}

// FuzzStatementFromInput checks that a statement drawn from any input is
// valid text within the statement limit.
func FuzzStatementFromInput(f *testing.F) {
	f.Add("Reduce remittance costs", "Costs fall when providers compete. More follows.")
	f.Add("", strings.Repeat("x", 5000))
	f.Add("短标题", "汇款费用应当降低。其他内容。")
	f.Add(strings.Repeat("é", 1200), "")
	f.Fuzz(func(t *testing.T, title, text string) {
		got := statementFromInput(&domain.Contribution{Title: title, Text: text})
		if !utf8.ValidString(got) && utf8.ValidString(title) && utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 from valid input: %q", got)
		}
		if n := utf8.RuneCountInString(got); n > domain.MaxStatement {
			t.Fatalf("%d characters, more than %d", n, domain.MaxStatement)
		}
		if utf8.ValidString(title) && strings.TrimSpace(title) != "" && !strings.HasPrefix(got, strings.TrimSpace(title)[:min(len(strings.TrimSpace(title)), 1)]) {
			t.Fatalf("the statement %q does not start with the title %q", got, title)
		}
	})
}

// TestLiveViewHidesSmallGroupsFigures checks that an opinion group of
// fewer than three people shows neither what sets it apart nor its side
// of a divisive statement, and that nothing in the view names a voter.
func TestLiveViewHidesSmallGroupsFigures(t *testing.T) {
	t.Parallel()
	gw := &groupWork{GroupWork: &deliberation.GroupWork{Group: &domain.Group{ID: "g"}, Meeting: &domain.Meeting{ID: "m"}}}
	snap := &live.Snapshot{Seq: 3, Participants: 7, Votes: 20,
		Statements:   []*domain.Statement{{ID: "s1", Seq: 1, Text: "One"}, {ID: "s2", Seq: 2, Text: "Two"}},
		StatementIDs: map[int64]string{1: "s1", 2: "s2"},
		Result: &opinion.Result{
			Participants: []opinion.ParticipantResult{{ID: 7, X: 1, Y: 0, Group: 0}, {ID: 3, X: -1, Y: 0, Group: 1}, {ID: 5, X: 0, Y: 1, Group: 2}},
			Groups: []opinion.Group{
				{ID: 0, Size: 4, Repness: []opinion.Repness{{Statement: 1, Direction: opinion.DirAgree, NSuccess: 4, NTrials: 4}}},
				{ID: 1, Size: 2, Repness: []opinion.Repness{{Statement: 2, Direction: opinion.DirDisagree, NSuccess: 2, NTrials: 2}}},
				{ID: 2, Size: 1, Repness: []opinion.Repness{{Statement: 1, Direction: opinion.DirDisagree, NSuccess: 1, NTrials: 1}}},
			},
			Divisive: []opinion.DivisiveStatement{{Statement: 1, Spread: 1.5, ByGroup: []float64{0.8, -0.9, -0.7}}, {Statement: 2, Spread: 1, ByGroup: []float64{0.5, -0.5, 0}}},
		}}
	v := buildLiveView(gw, snap)
	if len(v.Groups) != 3 || len(v.Groups[0].Typical) != 1 || v.Groups[1].Typical != nil || v.Groups[2].Typical != nil || !v.Groups[1].Small || v.Groups[0].Small {
		t.Fatalf("groups = %+v", v.Groups)
	}
	// Only group A is big enough: no "between" can be said.
	for _, d := range v.Divisive {
		if d.Most != "" || d.Least != "" || len(d.ByGroup) != 1 {
			t.Errorf("divisive %q shows small groups: %+v", d.Text, d)
		}
	}
	if len(v.Points) != 3 {
		t.Fatalf("%d points", len(v.Points))
	}
	for i := 1; i < len(v.Points); i++ {
		if v.Points[i].X < v.Points[i-1].X {
			t.Errorf("points are not in the map's order: %+v", v.Points)
		}
	}
}

// TestWorkspaceTotalsNeedThreeVoters: a statement's totals are shown once
// three people have voted on it; before, the workspace says there are
// too few voters and shows no figure.
func TestWorkspaceTotalsNeedThreeVoters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	w := f.db.NewVoteWriter(store.VoteWriterOptions{})
	vote := func(name string, v int) {
		t.Helper()
		u := f.joinGroup(t, name, domain.RoleDelegate, "")
		if err := w.Vote(ctx, domain.Vote{StatementID: f.ids["statement"], UserID: u.ID, Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	vote("v1", domain.Agree)
	vote("v2", domain.Disagree)
	page := body(f.do(t, "secretariat", "GET", "/groups/{group}", nil))
	if !strings.Contains(page, "Fewer than 3 voters: no figures") || strings.Contains(page, "1 agree · 1 disagree") {
		t.Fatalf("two voters: the workspace shows figures or no notice:\n%s", page)
	}
	vote("v3", domain.Agree)
	w.Close()
	page = body(f.do(t, "secretariat", "GET", "/groups/{group}", nil))
	if !strings.Contains(page, "2 agree · 1 disagree · 0 pass") {
		t.Fatalf("three voters: the workspace does not show the totals:\n%s", page)
	}
}
