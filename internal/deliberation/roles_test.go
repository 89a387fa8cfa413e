package deliberation

import (
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// TestRefusalsByRole asks every use case as every role and checks who is
// refused and how: anonymous actors must log in (EUNAUTHORIZED), those
// who may not see the meeting are told nothing exists (ENOTFOUND), and
// members of the meeting the role does not allow are refused
// (EFORBIDDEN). Those allowed get through the authorisation (what they
// ask may still be invalid or conflict with what others did before).
func TestRefusalsByRole(t *testing.T) {
	t.Parallel()
	const (
		ok   = ""
		anon = domain.EUNAUTHORIZED
		hid  = domain.ENOTFOUND
		no   = domain.EFORBIDDEN
	)
	// want lists the answer of each role, in the order of roles:
	// anonymous, outsider, observer, groupObserver, otherDelegate, chair,
	// delegate, partner, rapporteur, secretariat, admin.
	type row struct {
		name string
		call func(w *world, role string) error
		want [11]string
	}
	seeWork := [11]string{anon, hid, no, ok, no, no, ok, ok, ok, ok, ok}
	addStatement := [11]string{anon, hid, no, no, no, no, ok, ok, ok, ok, ok}
	vote := [11]string{anon, hid, no, no, no, no, ok, ok, ok, no, no}
	merge := [11]string{anon, hid, no, no, no, no, no, no, ok, ok, ok}
	manage := [11]string{anon, hid, no, no, no, no, no, no, no, ok, ok}
	meeting := [11]string{anon, hid, ok, ok, ok, ok, ok, ok, ok, ok, ok}
	tests := []row{
		{"the group's work", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.GroupWork(ctx, a, w.conv())
			return err
		}, seeWork},
		{"the workspace", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.Workspace(ctx, a, WorkspaceInput{GroupID: w.group, Lang: "en"})
			return err
		}, seeWork},
		{"the voting page", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.VoteQueue(ctx, a, w.conv())
			return err
		}, seeWork},
		{"the live view", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, _, err := w.svc.Live(ctx, a, w.group)
			return err
		}, seeWork},
		{"the statements", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.Statements(ctx, a, w.conv())
			return err
		}, seeWork},
		{"add a statement", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.AddStatement(ctx, a, StatementInput{GroupID: w.group, PartID: w.part, Kind: domain.KindRecommendation, Text: "Share data.", Lang: "en"})
			return err
		}, addStatement},
		{"draw from an input", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.Source(ctx, a, SourceInput{GroupID: w.group, SourceID: w.published.ID})
			return err
		}, addStatement},
		{"vote", func(w *world, role string) error {
			ctx, a := w.actor(role)
			return w.svc.Vote(ctx, a, VoteInput{StatementID: w.a.ID, Value: "agree"})
		}, vote},
		{"merge", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.Merge(ctx, a, MergeInput{GroupID: w.group, PartID: w.part, IntoID: w.a.ID, FromID: w.c.ID})
			return ignore(err, domain.EINVALID) // merged already by one let through before
		}, merge},
		{"undo a merge", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.UndoMerge(ctx, a, w.mergeOnce(t))
			return err
		}, merge},
		{"the ranking settings", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.RankingSettings(ctx, a, w.part)
			return err
		}, manage},
		{"set the ranking", func(w *world, role string) error {
			ctx, a := w.actor(role)
			set := store.DefaultRankingSettings(w.part)
			set.Version = -1 // a conflict for those let through, so that each finds the defaults
			return ignore(w.svc.PutRankingSettings(ctx, a, set), domain.ECONFLICT)
		}, manage},
		{"my ballot", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.Ballot(ctx, a, w.conv())
			return err
		}, vote},
		{"rank", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.PutBallot(ctx, a, BallotInput{ConversationInput: w.conv(), Method: rank.Schulze, Ranks: [][]string{{w.b.ID}, {w.a.ID}}})
			return err
		}, vote},
		{"the results", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.Results(ctx, a, w.conv())
			return err
		}, meeting},
		{"the report", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.Report(ctx, a, w.conv())
			return err
		}, meeting},
		{"write the report", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.SaveReport(ctx, a, ReportInput{ConversationInput: w.conv(), Lang: "en", Version: -1})
			return ignore(err, domain.ECONFLICT)
		}, merge},
		{"submit the report", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.SubmitReport(ctx, a, VersionInput{ConversationInput: w.conv(), Version: 1})
			return ignore(err, domain.ECONFLICT)
		}, merge},
		{"reopen the report", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.ReopenReport(ctx, a, VersionInput{ConversationInput: w.conv(), Version: 1})
			return ignore(err, domain.ECONFLICT)
		}, manage},
		{"the meeting's reports", func(w *world, role string) error {
			ctx, a := w.actor(role)
			_, err := w.svc.Reports(ctx, a, w.meeting)
			return err
		}, manage},
	}
	// Who may do what does not depend on what others did before: one
	// world serves every row.
	w := newWorld(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, role := range roles {
				err := tt.call(w, role)
				if got := domain.ErrorCode(err); err == nil && tt.want[i] != ok || err != nil && got != tt.want[i] {
					t.Errorf("%s: %v, want %q", role, err, tt.want[i])
				}
			}
		})
	}
}

// ignore returns nil for an error of one of codes: what those let through
// the authorisation may meet.
func ignore(err error, codes ...string) error {
	for _, c := range codes {
		if domain.ErrorCode(err) == c {
			return nil
		}
	}
	return err
}
