package outcome_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
)

// TestOutcomeRoleMatrix asks every operation as every role and checks who
// is refused, and how: an outsider (a member of another meeting) gets
// not found, an anonymous visitor unauthorised, a member whose role does
// not allow it forbidden. The roles allowed are shown to get past the
// check (their own error, if any, is another rule's: a conflict of state).
func TestOutcomeRoleMatrix(t *testing.T) {
	w := newWorld(t, false)
	v := w.draft(t)
	mid := w.meeting.ID
	if _, err := w.svc.OpenRound(w.ctx, w.actors["secretariat"], outcome.RoundInput{MeetingID: mid, Version: 1, Deadline: w.clock.Add(time.Hour), Silence: true}); err != nil {
		t.Fatal(err)
	}
	block := firstParagraph(t, v.Text, "overall")
	am, err := w.svc.Propose(w.ctx, w.actors["budapest"], outcome.ProposeInput{MeetingID: mid, BlockID: block, Op: store.AmendDelete, Lang: "en", Justification: "j"})
	if err != nil {
		t.Fatal(err)
	}
	ref := outcome.AmendmentRef{MeetingID: mid, AmendmentID: am.ID, Version: 99} // a stale version: allowed roles get a conflict, changing nothing
	ops := map[string]func(a *domain.Actor) error{
		"status": func(a *domain.Actor) error { _, err := w.svc.Outcome(w.ctx, a, mid); return err },
		"text": func(a *domain.Actor) error {
			_, err := w.svc.Text(w.ctx, a, outcome.TextInput{MeetingID: mid})
			return err
		},
		"diff": func(a *domain.Actor) error {
			_, err := w.svc.Diff(w.ctx, a, outcome.DiffInput{MeetingID: mid, From: 1, To: 1})
			return err
		},
		"amendments": func(a *domain.Actor) error { _, err := w.svc.Amendments(w.ctx, a, mid); return err },
		"draft": func(a *domain.Actor) error {
			_, err := w.svc.Draft(w.ctx, a, outcome.DraftInput{MeetingID: mid})
			return err
		},
		"regenerate": func(a *domain.Actor) error {
			_, err := w.svc.Regenerate(w.ctx, a, outcome.SectionInput{MeetingID: mid, Key: "overall"})
			return err
		},
		"freeze": func(a *domain.Actor) error {
			_, err := w.svc.Freeze(w.ctx, a, outcome.SectionInput{MeetingID: mid, Key: "overall"})
			return err
		},
		"edit": func(a *domain.Actor) error {
			_, err := w.svc.Edit(w.ctx, a, outcome.EditInput{MeetingID: mid, Text: v.Text})
			return err
		},
		"open": func(a *domain.Actor) error {
			_, err := w.svc.OpenRound(w.ctx, a, outcome.RoundInput{MeetingID: mid, Deadline: w.clock.Add(time.Hour)})
			return err
		},
		"close": func(a *domain.Actor) error { _, err := w.svc.CloseRound(w.ctx, a, mid); return err },
		"propose": func(a *domain.Actor) error {
			_, err := w.svc.Propose(w.ctx, a, outcome.ProposeInput{MeetingID: mid, BlockID: block, Op: "?"})
			return err
		},
		"support": func(a *domain.Actor) error {
			_, err := w.svc.Support(w.ctx, a, outcome.SupportInput{MeetingID: mid, AmendmentID: "none"})
			return err
		},
		"withdraw": func(a *domain.Actor) error { _, err := w.svc.Withdraw(w.ctx, a, ref); return err },
		"break": func(a *domain.Actor) error {
			_, err := w.svc.BreakSilence(w.ctx, a, outcome.BreakInput{MeetingID: mid})
			return err
		},
		"decide": func(a *domain.Actor) error {
			_, err := w.svc.Decide(w.ctx, a, outcome.DecideInput{AmendmentRef: ref, Decision: outcome.Accept})
			return err
		},
		"adopt": func(a *domain.Actor) error {
			_, err := w.svc.Adopt(w.ctx, a, outcome.AdoptInput{MeetingID: mid, Version: 99})
			return err
		},
		"publish": func(a *domain.Actor) error {
			_, err := w.svc.Publish(w.ctx, a, outcome.PublishInput{MeetingID: mid, Publish: true})
			return err
		},
		"translate": func(a *domain.Actor) error {
			_, err := w.svc.PutTranslation(w.ctx, a, outcome.TranslationInput{MeetingID: mid, Lang: "xx"})
			return err
		},
		"meetings": func(a *domain.Actor) error { _, err := w.svc.Meetings(w.ctx, a); return err },
	}
	// Who gets past each operation's check; the others are refused.
	participants := []string{"secretariat", "chair", "rapporteur", "budapest", "ecowas", "iom", "admin"}
	drafters := []string{"secretariat", "admin"}
	delegations := []string{"budapest", "ecowas", "iom"}
	allowed := map[string][]string{
		"status": append([]string{"observer"}, participants...), "text": participants, "diff": participants, "amendments": participants,
		"draft": drafters, "regenerate": drafters, "freeze": drafters, "edit": drafters, "open": drafters, "close": drafters, "publish": drafters, "translate": drafters,
		"propose": delegations, "support": delegations, "break": delegations, "withdraw": {"budapest"},
		"decide": {"secretariat", "chair", "admin"}, "adopt": {"chair"},
		"meetings": {"secretariat", "chair", "rapporteur", "budapest", "ecowas", "iom", "admin", "observer", "outsider"},
	}
	refusals := map[string]string{domain.EUNAUTHORIZED: "", domain.ENOTFOUND: "", domain.EFORBIDDEN: ""}
	for op, run := range ops {
		for _, role := range []string{"secretariat", "chair", "rapporteur", "budapest", "ecowas", "iom", "observer", "outsider", "admin", "anonymous"} {
			t.Run(fmt.Sprintf("%s/%s", op, role), func(t *testing.T) {
				a := w.actors[role]
				err := run(a)
				c := code(err)
				want := domain.EFORBIDDEN
				switch {
				case role == "anonymous":
					want = domain.EUNAUTHORIZED
				case role == "outsider" && op != "meetings":
					want = domain.ENOTFOUND
				}
				for _, r := range allowed[op] {
					if r == role {
						if _, refused := refusals[c]; refused && !(c == domain.ENOTFOUND && (op == "support")) {
							t.Fatalf("refused: %v", err)
						}
						return
					}
				}
				if c != want {
					t.Fatalf("got %v, want %s", err, want)
				}
			})
		}
	}
	// The observer reads the adopted document, once adopted.
	if _, err := w.svc.Text(w.ctx, w.actors["observer"], outcome.TextInput{MeetingID: mid}); code(err) != domain.EFORBIDDEN {
		t.Fatalf("observer reads a draft: %v", err)
	}
}
