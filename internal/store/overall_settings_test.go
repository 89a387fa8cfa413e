package store_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// overallWorld is a rank world with a third group (Asia) and five voters:
// three in Africa, one in Europe, one in Asia; and three candidates X, Y,
// Z of the plenary.
type overallWorld struct {
	*rankWorld
	asia    string
	voters  []voter
	x, y, z string
}

type voter struct{ user, group string }

func newOverallWorld(t *testing.T) *overallWorld {
	t.Helper()
	w := &overallWorld{rankWorld: newRankWorld(t)}
	g := &domain.Group{MeetingID: w.meeting, Name: "Asia"}
	if err := w.db.CreateGroup(w.ctx, g); err != nil {
		t.Fatal(err)
	}
	w.asia = g.ID
	u := &domain.User{Email: "member4@example.org", Name: "Member 4"}
	if err := w.db.CreateUser(w.ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	users := append(slices.Clone(w.users), u)
	w.voters = []voter{{users[0].ID, w.group}, {users[1].ID, w.group}, {users[2].ID, w.group}, {users[3].ID, w.otherGroup}, {users[4].ID, w.asia}}
	var ids []string
	for i, text := range []string{"X: widen regular pathways.", "Y: share data.", "Z: fund reintegration."} {
		c := &store.OverallCandidate{MeetingID: w.meeting, PartID: w.part, ThemeID: fmt.Sprintf("t%d", i), Text: text}
		if err := w.db.AddOverallCandidate(w.ctx, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	w.x, w.y, w.z = ids[0], ids[1], ids[2]
	return w
}

func (w *overallWorld) setMethod(t *testing.T, m rank.Method) {
	t.Helper()
	cur, err := w.db.OverallSettings(w.ctx, w.meeting, w.part)
	if err != nil {
		t.Fatal(err)
	}
	cur.Method = m
	if err := w.db.PutOverallSettings(w.ctx, cur); err != nil {
		t.Fatal(err)
	}
}

// TestOverallSettings: the plenary method defaults to Schulze 0–5; it is
// saved with the version read (a stale form is a conflict) and audited;
// an unknown method or a bad range is refused; once a ballot is cast the
// method and the range are refused with the number of ballots (nothing is
// cleared), and once confirmed any change is refused.
func TestOverallSettings(t *testing.T) {
	t.Parallel()
	w := newOverallWorld(t)
	db, ctx := w.db, w.ctx
	s, err := db.OverallSettings(ctx, w.meeting, w.part)
	if err != nil || s.Method != rank.Schulze || s.ScoreMin != 0 || s.ScoreMax != 5 || s.Version != 0 || !s.Options().EqualSay {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	if _, err := db.OverallSettings(ctx, "nope", w.part); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("part of another meeting: %v", err)
	}
	for name, bad := range map[string]store.OverallSettings{
		"method": {Method: "plurality", ScoreMax: 5},
		"range":  {Method: rank.Score, ScoreMin: 3, ScoreMax: 3},
		"bounds": {Method: rank.Score, ScoreMin: -101, ScoreMax: 3},
	} {
		bad.MeetingID, bad.PartID = w.meeting, w.part
		if err := db.PutOverallSettings(ctx, &bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	set := &store.OverallSettings{MeetingID: w.meeting, PartID: w.part, Method: rank.Score, ScoreMin: 1, ScoreMax: 10}
	if err := db.PutOverallSettings(ctx, set); err != nil || set.Version != 1 {
		t.Fatalf("save: %v %d", err, set.Version)
	}
	stale := &store.OverallSettings{MeetingID: w.meeting, PartID: w.part, Method: rank.Borda, ScoreMax: 5}
	if err := db.PutOverallSettings(ctx, stale); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale: %v", err)
	}
	got, err := db.OverallSettings(ctx, w.meeting, w.part)
	if err != nil || got.Method != rank.Score || got.ScoreMin != 1 || got.ScoreMax != 10 || got.Version != 1 {
		t.Fatalf("read back: %+v %v", got, err)
	}
	evs, err := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "overall_settings", ObjectID: w.part})
	if err != nil || len(evs) != 1 || !strings.Contains(evs[0].After, `"score"`) {
		t.Fatalf("audit: %+v %v", evs, err)
	}
	// A ballot of another method is refused; one of the part's method is taken.
	v := w.voters[0]
	if err := db.PutOverallBallot(ctx, &store.OverallBallot{MeetingID: w.meeting, PartID: w.part, UserID: v.user, GroupID: v.group, Method: rank.Schulze, Ranks: [][]string{{w.x}}}, synthesis.CheckOverallBallot); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("ballot of another method: %v", err)
	}
	if err := db.PutOverallBallot(ctx, &store.OverallBallot{MeetingID: w.meeting, PartID: w.part, UserID: v.user, GroupID: v.group, Scores: map[string]float64{w.x: 11}}, synthesis.CheckOverallBallot); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("score out of range: %v", err)
	}
	if err := db.PutOverallBallot(ctx, &store.OverallBallot{MeetingID: w.meeting, PartID: w.part, UserID: v.user, GroupID: v.group}, synthesis.CheckOverallBallot); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("empty score ballot: %v", err)
	}
	b := &store.OverallBallot{MeetingID: w.meeting, PartID: w.part, UserID: v.user, GroupID: v.group, Scores: map[string]float64{w.x: 10, w.y: 1}}
	if err := db.PutOverallBallot(ctx, b, synthesis.CheckOverallBallot); err != nil || b.Method != rank.Score {
		t.Fatalf("score ballot: %v %s", err, b.Method)
	}
	mine, err := db.MyOverallBallot(ctx, w.part, v.user)
	if err != nil || mine.Method != rank.Score || mine.Scores[w.x] != 10 || mine.Ranks != nil || mine.Approved != nil {
		t.Fatalf("my ballot: %+v %v", mine, err)
	}
	// Locked: the method and the range are refused, naming the ballots.
	for name, change := range map[string]func(*store.OverallSettings){
		"method": func(s *store.OverallSettings) { s.Method = rank.Borda },
		"range":  func(s *store.OverallSettings) { s.ScoreMax = 7 },
	} {
		s := *got
		change(&s)
		err := db.PutOverallSettings(ctx, &s)
		var de *domain.Error
		if domain.ErrorCode(err) != domain.EINVALID || !asDomain(err, &de) || de.Field != "method" || !strings.Contains(de.Msg, "1 plenary ballots") {
			t.Errorf("%s after a ballot: %v", name, err)
		}
	}
	if bs, err := db.OverallBallots(ctx, w.meeting, w.part); err != nil || len(bs) != 1 {
		t.Fatalf("the ballot must survive a refused change: %+v %v", bs, err)
	}
	// The same settings saved again are fine (nothing changes).
	same := *got
	if err := db.PutOverallSettings(ctx, &same); err != nil {
		t.Fatalf("unchanged settings: %v", err)
	}
	if err := db.ConfirmOverall(ctx, &store.OverallConfirmation{MeetingID: w.meeting, PartID: w.part, Selected: []string{w.x, w.y, w.z}}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutOverallSettings(ctx, &same); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("settings after confirmation: %v", err)
	}
}

