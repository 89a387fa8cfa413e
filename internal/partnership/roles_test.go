package partnership_test

import (
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
)

// TestRoleMatrix asks every operation as every role: who reads (anyone in
// the process), who records, edits, turns proposals and sees suggestions
// (the secretariat of the process or of the meeting, administrators), and
// what others get (ENOTFOUND for a process they are not in, EFORBIDDEN for
// what their role does not do).
func TestRoleMatrix(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := w.partnership(t, "Observatory", []string{"budapest", "iom"}, "O1")
	ops := []struct {
		name string
		run  func(a *domain.Actor) error
		want map[string]string // by actor; absent: ""
	}{
		{"list", func(a *domain.Actor) error {
			_, err := w.svc.List(w.ctx, a, partnership.ListInput{ProcessID: w.process.ID})
			return err
		}, map[string]string{"outsider": domain.ENOTFOUND}},
		{"get", func(a *domain.Actor) error { _, err := w.svc.Get(w.ctx, a, p.ID); return err }, map[string]string{"outsider": domain.ENOTFOUND}},
		{"engagement", func(a *domain.Actor) error {
			_, err := w.svc.Engagement(w.ctx, a, partnership.EngagementInput{ProcessID: w.process.ID, BodyID: w.bodies["iom"].ID})
			return err
		}, map[string]string{"outsider": domain.ENOTFOUND}},
		{"create", func(a *domain.Actor) error {
			_, err := w.svc.Create(w.ctx, a, &domain.Partnership{ProcessID: w.process.ID, Title: "T", Purpose: "P", Phase: domain.PhasePreparation,
				Mechanism: domain.CollabOther, Parties: []string{w.bodies["eca"].ID, w.bodies["iom"].ID}})
			return err
		}, map[string]string{"meetsec": domain.EFORBIDDEN, "chair": domain.EFORBIDDEN, "budapest": domain.EFORBIDDEN, "iom": domain.EFORBIDDEN,
			"observer": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND}},
		{"update", func(a *domain.Actor) error {
			cur, err := w.db.Partnership(w.ctx, p.ID)
			if err != nil {
				return err
			}
			_, err = w.svc.Update(w.ctx, a, partnership.UpdateInput{ID: p.ID, Version: cur.Version, Title: cur.Title, Purpose: cur.Purpose, Phase: cur.Phase,
				Mechanism: cur.Mechanism, Status: cur.Status, Parties: cur.Parties})
			return err
		}, map[string]string{"meetsec": domain.EFORBIDDEN, "chair": domain.EFORBIDDEN, "budapest": domain.EFORBIDDEN, "iom": domain.EFORBIDDEN,
			"observer": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND}},
		// The proposal is GRCP 7's: GRCP 8's secretariat cannot read it.
		{"propose", func(a *domain.Actor) error { _, err := w.svc.Propose(w.ctx, a, w.proposal.ID); return err },
			map[string]string{"meetsec": domain.ENOTFOUND, "chair": domain.EFORBIDDEN, "budapest": domain.EFORBIDDEN, "iom": domain.EFORBIDDEN,
				"observer": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND}},
		{"match", func(a *domain.Actor) error { _, err := w.svc.Match(w.ctx, a, w.proposal.ID); return err },
			map[string]string{"meetsec": domain.ENOTFOUND, "chair": domain.EFORBIDDEN, "budapest": domain.EFORBIDDEN, "iom": domain.EFORBIDDEN,
				"observer": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND}},
		{"anonymous list", nil, nil},
	}
	for _, op := range ops {
		if op.run == nil {
			_, err := w.svc.List(w.ctx, nil, partnership.ListInput{ProcessID: w.process.ID})
			if code(err) != domain.EUNAUTHORIZED {
				t.Errorf("anonymous list = %v", err)
			}
			continue
		}
		for _, who := range []string{"secretariat", "meetsec", "chair", "budapest", "iom", "observer", "outsider", "admin"} {
			t.Run(op.name+"/"+who, func(t *testing.T) {
				if got := code(op.run(w.actors[who])); got != op.want[who] {
					t.Errorf("%s as %s = %q; want %q", op.name, who, got, op.want[who])
				}
			})
		}
	}
}
