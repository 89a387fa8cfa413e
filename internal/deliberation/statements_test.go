package deliberation

import (
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/opinion"
	"github.com/plenary-org/plenary/internal/store"
)

func TestNextStatementFollowsPriority(t *testing.T) {
	t.Parallel()
	sts := []*domain.Statement{{ID: "a", Seq: 1}, {ID: "b", Seq: 2}, {ID: "c", Seq: 3}, {ID: "d", Seq: 4}}
	if got := nextStatement(sts, nil); got.ID != "a" {
		t.Errorf("without analysis: %s, want the oldest", got.ID)
	}
	if got := nextStatement(nil, nil); got != nil {
		t.Errorf("nothing left: %v", got)
	}
	snap := &live.Snapshot{Result: &opinion.Result{Statements: []opinion.StatementResult{{ID: 1, Priority: 0.2}, {ID: 2, Priority: 0.9}, {ID: 3, Priority: 0.5}}}}
	tests := []struct {
		name string
		todo []*domain.Statement
		want string
	}{
		{"a statement the analysis has not seen comes first", sts, "d"},
		{"then the highest priority", sts[:3], "b"},
		{"among those left", []*domain.Statement{sts[0], sts[2]}, "c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextStatement(tt.todo, snap); got.ID != tt.want {
				t.Fatalf("next = %s, want %s", got.ID, tt.want)
			}
		})
	}
}

// TestAddStatementSpeaksForTheGroupBody: a statement speaks for the body
// of its author's delegate or partner membership in the group, whatever
// they hold elsewhere; the language is told from the text when not given,
// and a statement whose language cannot be told is refused.
func TestAddStatementSpeaksForTheGroupBody(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// The rapporteur is also a delegate of the other group: that body is
	// not the one they speak for here.
	elsewhere := domain.Membership{UserID: w.actors["rapporteur"].User.ID, ProcessID: w.process, MeetingID: w.meeting, Role: domain.RoleDelegate,
		BodyID: w.state.ID, GroupID: w.otherGroup}
	if err := w.db.AddMembership(w.ctx, &elsewhere); err != nil {
		t.Fatal(err)
	}
	w.actors["rapporteur"].Memberships = append(w.actors["rapporteur"].Memberships, elsewhere)
	tests := []struct {
		name, role, text, lang, source string
		body                           string // "state", "ngo" or ""
		partner                        bool
		wantLang                       string
		field                          string // the field refused, "" when added
	}{
		{"a delegate speaks for their state", "delegate", "Share migration data.", "en", "", "state", false, "en", ""},
		{"a partner speaks for their organisation", "partner", "Fund language classes.", "en", "", "ngo", true, "en", ""},
		{"the rapporteur speaks for no body", "rapporteur", "Regularise seasonal workers.", "en", "", "", false, "en", ""},
		{"the secretariat speaks for no body", "secretariat", "Count returnees.", "en", "", "", false, "en", ""},
		{"drawn from a partner's input, a partner's statement", "delegate", "Fund language classes for migrants.", "en", "ngo", "state", true, "en", ""},
		{"drawn from a state's input, not", "rapporteur", "Widen regular pathways now.", "en", "published", "", false, "en", ""},
		{"the language told from the text", "delegate", "Les voies de migration régulière doivent être élargies pour les travailleurs.", "", "", "state", false, "fr", ""},
		{"a language that cannot be told", "delegate", "12345", "", "", "", false, "", "lang"},
		{"a language chosen is kept", "delegate", "Les voies régulières.", "es", "", "state", false, "es", ""},
		{"a source that is not a published input", "delegate", "Share data.", "en", "draft", "", false, "", "source"},
		{"no text", "delegate", " ", "en", "", "", false, "", "text"},
	}
	draft := &domain.Contribution{MeetingID: w.meeting, Kind: domain.KindRecommendation, Status: domain.StatusDraft, Title: "Draft", Text: "Draft.", Lang: "en"}
	if err := w.db.CreateContribution(w.ctx, draft); err != nil {
		t.Fatal(err)
	}
	sources := map[string]string{"ngo": w.ngoSource.ID, "published": w.published.ID, "draft": draft.ID}
	bodies := map[string]string{"state": w.state.ID, "ngo": w.ngo.ID}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, a := w.actor(tt.role)
			st, err := w.svc.AddStatement(ctx, a, StatementInput{GroupID: w.group, PartID: w.part, Kind: domain.KindRecommendation,
				Text: tt.text, Lang: tt.lang, SourceID: sources[tt.source]})
			if tt.field != "" {
				if !hasField(err, tt.field) {
					t.Fatalf("error %v, want one on %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := w.db.Statement(w.ctx, st.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.BodyID != bodies[tt.body] || got.ByPartner != tt.partner || got.Lang != tt.wantLang || got.AuthorID != a.User.ID ||
				got.PartID != w.part || got.SourceID != sources[tt.source] {
				t.Fatalf("stored %+v", got)
			}
		})
	}
}

