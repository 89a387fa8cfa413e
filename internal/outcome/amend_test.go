package outcome_test

import (
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
)

// TestAmendmentsMakeTheNextVersion: two delegations amend the same
// paragraph at the same moment; a third delegation supports one; the
// decisions (a conflicting acceptance refused) make the next version, and
// the difference shows exactly those changes.
func TestAmendmentsMakeTheNextVersion(t *testing.T) {
	w := newWorld(t, false)
	v1 := w.draft(t)
	mid := w.meeting.ID
	target := firstParagraph(t, v1.Text, "overall")
	other := firstParagraph(t, v1.Text, "session")
	sec, chair := w.actors["secretariat"], w.actors["chair"]

	if _, err := w.svc.Propose(w.ctx, w.actors["budapest"], outcome.ProposeInput{MeetingID: mid, BlockID: target, Op: store.AmendReplace, Text: "x", Lang: "en", Justification: "y"}); code(err) != domain.ECONFLICT {
		t.Fatalf("amend a closed draft: %v", err)
	}
	if _, err := w.svc.OpenRound(w.ctx, sec, outcome.RoundInput{MeetingID: mid, Version: 1, Deadline: w.clock.Add(-time.Hour)}); code(err) != domain.EINVALID {
		t.Fatalf("deadline in the past: %v", err)
	}
	if _, err := w.svc.OpenRound(w.ctx, sec, outcome.RoundInput{MeetingID: mid, Version: 1, Deadline: w.clock.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// The meeting's delegations are told, in the round's transaction.
	if ns, err := w.db.Notifications(w.ctx, store.NotificationFilter{UserID: w.actors["budapest"].User.ID}); err != nil || len(ns) != 1 || ns[0].Kind != "amendments_open" ||
		ns[0].Link != "/meetings/"+mid+"/outcome" {
		t.Fatalf("budapest's notifications: %+v, %v", ns, err)
	}
	if ns, _ := w.db.Notifications(w.ctx, store.NotificationFilter{UserID: sec.User.ID}); len(ns) != 0 {
		t.Fatalf("the secretariat was told of its own round: %+v", ns)
	}
	if _, err := w.svc.Edit(w.ctx, sec, outcome.EditInput{MeetingID: mid, Version: 1, Text: v1.Text}); code(err) != domain.ECONFLICT {
		t.Fatalf("edit while open: %v", err)
	}

	props := []outcome.ProposeInput{
		{MeetingID: mid, BlockID: target, Op: store.AmendReplace, Text: "Open regular and safe pathways for labour migration.", Lang: "en", Justification: "Safety matters."},
		{MeetingID: mid, BlockID: target, Op: store.AmendReplace, Text: "Ouvrir des voies régulières.", Lang: "fr", Justification: "Plus court."},
	}
	who := []string{"budapest", "ecowas"}
	got := make([]*store.OutcomeAmendment, 2)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range props {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = w.svc.Propose(w.ctx, w.actors[who[i]], props[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got[0].Number == got[1].Number {
		t.Fatalf("both numbered A%d", got[0].Number)
	}
	ins, err := w.svc.Propose(w.ctx, w.actors["iom"], outcome.ProposeInput{MeetingID: mid, BlockID: target, Op: store.AmendInsertAfter,
		Text: "Partners will report on progress every year.", Lang: "en", Justification: "Follow-up."})
	if err != nil {
		t.Fatal(err)
	}
	del, err := w.svc.Propose(w.ctx, w.actors["ecowas"], outcome.ProposeInput{MeetingID: mid, BlockID: other, Op: store.AmendDelete, Lang: "en", Justification: "Not needed."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Support(w.ctx, w.actors["budapest"], outcome.SupportInput{MeetingID: mid, AmendmentID: got[0].ID}); code(err) != domain.ECONFLICT {
		t.Fatalf("support own: %v", err)
	}
	sup, err := w.svc.Support(w.ctx, w.actors["iom"], outcome.SupportInput{MeetingID: mid, AmendmentID: got[0].ID})
	if err != nil || len(sup.Supports) != 1 || sup.Supports[0].BodyID != w.bodies["iom"].ID {
		t.Fatalf("support: %v %+v", err, sup)
	}

	if _, err := w.svc.CloseRound(w.ctx, sec, mid); code(err) != domain.ECONFLICT {
		t.Fatalf("close with undecided: %v", err)
	}
	decide := func(a *domain.Actor, am *store.OutcomeAmendment, d outcome.Decision, text, reason string) error {
		cur, err := w.svc.Amendments(w.ctx, sec, mid)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range cur.Amendments {
			if x.ID == am.ID {
				_, err = w.svc.Decide(w.ctx, a, outcome.DecideInput{AmendmentRef: outcome.AmendmentRef{MeetingID: mid, AmendmentID: am.ID, Version: x.Version},
					Decision: d, Text: text, Reason: reason})
				return err
			}
		}
		t.Fatalf("no amendment %s", am.ID)
		return nil
	}
	if err := decide(chair, got[0], outcome.Accept, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := decide(sec, got[1], outcome.Accept, "", ""); code(err) != domain.ECONFLICT {
		t.Fatalf("a second replacement of the same block: %v", err)
	}
	if err := decide(sec, got[1], outcome.Reject, "", ""); code(err) != domain.EINVALID {
		t.Fatalf("rejection without reason: %v", err)
	}
	if err := decide(sec, got[1], outcome.Reject, "", "Covered by A1."); err != nil {
		t.Fatal(err)
	}
	if err := decide(sec, ins, outcome.AcceptWithChanges, "Partners will report on progress every two years.", "Aligned with the review cycle."); err != nil {
		t.Fatal(err)
	}
	if err := decide(sec, del, outcome.Accept, "", ""); err != nil {
		t.Fatal(err)
	}
	d, err := w.svc.CloseRound(w.ctx, sec, mid)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != domain.OutcomeDraft || d.Latest != 2 {
		t.Fatalf("after the round: %s v%d", d.Status, d.Latest)
	}
	diff, err := w.svc.Diff(w.ctx, w.actors["rapporteur"], outcome.DiffInput{MeetingID: mid, From: 1, To: 2})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range diff.Difference.Blocks {
		kinds = append(kinds, string(c.Kind)+" "+c.ID)
		switch c.Kind {
		case outcome.Changed:
			if c.ID != target || c.New.Text != props[0].Text {
				t.Errorf("changed %+v", c)
			}
		case outcome.Added:
			if c.New.Text != "Partners will report on progress every two years." {
				t.Errorf("added %+v", c.New)
			}
		case outcome.Removed:
			if c.ID != other {
				t.Errorf("removed %s", c.ID)
			}
		default:
			t.Errorf("unexpected %s", c.Kind)
		}
	}
	if len(kinds) != 3 {
		t.Fatalf("changes %v", kinds)
	}
	rec, err := w.svc.Amendments(w.ctx, w.actors["iom"], mid)
	if err != nil {
		t.Fatal(err)
	}
	for _, am := range rec.Amendments {
		if am.Status == store.AmendmentProposed || am.ProposedBy != "" || (am.Status != store.AmendmentRejected && am.AppliedIn != 2) {
			t.Errorf("A%d: %s applied in %d by %q", am.Number, am.Status, am.AppliedIn, am.ProposedBy)
		}
		if rec.Bodies[am.BodyID] == "" {
			t.Errorf("A%d: body not named", am.Number)
		}
	}
}

// TestSilenceProcedure: unbroken, the round's version is adopted when the
// deadline has passed and the document is read, or when the server's
// periodic check runs (SettleAll, once); broken (with the record), it is
// not.
func TestSilenceProcedure(t *testing.T) {
	for _, c := range []struct{ broken, settle bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		w := newWorld(t, false)
		w.draft(t)
		mid := w.meeting.ID
		if _, err := w.svc.OpenRound(w.ctx, w.actors["secretariat"], outcome.RoundInput{MeetingID: mid, Version: 1, Deadline: w.clock.Add(time.Hour), Silence: true}); err != nil {
			t.Fatal(err)
		}
		if c.broken {
			if _, err := w.svc.BreakSilence(w.ctx, w.actors["ecowas"], outcome.BreakInput{MeetingID: mid, Reason: "Paragraph 3 needs work."}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.BreakSilence(w.ctx, w.actors["observer"], outcome.BreakInput{MeetingID: mid, Reason: "x"}); code(err) != domain.EFORBIDDEN {
			t.Fatalf("observer breaks silence: %v", err)
		}
		if ids, err := w.svc.SettleAll(w.ctx); err != nil || len(ids) != 0 {
			t.Fatalf("settled before the deadline: %v %v", ids, err)
		}
		o, err := w.svc.Outcome(w.ctx, w.actors["observer"], mid)
		if err != nil || o.Status != domain.OutcomeOpen {
			t.Fatalf("before the deadline: %v %v", err, o.Status)
		}
		w.clock = w.clock.Add(2 * time.Hour)
		if c.settle {
			ids, err := w.svc.SettleAll(w.ctx)
			if err != nil || slices.Contains(ids, mid) == c.broken {
				t.Fatalf("%+v: settled %v %v", c, ids, err)
			}
			if again, err := w.svc.SettleAll(w.ctx); err != nil || len(again) != 0 {
				t.Fatalf("settled twice: %v %v", again, err)
			}
		}
		o, err = w.svc.Outcome(w.ctx, w.actors["observer"], mid)
		if err != nil {
			t.Fatal(err)
		}
		want := domain.OutcomeAdopted
		if c.broken {
			want = domain.OutcomeOpen
			if o.Document.SilenceBody != w.bodies["ecowas"].ID || o.Document.SilenceReason == "" {
				t.Fatalf("record %+v", o.Document)
			}
		}
		if o.Status != want {
			t.Fatalf("%+v: %s, want %s", c, o.Status, want)
		}
		if !c.broken && (o.Document.AdoptedVersion != 1 || o.AdoptedHash == "" || o.Document.AdoptedBy != "") {
			t.Fatalf("adopted by silence %+v", o.Document)
		}
	}
}

// TestPublicationAndTranslations: an adopted document is translated
// block by block, published by choice, and then read without an account,
// in a language, with what is translated and what is stale.
func TestPublicationAndTranslations(t *testing.T) {
	w := newWorld(t, false)
	v := w.draft(t)
	mid := w.meeting.ID
	p := firstParagraph(t, v.Text, "overall")
	if _, err := w.svc.PutTranslation(w.ctx, w.actors["secretariat"], outcome.TranslationInput{MeetingID: mid, Lang: "fr", Version: 1, Status: store.TranslationMachine,
		Blocks: []outcome.BlockText{{ID: "title", Text: "Document final"}, {ID: p, Text: "Ouvrir des voies régulières."}}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		in   outcome.TranslationInput
		code string
	}{
		{outcome.TranslationInput{MeetingID: mid, Lang: "en", Version: 1, Status: store.TranslationMachine, Blocks: []outcome.BlockText{{ID: p, Text: "x"}}}, domain.EINVALID},
		{outcome.TranslationInput{MeetingID: mid, Lang: "fr", Version: 1, Status: "guess", Blocks: []outcome.BlockText{{ID: p, Text: "x"}}}, domain.EINVALID},
		{outcome.TranslationInput{MeetingID: mid, Lang: "fr", Version: 1, Status: store.TranslationMachine, Blocks: []outcome.BlockText{{ID: "nope", Text: "x"}}}, domain.EINVALID},
		{outcome.TranslationInput{MeetingID: mid, Lang: "fr", Version: 9, Status: store.TranslationMachine, Blocks: []outcome.BlockText{{ID: p, Text: "x"}}}, domain.ENOTFOUND},
	} {
		if _, err := w.svc.PutTranslation(w.ctx, w.actors["secretariat"], c.in); code(err) != c.code {
			t.Errorf("%+v: %v, want %s", c.in, err, c.code)
		}
	}
	if _, err := w.svc.Public(w.ctx, outcome.PublicInput{MeetingID: mid}); code(err) != domain.ENOTFOUND {
		t.Fatalf("public draft: %v", err)
	}
	if _, err := w.svc.Publish(w.ctx, w.actors["secretariat"], outcome.PublishInput{MeetingID: mid, Publish: true}); code(err) != domain.ECONFLICT {
		t.Fatalf("publish a draft: %v", err)
	}
	// The paragraph changes before adoption: its translation goes stale.
	text := cloneJSON(t, v.Text)
	for i, s := range text.Sections {
		for j, b := range s.Blocks {
			if b.ID == p {
				text.Sections[i].Blocks[j].Text = "Open regular and safe pathways."
			}
		}
	}
	if _, err := w.svc.Edit(w.ctx, w.actors["secretariat"], outcome.EditInput{MeetingID: mid, Version: 1, Text: text}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Adopt(w.ctx, w.actors["chair"], outcome.AdoptInput{MeetingID: mid, Version: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Public(w.ctx, outcome.PublicInput{MeetingID: mid}); code(err) != domain.ENOTFOUND {
		t.Fatalf("public before publication: %v", err)
	}
	if _, err := w.svc.Publish(w.ctx, w.actors["chair"], outcome.PublishInput{MeetingID: mid, Publish: true}); code(err) != domain.EFORBIDDEN {
		t.Fatalf("chair publishes: %v", err)
	}
	if _, err := w.svc.Publish(w.ctx, w.actors["secretariat"], outcome.PublishInput{MeetingID: mid, Publish: true}); err != nil {
		t.Fatal(err)
	}
	pub, err := w.svc.Public(w.ctx, outcome.PublicInput{MeetingID: mid, Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if pub.Text.Title != "Document final" || !pub.Blocks[p].Stale || !pub.Blocks[p].Translated || pub.Blocks["heading:overall"].Translated || pub.Tampered || !pub.Adopted {
		t.Fatalf("public fr: %q %+v", pub.Text.Title, pub.Blocks[p])
	}
	if o, _ := w.svc.Outcome(w.ctx, w.actors["observer"], mid); o.Status != domain.OutcomePublished {
		t.Fatalf("status %s", o.Status)
	}
	// verify: the adopted text as JSON is recognised exactly.
	vr, err := w.svc.Verify(w.ctx, nil, mustJSON(t, pub.Version.Text))
	if err != nil || len(vr.Matches) != 1 || !vr.Matches[0].Exact {
		t.Fatalf("verify: %v %+v", err, vr)
	}
	vr, _ = w.svc.Verify(w.ctx, nil, mustJSON(t, v.Text))
	if len(vr.Matches) != 0 {
		t.Fatalf("a draft verified: %+v", vr)
	}
	vr, _ = w.svc.Verify(w.ctx, nil, []byte("# Outcome\n\nContent hash: "+pub.Hash+"\n"))
	if len(vr.Matches) != 1 || vr.Matches[0].Exact {
		t.Fatalf("a file naming the hash: %+v", vr)
	}
}

// TestDecisionNotifiesProposerAndSupporters: the proposer of an amendment
// and the people whose delegations supported it are told how it was
// decided, once, with the reason; nobody else is, and a refused decision
// tells nobody.
func TestDecisionNotifiesProposerAndSupporters(t *testing.T) {
	w := newWorld(t, false)
	v1 := w.draft(t)
	mid := w.meeting.ID
	sec := w.actors["secretariat"]
	if _, err := w.svc.OpenRound(w.ctx, sec, outcome.RoundInput{MeetingID: mid, Version: 1, Deadline: w.clock.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	am, err := w.svc.Propose(w.ctx, w.actors["budapest"], outcome.ProposeInput{MeetingID: mid, BlockID: firstParagraph(t, v1.Text, "overall"),
		Op: store.AmendReplace, Text: "Open regular pathways.", Lang: "en", Justification: "Clearer."})
	if err != nil {
		t.Fatal(err)
	}
	if am, err = w.svc.Support(w.ctx, w.actors["iom"], outcome.SupportInput{MeetingID: mid, AmendmentID: am.ID}); err != nil {
		t.Fatal(err)
	}
	decided := func(who string) []*store.Notification {
		ns, err := w.db.Notifications(w.ctx, store.NotificationFilter{UserID: w.actors[who].User.ID})
		if err != nil {
			t.Fatal(err)
		}
		var out []*store.Notification
		for _, n := range ns {
			if n.Kind == "amendment_decided" {
				out = append(out, n)
			}
		}
		return out
	}
	in := outcome.DecideInput{AmendmentRef: outcome.AmendmentRef{MeetingID: mid, AmendmentID: am.ID, Version: am.Version}, Decision: outcome.Reject, Reason: "Covered by paragraph 3."}
	if _, err := w.svc.Decide(w.ctx, w.actors["ecowas"], in); code(err) != domain.EFORBIDDEN {
		t.Fatalf("a delegate decides: %v", err)
	}
	if ns := decided("budapest"); len(ns) != 0 {
		t.Fatalf("a refused decision told the proposer: %+v", ns)
	}
	if _, err := w.svc.Decide(w.ctx, sec, in); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"budapest", "iom"} {
		ns := decided(who)
		if len(ns) != 1 || ns[0].Params["status"] != string(store.AmendmentRejected) || ns[0].Params["reason"] != "Covered by paragraph 3." ||
			ns[0].Params["number"] != "A"+strconv.Itoa(am.Number) || ns[0].Link != "/meetings/"+mid+"/outcome#amendments" {
			t.Fatalf("%s's notices: %+v", who, ns)
		}
	}
	for _, who := range []string{"ecowas", "secretariat", "observer"} {
		if ns := decided(who); len(ns) != 0 {
			t.Fatalf("%s was told: %+v", who, ns)
		}
	}
}
