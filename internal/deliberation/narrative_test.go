package deliberation

import (
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// questions gives the world's breakout part two guiding questions and an
// objective (which the report does not answer), and returns them.
func (w *world) questions(t *testing.T) (q1, q2, objective *domain.AgendaItem) {
	t.Helper()
	mk := func(kind domain.ItemKind, text string) *domain.AgendaItem {
		it := &domain.AgendaItem{MeetingID: w.meeting, PartID: w.part, Kind: kind, Text: text}
		if err := w.db.CreateItem(w.ctx, it); err != nil {
			t.Fatal(err)
		}
		return it
	}
	objective = mk(domain.ItemObjective, "to identify partners' recommendations")
	q1 = mk(domain.ItemQuestion, "What are the core recommendations of partners?")
	q2 = mk(domain.ItemQuestion, "How will partners engage with ISCMs?")
	return q1, q2, objective
}

// TestReportAnswersTheAgendasQuestions: a part's report asks the part's
// own guiding questions, keeps the answers by the question's ID with the
// rapporteur's points of agreement and disagreement, refuses bad answers,
// and is submitted once one question is answered in its own language.
func TestReportAnswersTheAgendasQuestions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	q1, q2, obj := w.questions(t)
	rap := w.actors["rapporteur"]
	gr, err := w.svc.Report(w.ctx, rap, w.conv())
	if err != nil {
		t.Fatal(err)
	}
	if len(gr.Questions) != 2 || gr.Questions[0].ID != q1.ID || gr.Questions[1].ID != q2.ID {
		t.Fatalf("questions %+v, want the part's two questions in order", gr.Questions)
	}
	// The plenary part asks none: its report asks the fixed questions.
	if gr, err := w.svc.Report(w.ctx, rap, ConversationInput{GroupID: w.group, PartID: w.plenaryPart}); err != nil || len(gr.Questions) != 0 {
		t.Fatalf("plenary part: %v, %d questions", err, len(gr.Questions))
	}

	save := func(version int, texts map[string]store.ReportText) (*store.Report, error) {
		return w.svc.SaveReport(w.ctx, rap, ReportInput{ConversationInput: w.conv(), Lang: "en", Texts: texts, Version: version})
	}
	for _, c := range []struct {
		name  string
		text  store.ReportText
		field string
	}{
		{"an answer to an objective", store.ReportText{Answers: map[string]string{obj.ID: "Partners recommend."}}, store.AnswerField(obj.ID, "en")},
		{"an answer to another meeting's question", store.ReportText{Answers: map[string]string{"01hzzzzzzzzzzzzzzzzzzzzzzz": "x"}}, store.AnswerField("01hzzzzzzzzzzzzzzzzzzzzzzz", "en")},
		{"a control character in the agreement", store.ReportText{Agreement: "All agree\x00."}, "agreement_en"},
		{"a control character in an answer", store.ReportText{Answers: map[string]string{q1.ID: "Fund\x1b returns."}}, store.AnswerField(q1.ID, "en")},
		{"a disagreement too long", store.ReportText{Disagreement: strings.Repeat("é", store.MaxReportText+1)}, "disagreement_en"},
		{"an answer too long", store.ReportText{Answers: map[string]string{q2.ID: strings.Repeat("a", store.MaxReportText+1)}}, store.AnswerField(q2.ID, "en")},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := save(0, map[string]store.ReportText{"en": c.text}); !hasField(err, c.field) {
				t.Fatalf("got %v, want an error on %s", err, c.field)
			}
		})
	}
	if _, err := w.db.Report(w.ctx, w.group, w.part); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a refused report was stored: %v", err)
	}

	rep, err := save(0, map[string]store.ReportText{"en": {Agreement: "  All agree that partners must be heard.  ", Disagreement: "Whether partners sign commitments.",
		Answers: map[string]string{q2.ID: "   "}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Texts["en"]; got.Agreement != "All agree that partners must be heard." || got.Answers != nil {
		t.Fatalf("saved %+v: want the agreement trimmed and the blank answer dropped", got)
	}
	// Agreement and disagreement alone do not answer the part's questions.
	if _, err := w.svc.SubmitReport(w.ctx, rap, VersionInput{ConversationInput: w.conv(), Version: rep.Version}); !hasField(err, store.AnswerField(q1.ID, "en")) {
		t.Fatalf("submit without an answer: %v", err)
	}
	// An answer in another language than the report's does not either.
	rep, err = save(rep.Version, map[string]store.ReportText{"en": rep.Texts["en"], "fr": {Answers: map[string]string{q2.ID: "Par des réunions annuelles."}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SubmitReport(w.ctx, rap, VersionInput{ConversationInput: w.conv(), Version: rep.Version}); !hasField(err, store.AnswerField(q1.ID, "en")) {
		t.Fatalf("submit with a French answer only: %v", err)
	}
	en := rep.Texts["en"]
	en.Answers = map[string]string{q2.ID: "Through yearly meetings with the RCPs."}
	rep, err = save(rep.Version, map[string]store.ReportText{"en": en, "fr": rep.Texts["fr"]})
	if err != nil {
		t.Fatal(err)
	}
	// Whoever may not write the report is refused, as before.
	if _, err := w.svc.SaveReport(w.ctx, w.actors["delegate"], ReportInput{ConversationInput: w.conv(), Lang: "en", Texts: rep.Texts, Version: rep.Version}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Fatalf("a delegate writes the report: %v", err)
	}
	sub, err := w.svc.SubmitReport(w.ctx, rap, VersionInput{ConversationInput: w.conv(), Version: rep.Version})
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.db.Report(w.ctx, w.group, w.part)
	if err != nil || got.Status != store.ReportSubmitted || got.Texts["en"].Answers[q2.ID] != "Through yearly meetings with the RCPs." ||
		got.Texts["en"].Disagreement != "Whether partners sign commitments." || got.Texts["fr"].Answers[q2.ID] != "Par des réunions annuelles." {
		t.Fatalf("read back %+v, %v", got, err)
	}
	// Submitted, it is frozen.
	if _, err := save(sub.Version, rep.Texts); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("edit after submission: %v", err)
	}
	// The audit trail keeps the answers.
	evs, err := w.db.AuditEvents(w.ctx, store.AuditFilter{ObjectType: "group_report", ObjectID: got.ID})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range evs {
		found = found || e.Action == "update" && strings.Contains(e.After, "Through yearly meetings") && strings.Contains(e.Before, "Par des réunions")
	}
	if !found {
		t.Fatalf("no audit event with the answer: %+v", evs)
	}
}

// TestReportWrittenBeforeQuestions: a report that holds the fixed fields
// (written before reports answered the agenda's questions) is read as it
// is and may be submitted with them in a part that now asks questions.
func TestReportWrittenBeforeQuestions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	old := &store.Report{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Lang: "en",
		Texts: map[string]store.ReportText{"en": {FollowUp: "The Rabat Process reviews.", RCPRole: "RCPs convene."}}}
	if err := w.db.SaveReport(w.ctx, old); err != nil {
		t.Fatal(err)
	}
	w.questions(t)
	rap := w.actors["rapporteur"]
	gr, err := w.svc.Report(w.ctx, rap, w.conv())
	if err != nil || gr.Report.Texts["en"].FollowUp != "The Rabat Process reviews." || len(gr.Questions) != 2 {
		t.Fatalf("read %+v, %v", gr, err)
	}
	if _, err := w.svc.SubmitReport(w.ctx, rap, VersionInput{ConversationInput: w.conv(), Version: old.Version}); err != nil {
		t.Fatalf("submit an old report: %v", err)
	}
}
