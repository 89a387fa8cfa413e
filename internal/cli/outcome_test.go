package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestMeetingsAndVerify lists meetings with their outcome's state and
// verifies files against the adopted version.
func TestMeetingsAndVerify(t *testing.T) {
	ctx := context.Background()
	url := storetest.MigratedURL(t)
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := &domain.Process{Name: "ISCM"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	m, other := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7", StartsOn: "2017-10-10"}, &domain.Meeting{ProcessID: p.ID, Title: "GRCP 8"}
	for _, x := range []*domain.Meeting{m, other} {
		if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: x}); err != nil {
			t.Fatal(err)
		}
	}
	text := domain.OutcomeText{Language: "en", Title: "Outcome", Sections: []domain.OutcomeSection{{Key: "k", Heading: "H", Blocks: []domain.OutcomeBlock{{ID: "p1", Kind: domain.BlockParagraph, Text: "One."}}}}}
	if _, _, err := db.CreateOutcome(ctx, m.ID, "en", text, "draft", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChangeOutcome(ctx, m.ID, "adopt", func(o *store.OutcomeTx) error {
		o.Doc.Status, o.Doc.AdoptedVersion, o.Doc.AdoptedHash, o.Doc.AdoptedAt = domain.OutcomeAdopted, 1, text.Hash(), o.Now()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, stderr := run(t, "", "meetings", "-db", url, "-format", "json")
	if code != 0 {
		t.Fatalf("meetings: %d %s", code, stderr)
	}
	var ms []struct{ ID, Title, Outcome string }
	if err := json.Unmarshal([]byte(out), &ms); err != nil || len(ms) != 2 {
		t.Fatalf("meetings: %v %s", err, out)
	}
	for _, x := range ms {
		want := map[string]string{m.ID: "adopted", other.ID: "none"}[x.ID]
		if x.Outcome != want {
			t.Errorf("%s: %s, want %s", x.Title, x.Outcome, want)
		}
	}
	if code, out, _ := run(t, "", "meetings", "-db", url); code != 0 || !strings.Contains(out, "adopted") || !strings.Contains(out, "2017-10-10") {
		t.Fatalf("meetings text: %d %s", code, out)
	}

	dir := t.TempDir()
	write := func(name string, v any) string {
		path := filepath.Join(dir, name)
		js, _ := json.Marshal(v)
		if s, ok := v.(string); ok {
			js = []byte(s)
		}
		if err := os.WriteFile(path, js, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	if code, out, _ := run(t, "", "outcome", "verify", "-db", url, write("adopted.json", text)); code != 0 || !strings.Contains(out, "is version 1") {
		t.Fatalf("verify adopted: %d %s", code, out)
	}
	changed := text
	changed.Title = "Outcome!"
	if code, out, _ := run(t, "", "outcome", "verify", "-db", url, write("changed.json", changed)); code != 1 || strings.Contains(out, "is version") {
		t.Fatalf("verify changed: %d %s", code, out)
	}
	if code, out, _ := run(t, "", "outcome", "verify", "-db", url, write("copy.md", "# Outcome\n\nHash: "+text.Hash()+"\n")); code != 1 || !strings.Contains(out, "names the content hash") {
		t.Fatalf("verify markdown: %d %s", code, out)
	}
}