// TestNonAttributionLeavesAuthorsOut: a statement added under the
// non-attribution rule is stored without author and body, and no reader
// names them, also once the meeting attributes again; one added before
// the rule keeps its author, one added after it is attributed again.
func TestNonAttributionLeavesAuthorsOut(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx, a := w.actor("delegate")
	add := func(text string) *domain.Statement {
		t.Helper()
		st, err := w.svc.AddStatement(ctx, a, StatementInput{GroupID: w.group, PartID: w.part, Kind: domain.KindRecommendation, Text: text, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	setRule := func(on bool) {
		t.Helper()
		m, err := w.db.Meeting(w.ctx, w.meeting)
		if err != nil {
			t.Fatal(err)
		}
		m.NonAttribution = on
		if err := w.db.UpdateMeeting(w.ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	before := add("Share data.")
	if before.BodyID != w.state.ID || before.AuthorID != a.User.ID || before.Unattributed {
		t.Fatalf("with attribution: %+v", before)
	}
	setRule(true)
	under := add("Fund reintegration.")
	if under.BodyID != "" || under.AuthorID != "" || !under.Unattributed {
		t.Fatalf("without attribution, the statement added: %+v", under)
	}
	if kept, err := w.db.Statement(w.ctx, under.ID); err != nil || kept.BodyID != "" || kept.AuthorID != "" || !kept.Unattributed {
		t.Fatalf("stored %+v, %v", kept, err)
	}
	setRule(false)
	after := add("Open pathways.")
	if after.BodyID != w.state.ID || after.AuthorID != a.User.ID || after.Unattributed {
		t.Fatalf("attributed again: %+v", after)
	}
	sctx, sec := w.actor("secretariat")
	list, err := w.svc.Statements(sctx, sec, w.conv())
	if err != nil {
		t.Fatal(err)
	}
	ws, err := w.svc.Workspace(sctx, sec, WorkspaceInput{GroupID: w.group, PartID: w.part, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	for _, sts := range [][]*domain.Statement{list.Items, ws.Standing} {
		seen := 0
		for _, st := range sts {
			if st.ID != before.ID && st.ID != under.ID && st.ID != after.ID {
				continue
			}
			seen++
			named := st.BodyID == w.state.ID && st.AuthorID == a.User.ID && ws.Authors[st.AuthorID].UserID == a.User.ID
			if named != (st.ID != under.ID) {
				t.Errorf("statement %q names %q, %q", st.Text, st.AuthorID, st.BodyID)
			}
		}
		if seen != 3 {
			t.Errorf("%d of the 3 statements read", seen)
		}
	}
}

// TestDraftReportIsForTheGroup: a draft report is read by the group's
// members and the secretariat only; once submitted, by anyone in the
// meeting.
func TestDraftReportIsForTheGroup(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx, rap := w.actor("rapporteur")
	rep, err := w.svc.SaveReport(ctx, rap, ReportInput{ConversationInput: w.conv(), Lang: "en",
		Texts: map[string]store.ReportText{"en": {FollowUp: "The Rabat Process.", RCPRole: "RCPs convene."}}})
	if err != nil {
		t.Fatal(err)
	}
	read := func(role string) *GroupReport {
		t.Helper()
		ctx, a := w.actor(role)
		g, err := w.svc.Report(ctx, a, w.conv())
		if err != nil {
			t.Fatalf("%s: %v", role, err)
		}
		return g
	}
	for role, sees := range map[string]bool{"groupObserver": true, "delegate": true, "secretariat": true, "observer": false, "otherDelegate": false, "chair": false} {
		if g := read(role); g.CanSee != sees || (g.Report != nil) != sees {
			t.Errorf("%s reads the draft: %v (report %v), want %v", role, g.CanSee, g.Report != nil, sees)
		}
	}
	if g := read("rapporteur"); !g.CanEdit || g.CanReopen {
		t.Errorf("the rapporteur: edit %v, reopen %v", g.CanEdit, g.CanReopen)
	}
	if _, err := w.svc.SubmitReport(ctx, rap, VersionInput{ConversationInput: w.conv(), Version: rep.Version}); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"observer", "otherDelegate", "chair"} {
		if g := read(role); !g.CanSee || !g.Submitted() || g.Report.Snapshot == nil {
			t.Errorf("%s does not read the submitted report", role)
		}
	}
	if g := read("rapporteur"); g.CanEdit {
		t.Error("the rapporteur still edits the submitted report")
	}
	if g := read("secretariat"); !g.CanReopen {
		t.Error("the secretariat may not reopen the report")
	}
}

// TestVoteNeedsTheLiveService: without the live service, votes are
// refused as unavailable rather than dropped, and the value is checked.
func TestVoteNeedsTheLiveService(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx, a := w.actor("delegate")
	if err := w.svc.Vote(ctx, a, VoteInput{StatementID: w.a.ID, Value: "maybe"}); !hasField(err, "value") {
		t.Fatalf("a bad value: %v", err)
	}
	if err := w.svc.Vote(ctx, a, VoteInput{StatementID: w.a.ID, Value: "agree"}); err != nil {
		t.Fatal(err)
	}
	voted, err := w.db.VotedStatements(w.ctx, w.meeting, w.group, a.User.ID)
	if err != nil || !voted[w.a.ID] {
		t.Fatalf("the vote is not on disk: %v, %v", voted, err)
	}
	off := New(w.db, nil)
	if err := off.Vote(ctx, a, VoteInput{StatementID: w.a.ID, Value: "agree"}); domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Fatalf("without the live service: %v", err)
	}
	if _, _, err := off.Live(ctx, a, w.group); domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Fatalf("the live view without the live service: %v", err)
	}
}

// TestGroupWorkPicksThePart: the part named must be a breakout part of
// the meeting; without one, the latest breakout part the group wrote in.
func TestGroupWorkPicksThePart(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx, a := w.actor("delegate")
	gw, err := w.svc.GroupWork(ctx, a, ConversationInput{GroupID: w.group})
	if err != nil || gw.PartID() != w.part || !gw.CanAdd || !gw.CanVote || gw.CanMerge {
		t.Fatalf("%+v, %v", gw, err)
	}
	if _, err := w.svc.GroupWork(ctx, a, ConversationInput{GroupID: w.group, PartID: w.plenaryPart}); !hasField(err, "part") {
		t.Fatalf("a plenary part: %v", err)
	}
	if _, err := w.svc.AddStatement(ctx, a, StatementInput{GroupID: w.group, PartID: w.plenaryPart, Kind: domain.KindRecommendation, Text: "Share data.", Lang: "en"}); !hasField(err, "part") {
		t.Fatalf("a statement in a plenary part: %v", err)
	}
}
