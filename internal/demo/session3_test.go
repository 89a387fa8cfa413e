package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// s3World is what the session 3 test reads of a loaded demo.
type s3World struct {
	parts  map[string]*domain.PartNode // by title
	groups map[string]*domain.Group    // by name
}

func readS3(t *testing.T, db *store.DB, meetingID string) s3World {
	t.Helper()
	ctx := context.Background()
	ag, err := db.Agenda(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	w := s3World{parts: map[string]*domain.PartNode{}, groups: map[string]*domain.Group{}}
	for _, sn := range ag.Sessions {
		for _, p := range sn.Parts {
			if sn.Number == 3 {
				w.parts[p.Title] = p
			}
		}
	}
	gs, err := db.Groups(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		w.groups[g.Name] = g
	}
	return w
}

// TestDemoSession3 checks that session 3 runs as session 2 does: its two
// parts are breakout parts, the follow-up part ranks follow-up mechanisms,
// groups have members, statements (partners' marked as theirs), votes,
// ballots and a submitted report, and session 2's groups are left alone.
func TestDemoSession3(t *testing.T) {
	db, res, _, _ := loadDemo(t)
	ctx := context.Background()
	w := readS3(t, db, res.MeetingID)
	fu, pe := w.parts[s3FollowUpPart], w.parts[s3PartnerPart]
	if fu == nil || pe == nil {
		t.Fatalf("session 3 parts: %v", w.parts)
	}
	for _, p := range []*domain.PartNode{fu, pe} {
		if p.Kind != domain.PartBreakout {
			t.Errorf("part %q is %s, want breakout", p.Title, p.Kind)
		}
	}
	global, asia := w.groups["Inter-regional and global processes"], w.groups["Asia and the Pacific"]
	tests := []struct {
		name               string
		group              *domain.Group
		part               *domain.PartNode
		set                store.CandidateSet
		candidates, byPart int
		ballots            int
		first              string // the tally's winner starts so
		submitted          bool
	}{
		{"global follow-up", global, fu, store.CandidatesFollowUp, 5, 3, 5, "Let each regional consultative process", true},
		{"asia follow-up", asia, fu, store.CandidatesFollowUp, 3, 1, 3, "Hold a yearly regional review", false},
		{"global partners", global, pe, store.CandidatesRecommendations, 6, 4, 5, "Build migration data capacity", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, set, err := db.Candidates(ctx, res.MeetingID, tt.group.ID, tt.part.ID)
			if err != nil {
				t.Fatal(err)
			}
			if set.Candidates != tt.set || len(cs) != tt.candidates {
				t.Fatalf("%d candidates of set %s, want %d of %s", len(cs), set.Candidates, tt.candidates, tt.set)
			}
			partners := 0
			for _, c := range cs {
				if c.ByPartner {
					partners++
				}
			}
			if partners != tt.byPart {
				t.Errorf("%d partners' candidates, want %d", partners, tt.byPart)
			}
			tl, err := deliberation.GroupTally(ctx, db, res.MeetingID, tt.group.ID, tt.part.ID)
			if err != nil {
				t.Fatal(err)
			}
			if tl.Ballots != tt.ballots {
				t.Errorf("%d ballots, want %d", tl.Ballots, tt.ballots)
			}
			winner := tl.Result.Candidates[0].ID
			i := slices.IndexFunc(cs, func(c *domain.Statement) bool { return c.ID == winner })
			if i < 0 || !strings.HasPrefix(cs[i].Text, tt.first) {
				t.Errorf("the tally's winner is %v, want one starting %q", winner, tt.first)
			}
			rep, err := db.Report(ctx, tt.group.ID, tt.part.ID)
			switch {
			case tt.submitted && err != nil:
				t.Fatal(err)
			case tt.submitted:
				if rep.Snapshot == nil || len(rep.Snapshot.Candidates) != tt.candidates {
					t.Fatalf("the report froze no ranking: %+v", rep)
				}
				n := 0
				for _, c := range rep.Snapshot.Candidates {
					if c.ByPartner {
						n++
					}
				}
				if n != tt.byPart {
					t.Errorf("the report froze %d partners' candidates, want %d", n, tt.byPart)
				}
			case domain.ErrorCode(err) != domain.ENOTFOUND:
				t.Errorf("a report that should not exist: %v", err)
			}
		})
	}
	// Session 2's groups have nothing of session 3, so that their live
	// counts are session 2's alone.
	for _, name := range []string{"Africa", "Americas and the Caribbean"} {
		sts, err := db.Statements(ctx, res.MeetingID, w.groups[name].ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(sts) != 0 {
			t.Errorf("%s has %d statements before anyone writes", name, len(sts))
		}
	}
	// The global group's live analysis agrees on a partner's statement.
	lv := live.New(db, live.Options{})
	defer lv.Close()
	snap, err := lv.Current(ctx, live.Key{Meeting: res.MeetingID, Group: global.ID})
	if err != nil {
		t.Fatal(err)
	}
	if snap.Participants != 5 || snap.Votes != 55 || snap.Result == nil {
		t.Fatalf("live analysis: %d participants, %d votes, result %v", snap.Participants, snap.Votes, snap.Result != nil)
	}
	agreed := map[string]bool{}
	for _, c := range snap.Result.Consensus.Agree {
		agreed[snap.StatementIDs[c.Statement]] = true
	}
	partnerAgreed := false
	for _, st := range snap.Statements {
		if agreed[st.ID] && st.ByPartner {
			partnerAgreed = true
		}
	}
	if !partnerAgreed {
		t.Error("the group agrees on no partner's statement")
	}
	// The new accounts are listed for the person who runs the demo.
	for _, email := range []string{"partner2@demo.plenary.local", "rapporteur3@demo.plenary.local", "partner5@demo.plenary.local"} {
		if !slices.ContainsFunc(res.Logins, func(l Login) bool { return l.Email == email }) {
			t.Errorf("no login %s", email)
		}
	}
}

// TestDemoSession3Deterministic loads the demo twice: session 3 reads the
// same and ranks the same.
func TestDemoSession3Deterministic(t *testing.T) {
	ctx := context.Background()
	var got [2][]string
	for i := range got {
		db := storetest.Open(t)
		res, err := Load(ctx, db, testParams)
		if err != nil {
			t.Fatal(err)
		}
		w := readS3(t, db, res.MeetingID)
		for _, g := range []string{"Inter-regional and global processes", "Asia and the Pacific"} {
			for _, p := range []string{s3FollowUpPart, s3PartnerPart} {
				tl, err := deliberation.GroupTally(ctx, db, res.MeetingID, w.groups[g].ID, w.parts[p].ID)
				if err != nil {
					t.Fatal(err)
				}
				text := map[string]string{}
				for _, c := range tl.Candidates {
					text[c.ID] = c.Text
				}
				for _, c := range tl.Result.Candidates {
					got[i] = append(got[i], g+"/"+p+": "+text[c.ID])
				}
			}
		}
	}
	if !slices.Equal(got[0], got[1]) {
		t.Errorf("two loads differ:\n%v\n%v", got[0], got[1])
	}
}