// TestOverallEqualSayEveryMethod counts, for every method, ballots from
// three groups of unequal size (Africa 3 voters, Europe 1, Asia 1) read
// back from the database, and compares with values computed by hand: in
// Africa each ballot weighs 1/3, in Europe and in Asia 1.
func TestOverallEqualSayEveryMethod(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method rank.Method
		// ballots per voter (Africa ×3, Europe, Asia), as the text format.
		ballots func(w *overallWorld) []store.OverallBallot
		// want: candidate -> exact value; order: the ranking.
		want  func(w *overallWorld) map[string]string
		order func(w *overallWorld) []string
		// byHead is the ranking without equal say, to show it differs.
		byHead func(w *overallWorld) []string
	}{
		{
			// Borda, 2/1/0 points. Africa X>Y>Z ×3: X 3×⅓×2 = 2, Y 1, Z 0.
			// Europe Y>Z>X: Y 2, Z 1. Asia Z>Y>X: Z 2, Y 1.
			// X 2, Y 4, Z 3: Y > Z > X. By head X 6, Y 6, Z 3.
			method: rank.Borda,
			ballots: func(w *overallWorld) []store.OverallBallot {
				a := [][]string{{w.x}, {w.y}, {w.z}}
				return []store.OverallBallot{{Ranks: a}, {Ranks: a}, {Ranks: a}, {Ranks: [][]string{{w.y}, {w.z}, {w.x}}}, {Ranks: [][]string{{w.z}, {w.y}, {w.x}}}}
			},
			want:   func(w *overallWorld) map[string]string { return map[string]string{w.x: "2", w.y: "4", w.z: "3"} },
			order:  func(w *overallWorld) []string { return []string{w.y, w.z, w.x} },
			byHead: func(w *overallWorld) []string { return []string{w.x, w.y, w.z} }, // X and Y tie at 6; X listed first
		},
		{
			// Approval. Africa {X} ×3: X 1. Europe {Y}: Y 1. Asia {Y, Z}:
			// Y 1, Z 1. X 1, Y 2, Z 1. By head X 3, Y 2, Z 1.
			method: rank.Approval,
			ballots: func(w *overallWorld) []store.OverallBallot {
				return []store.OverallBallot{{Approved: []string{w.x}}, {Approved: []string{w.x}}, {Approved: []string{w.x}}, {Approved: []string{w.y}}, {Approved: []string{w.y, w.z}}}
			},
			want:   func(w *overallWorld) map[string]string { return map[string]string{w.x: "1", w.y: "2", w.z: "1"} },
			order:  func(w *overallWorld) []string { return []string{w.y, w.x, w.z} },
			byHead: func(w *overallWorld) []string { return []string{w.x, w.y, w.z} },
		},
		{
			// Score 0–5, by sum. Africa X 5, 5, 4 and Y 0, 0, 1: X
			// (5+5+4)/3 = 14/3, Y 1/3. Europe X 0, Y 4. Asia X 1, Y 3, Z 2.
			// X 14/3 + 1 = 17/3, Y 1/3 + 7 = 22/3, Z 2. By head X 15, Y 8.
			method: rank.Score,
			ballots: func(w *overallWorld) []store.OverallBallot {
				sc := func(x, y float64) map[string]float64 { return map[string]float64{w.x: x, w.y: y} }
				return []store.OverallBallot{{Scores: sc(5, 0)}, {Scores: sc(5, 0)}, {Scores: sc(4, 1)}, {Scores: sc(0, 4)}, {Scores: map[string]float64{w.x: 1, w.y: 3, w.z: 2}}}
			},
			want:   func(w *overallWorld) map[string]string { return map[string]string{w.x: "17/3", w.y: "22/3", w.z: "2"} },
			order:  func(w *overallWorld) []string { return []string{w.y, w.x, w.z} },
			byHead: func(w *overallWorld) []string { return []string{w.x, w.y, w.z} },
		},
		{
			// Schulze. Africa X>Y ×3, Europe Y>X, Asia Y>X (Z unranked,
			// below). d[X][Y] = 3×⅓ = 1, d[Y][X] = 2: Y > X > Z. By head
			// d[X][Y] = 3 > 2.
			method: rank.Schulze,
			ballots: func(w *overallWorld) []store.OverallBallot {
				a := [][]string{{w.x}, {w.y}}
				b := [][]string{{w.y}, {w.x}}
				return []store.OverallBallot{{Ranks: a}, {Ranks: a}, {Ranks: a}, {Ranks: b}, {Ranks: b}}
			},
			want:   func(w *overallWorld) map[string]string { return map[string]string{w.x: "1", w.y: "2", w.z: "0"} },
			order:  func(w *overallWorld) []string { return []string{w.y, w.x, w.z} },
			byHead: func(w *overallWorld) []string { return []string{w.x, w.y, w.z} },
		},
	}
	for _, tt := range tests {
		t.Run(string(tt.method), func(t *testing.T) {
			w := newOverallWorld(t)
			w.setMethod(t, tt.method)
			for i, b := range tt.ballots(w) {
				b.MeetingID, b.PartID, b.UserID, b.GroupID = w.meeting, w.part, w.voters[i].user, w.voters[i].group
				if err := w.db.PutOverallBallot(w.ctx, &b, synthesis.CheckOverallBallot); err != nil {
					t.Fatalf("ballot %d: %v", i, err)
				}
			}
			set, err := w.db.OverallSettings(w.ctx, w.meeting, w.part)
			if err != nil {
				t.Fatal(err)
			}
			bs, err := w.db.OverallBallots(w.ctx, w.meeting, w.part)
			if err != nil || len(bs) != 5 {
				t.Fatalf("ballots: %d %v", len(bs), err)
			}
			ids := []string{w.x, w.y, w.z}
			res, err := rank.Tally(set.Method, ids, bs, set.Options())
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want(w)
			var order []string
			for _, c := range res.Candidates {
				order = append(order, c.ID)
				if c.Exact != want[c.ID] {
					t.Errorf("%s: %s, want %s", c.ID, c.Exact, want[c.ID])
				}
			}
			if !slices.Equal(order, tt.order(w)) {
				t.Errorf("order %v, want %v", order, tt.order(w))
			}
			if res.TotalWeight != 3 {
				t.Errorf("total weight %v, want 3 (one per group)", res.TotalWeight)
			}
			head, err := rank.Tally(set.Method, ids, bs, rank.Options{ScoreMin: 0, ScoreMax: 5})
			if err != nil {
				t.Fatal(err)
			}
			var headOrder []string
			for _, c := range head.Candidates {
				headOrder = append(headOrder, c.ID)
			}
			if !slices.Equal(headOrder, tt.byHead(w)) {
				t.Errorf("by head %v, want %v", headOrder, tt.byHead(w))
			}
			// Leaving Africa out: Europe and Asia keep a say of 1 each.
			rob, err := rank.LeaveOneOut(set.Method, ids, bs, 5, set.Options())
			if err != nil || len(rob.Groups) != 3 {
				t.Fatalf("robustness: %+v %v", rob, err)
			}
		})
	}
}

