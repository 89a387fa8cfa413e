package partnership_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
)

// TestSourcesOnlyToThoseWhoMayReadThem: a partnership of GRCP 8 made
// from GRCP 7's proposal is read by GRCP 8's secretariat, who may not read
// GRCP 7's contributions: no list, page, engagement or export names those
// contributions (neither as sources nor as the proposal it was made from),
// and an edit by that secretariat keeps them.
func TestSourcesOnlyToThoseWhoMayReadThem(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	p := &domain.Partnership{ProcessID: w.process.ID, MeetingID: w.later.ID, Title: "Observatory", Purpose: "Data.", Phase: domain.PhaseImplementation,
		Mechanism: domain.CollabTechnical, Parties: []string{w.bodies["budapest"].ID, w.bodies["iom"].ID}, Contributions: []string{w.proposal.ID, w.data.ID}}
	if _, err := w.svc.Create(w.ctx, w.actors["secretariat"], p); err != nil {
		t.Fatal(err)
	}
	secret := []string{w.proposal.ID, w.data.ID}
	leaks := func(what string, v any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range secret {
			if bytes.Contains(b, []byte(id)) {
				t.Errorf("%s names contribution %s, which GRCP 8's secretariat may not read: %s", what, id, b)
			}
		}
	}
	meetsec := w.actors["meetsec"]
	l, err := w.svc.List(w.ctx, meetsec, partnership.ListInput{ProcessID: w.process.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Partnerships) != 1 {
		t.Fatalf("list: %d partnerships, want 1", len(l.Partnerships))
	}
	leaks("list", l.Partnerships)
	v, err := w.svc.Get(w.ctx, meetsec, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	leaks("page", v.Partnership)
	leaks("page's sources", v.Contributions)
	e, err := w.svc.Engagement(w.ctx, meetsec, partnership.EngagementInput{ProcessID: w.process.ID, BodyID: w.bodies["iom"].ID})
	if err != nil {
		t.Fatal(err)
	}
	leaks("engagement", e)
	for _, f := range []contribio.Format{contribio.CSV, contribio.JSON} {
		var buf bytes.Buffer
		if err := w.svc.Export(w.ctx, meetsec, partnership.ExportInput{ProcessID: w.process.ID, Format: f}, &buf); err != nil {
			t.Fatal(err)
		}
		for _, id := range secret {
			if strings.Contains(buf.String(), id) {
				t.Errorf("export %v names contribution %s", f, id)
			}
		}
	}
	// The process's secretariat reads them all.
	if v, err := w.svc.Get(w.ctx, w.actors["secretariat"], p.ID); err != nil || len(v.Partnership.Contributions) != 2 || len(v.Contributions) != 2 {
		t.Fatalf("the process's secretariat: %v, %+v", err, v)
	}
	// GRCP 8's secretariat edits what it sees; the sources it does not see stay.
	cur, err := w.svc.Get(w.ctx, meetsec, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	q := cur.Partnership
	if _, err := w.svc.Update(w.ctx, meetsec, partnership.UpdateInput{ID: q.ID, Version: q.Version, Title: "Observatory of routes", Purpose: q.Purpose,
		Phase: q.Phase, Mechanism: q.Mechanism, Status: q.Status, Parties: q.Parties, Contributions: q.Contributions}); err != nil {
		t.Fatalf("GRCP 8's secretariat edits its partnership: %v", err)
	}
	after, err := w.db.Partnership(w.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Title != "Observatory of routes" || !slices.Contains(after.Contributions, w.proposal.ID) || !slices.Contains(after.Contributions, w.data.ID) {
		t.Fatalf("after the edit: %q with sources %v, want both of GRCP 7's kept", after.Title, after.Contributions)
	}
}
