package followup_test

import (
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// TestRoleMatrix asks every operation on commitments and indicators as
// every role: who reads (anyone in the process), who makes and changes
// (the secretariat of the process, or of the commitment's meeting, and
// administrators), and what others get (ENOTFOUND for a process they are
// not in, EFORBIDDEN for what their role does not do, EUNAUTHORIZED when
// nobody is logged in).
func TestRoleMatrix(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// c is made at GRCP 8, whose secretariat manages it; d at GRCP 7, which
	// GRCP 8's secretariat only sees.
	c := w.commitment(t, "Data sharing", "budapest", func(c *domain.Commitment) { c.MeetingID = w.later.ID })
	d := w.commitment(t, "Pathways", "ecowas", func(c *domain.Commitment) { c.MeetingID = w.meeting.ID })
	fresh := func(id string) *domain.Commitment {
		cur, err := w.db.Commitment(w.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return cur
	}
	sec := w.actors["secretariat"]
	ind, err := w.svc.AddIndicator(w.ctx, sec, followup.IndicatorInput{CommitmentID: c.ID, Name: "Datasets shared"})
	if err != nil {
		t.Fatal(err)
	}
	forbidden := map[string]string{"chair": domain.EFORBIDDEN, "budapest": domain.EFORBIDDEN, "iom": domain.EFORBIDDEN,
		"observer": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND}
	// On d (GRCP 7), GRCP 8's secretariat is refused too.
	forbiddenD := map[string]string{"meetsec": domain.EFORBIDDEN}
	for k, v := range forbidden {
		forbiddenD[k] = v
	}
	ops := []struct {
		name string
		run  func(a *domain.Actor) error
		want map[string]string // by actor; absent: ""
	}{
		{"list", func(a *domain.Actor) error {
			_, err := w.svc.List(w.ctx, a, followup.ListInput{ProcessID: w.process.ID})
			return err
		}, map[string]string{"outsider": domain.ENOTFOUND}},
		{"get", func(a *domain.Actor) error { _, err := w.svc.Get(w.ctx, a, c.ID); return err }, map[string]string{"outsider": domain.ENOTFOUND}},
		{"indicator", func(a *domain.Actor) error { _, _, err := w.svc.Indicator(w.ctx, a, ind.ID); return err }, map[string]string{"outsider": domain.ENOTFOUND}},
		// GRCP 8's secretariat does not see GRCP 7.
		{"recommendations", func(a *domain.Actor) error { _, err := w.svc.Recommendations(w.ctx, a, w.meeting.ID); return err },
			map[string]string{"meetsec": domain.ENOTFOUND, "outsider": domain.ENOTFOUND}},
		{"create at GRCP 8", func(a *domain.Actor) error {
			_, err := w.svc.Create(w.ctx, a, &domain.Commitment{ProcessID: w.process.ID, MeetingID: w.later.ID, Title: "T", Text: "X", Lang: "en", OwnerBodyID: w.bodies["eca"].ID})
			return err
		}, forbidden},
		{"create at the process's level", func(a *domain.Actor) error {
			_, err := w.svc.Create(w.ctx, a, &domain.Commitment{ProcessID: w.process.ID, Title: "T", Text: "X", Lang: "en", OwnerBodyID: w.bodies["eca"].ID})
			return err
		}, forbiddenD},
		{"update", func(a *domain.Actor) error {
			cur := fresh(c.ID)
			_, err := w.svc.Update(w.ctx, a, followup.UpdateInput{ID: c.ID, Version: cur.Version, MeetingID: cur.MeetingID, Title: cur.Title, Text: cur.Text,
				Lang: cur.Lang, OwnerBodyID: cur.OwnerBodyID})
			return err
		}, forbidden},
		{"update at GRCP 7", func(a *domain.Actor) error {
			cur := fresh(d.ID)
			_, err := w.svc.Update(w.ctx, a, followup.UpdateInput{ID: d.ID, Version: cur.Version, MeetingID: cur.MeetingID, Title: cur.Title, Text: cur.Text,
				Lang: cur.Lang, OwnerBodyID: cur.OwnerBodyID})
			return err
		}, forbiddenD},
		{"change status", func(a *domain.Actor) error {
			cur := fresh(c.ID)
			next := domain.CommitmentOnTrack
			if cur.Status == next {
				next = domain.CommitmentAtRisk
			}
			_, err := w.svc.ChangeStatus(w.ctx, a, followup.StatusInput{ID: c.ID, Version: cur.Version, Status: next})
			return err
		}, forbidden},
		{"translate", func(a *domain.Actor) error {
			_, err := w.svc.PutTranslation(w.ctx, a, followup.TranslationInput{ID: c.ID, Lang: "fr", Title: "Partage", Text: "Partage des données."})
			return err
		}, forbidden},
		{"add indicator", func(a *domain.Actor) error {
			_, err := w.svc.AddIndicator(w.ctx, a, followup.IndicatorInput{CommitmentID: c.ID, Name: "Another"})
			return err
		}, forbidden},
		{"update indicator", func(a *domain.Actor) error {
			cur, err := w.db.Indicator(w.ctx, ind.ID)
			if err != nil {
				return err
			}
			_, err = w.svc.UpdateIndicator(w.ctx, a, followup.IndicatorInput{ID: ind.ID, Version: cur.Version, Name: cur.Name + "!"})
			return err
		}, forbidden},
		{"draft from a recommendation", func(a *domain.Actor) error {
			_, _, err := w.svc.DraftFromRecommendation(w.ctx, a, w.meeting.ID, w.rec)
			return err
		}, map[string]string{"meetsec": domain.ENOTFOUND, "chair": domain.EFORBIDDEN, "budapest": domain.EFORBIDDEN, "iom": domain.EFORBIDDEN,
			"observer": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND}},
		{"draft from a contribution", func(a *domain.Actor) error {
			_, _, err := w.svc.DraftFromContribution(w.ctx, a, w.pledge.ID)
			return err
		}, map[string]string{"meetsec": domain.ENOTFOUND, "chair": domain.EFORBIDDEN, "budapest": domain.EFORBIDDEN, "iom": domain.EFORBIDDEN,
			"observer": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND}},
		{"dependents", func(a *domain.Actor) error { _, _, err := w.svc.Dependents(w.ctx, a, c.ID); return err }, forbidden},
	}
	who := []string{"secretariat", "meetsec", "chair", "budapest", "iom", "observer", "outsider", "admin"}
	for _, op := range ops {
		for _, k := range who {
			t.Run(op.name+"/"+k, func(t *testing.T) {
				if got := code(op.run(w.actors[k])); got != op.want[k] {
					t.Errorf("%s as %s = %q; want %q", op.name, k, got, op.want[k])
				}
			})
		}
		t.Run(op.name+"/anonymous", func(t *testing.T) {
			if got := code(op.run(nil)); got != domain.EUNAUTHORIZED {
				t.Errorf("%s anonymously = %q; want %q", op.name, got, domain.EUNAUTHORIZED)
			}
		})
	}
	// Deleting last, each role on a commitment of its own.
	for _, k := range append(who, "anonymous") {
		t.Run("delete/"+k, func(t *testing.T) {
			x := w.commitment(t, "To delete by "+k, "iom", func(c *domain.Commitment) { c.MeetingID = w.later.ID })
			want := forbidden[k]
			if k == "anonymous" {
				want = domain.EUNAUTHORIZED
			}
			if got := code(w.svc.Delete(w.ctx, w.actors[k], x.ID, x.Version)); got != want {
				t.Errorf("delete as %s = %q; want %q", k, got, want)
			}
			if got := code(w.svc.DeleteIndicator(w.ctx, w.actors[k], ind.ID, 999)); want == "" && got != domain.ECONFLICT || want != "" && got != want {
				t.Errorf("delete indicator as %s = %q", k, got)
			}
		})
	}
}