// TestOverallCandidateEdits: a candidate's text is edited with the version
// read (a stale edit is a conflict and changes nothing), removed with the
// version read, both audited; ballots that named a removed candidate drop
// it; both are refused once confirmed.
func TestOverallCandidateEdits(t *testing.T) {
	t.Parallel()
	w := newOverallWorld(t)
	db, ctx := w.db, w.ctx
	c, err := db.OverallCandidate(ctx, w.meeting, w.x)
	if err != nil || c.Version != 1 {
		t.Fatalf("candidate: %+v %v", c, err)
	}
	if _, err := db.OverallCandidate(ctx, "nope", w.x); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("another meeting's candidate: %v", err)
	}
	for name, tc := range map[string]struct {
		text    string
		version int
		code    string
	}{
		"empty":     {"  ", 1, domain.EINVALID},
		"too long":  {strings.Repeat("x", store.MaxOverallText+1), 1, domain.EINVALID},
		"stale":     {"Widen pathways.", 0, domain.ECONFLICT},
		"in future": {"Widen pathways.", 2, domain.ECONFLICT},
	} {
		if _, err := db.EditOverallCandidate(ctx, w.meeting, w.x, tc.text, tc.version); domain.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", name, err, tc.code)
		}
	}
	got, err := db.EditOverallCandidate(ctx, w.meeting, w.x, "  Widen   regular pathways for work. ", 1)
	if err != nil || got.Text != "Widen regular pathways for work." || got.Version != 2 {
		t.Fatalf("edit: %+v %v", got, err)
	}
	if _, err := db.EditOverallCandidate(ctx, w.meeting, w.x, "Someone else's older form.", 1); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second edit on the same version: %v", err)
	}
	if c, _ := db.OverallCandidate(ctx, w.meeting, w.x); c.Text != "Widen regular pathways for work." {
		t.Fatalf("a stale edit overwrote the text: %q", c.Text)
	}
	// Ballots name Y; removing it drops it from them.
	for i, v := range w.voters[:2] {
		b := &store.OverallBallot{MeetingID: w.meeting, PartID: w.part, UserID: v.user, GroupID: v.group, Ranks: [][]string{{w.y}, {w.x}}}
		if i == 1 {
			b.Ranks = [][]string{{w.y}}
		}
		if err := db.PutOverallBallot(ctx, b, synthesis.CheckOverallBallot); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RemoveOverallCandidate(ctx, w.meeting, w.y, 2); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("remove with a stale version: %v", err)
	}
	if err := db.RemoveOverallCandidate(ctx, w.meeting, w.y, 1); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveOverallCandidate(ctx, w.meeting, w.y, 1); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("remove twice: %v", err)
	}
	bs, err := db.OverallBallots(ctx, w.meeting, w.part)
	if err != nil || len(bs) != 2 {
		t.Fatalf("ballots: %+v %v", bs, err)
	}
	// The counter reads the ballots on the candidates that remain.
	bs = deliberation.OnCandidates([]string{w.x, w.z}, nil, bs)
	for _, b := range bs {
		for _, l := range b.Ranks {
			if slices.Contains(l, w.y) {
				t.Fatalf("a removed candidate is still on a ballot: %+v", b)
			}
		}
	}
	if _, err := rank.Tally(rank.Schulze, []string{w.x, w.z}, bs, rank.Options{EqualSay: true}); err != nil {
		t.Fatalf("tally after removal: %v", err)
	}
	for _, tc := range []struct{ action, id string }{{"update", w.x}, {"delete", w.y}} {
		evs, err := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "overall_candidate", ObjectID: tc.id})
		if err != nil || len(evs) == 0 || evs[0].Action != tc.action || evs[0].Before == "" {
			t.Fatalf("audit of %s: %+v %v", tc.action, evs, err)
		}
		var before store.OverallCandidate
		if err := json.Unmarshal([]byte(evs[0].Before), &before); err != nil || before.ID != tc.id {
			t.Fatalf("audit before: %s %v", evs[0].Before, err)
		}
	}
	if err := db.ConfirmOverall(ctx, &store.OverallConfirmation{MeetingID: w.meeting, PartID: w.part, Selected: []string{w.x, w.z}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EditOverallCandidate(ctx, w.meeting, w.x, "Late.", 2); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("edit after confirmation: %v", err)
	}
	if err := db.RemoveOverallCandidate(ctx, w.meeting, w.z, 1); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("remove after confirmation: %v", err)
	}
}
