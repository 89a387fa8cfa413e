package followup_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

func TestCreateChangeAndHistory(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	c := w.commitment(t, "Joint data hub", "budapest", func(c *domain.Commitment) {
		c.MeetingID = w.meeting.ID
		c.CoOwnerBodyIDs = []string{w.bodies["ecowas"].ID}
		c.PartnerBodyIDs = []string{w.bodies["iom"].ID}
		c.Objectives = []string{"pa", "O1", "o23"}
		c.Deliverables = []domain.Deliverable{{Text: "Hub online", DueOn: "2020-06-30"}, {Text: "Yearly bulletin"}}
		c.StartOn, c.DueOn, c.SeeksSupport = "2018-01-01", "2025-12-31", true
	})
	v, err := w.svc.Get(w.ctx, sec, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := v.Commitment
	if !slices.Equal(got.Objectives, []string{"O1", "O23", "Pa"}) || !slices.Equal(got.CoOwnerBodyIDs, []string{w.bodies["ecowas"].ID}) ||
		!slices.Equal(got.PartnerBodyIDs, []string{w.bodies["iom"].ID}) || len(got.Deliverables) != 2 || !got.SeeksSupport || got.Status != domain.CommitmentPlanned {
		t.Fatalf("stored %+v", got)
	}
	if len(got.History) != 1 || got.History[0].From != "" || got.History[0].To != domain.CommitmentPlanned || got.History[0].By != sec.User.ID {
		t.Errorf("history %+v", got.History)
	}
	if v.Meeting == nil || v.Meeting.ID != w.meeting.ID || len(v.Bodies) != 3 || !v.Can.Manage || v.Can.Report {
		t.Errorf("view: meeting %v, %d bodies, can %+v", v.Meeting, len(v.Bodies), v.Can)
	}

	// Budapest's delegate reports on it; IOM, a supporting partner, does not.
	if v, _ := w.svc.Get(w.ctx, w.actors["budapest"], c.ID); !v.Can.Report || v.Can.Manage {
		t.Errorf("owner's delegate can %+v", v.Can)
	}
	if v, _ := w.svc.Get(w.ctx, w.actors["iom"], c.ID); v.Can.Report {
		t.Errorf("supporting partner can %+v", v.Can)
	}

	// A status change is kept with its note; a second change based on
	// the old version is a conflict, never an overwrite.
	up, err := w.svc.ChangeStatus(w.ctx, sec, followup.StatusInput{ID: c.ID, Version: got.Version, Status: domain.CommitmentOnTrack, Note: "Hub launched."})
	if err != nil {
		t.Fatal(err)
	}
	if h := up.History; len(h) != 2 || h[1].From != domain.CommitmentPlanned || h[1].To != domain.CommitmentOnTrack || h[1].Note != "Hub launched." {
		t.Errorf("history %+v", h)
	}
	if _, err := w.svc.ChangeStatus(w.ctx, sec, followup.StatusInput{ID: c.ID, Version: got.Version, Status: domain.CommitmentDelayed}); code(err) != domain.ECONFLICT {
		t.Errorf("stale status change = %v", err)
	}
	if _, err := w.svc.ChangeStatus(w.ctx, sec, followup.StatusInput{ID: c.ID, Version: up.Version, Status: domain.CommitmentDropped}); code(err) != domain.EINVALID {
		t.Errorf("dropped without a reason = %v", err)
	}
	if _, err := w.svc.Update(w.ctx, sec, followup.UpdateInput{ID: c.ID, Version: got.Version, Title: "Old", Text: "x", Lang: "en", OwnerBodyID: got.OwnerBodyID}); code(err) != domain.ECONFLICT {
		t.Errorf("stale update = %v", err)
	}
	up2, err := w.svc.Update(w.ctx, sec, followup.UpdateInput{ID: c.ID, Version: up.Version, MeetingID: w.meeting.ID, Title: "Joint data hub (2)", Text: got.Text, Lang: "en",
		OwnerBodyID: got.OwnerBodyID, Objectives: []string{"O1"}, Deliverables: []domain.Deliverable{{Text: "Hub online", Done: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if up2.Title != "Joint data hub (2)" || len(up2.CoOwnerBodyIDs) != 0 || up2.Status != domain.CommitmentOnTrack || len(up2.History) != 2 || !up2.Deliverables[0].Done {
		t.Errorf("updated %+v", up2)
	}

	// Every change is in the audit trail, under its own action.
	evs, err := w.db.AuditEvents(w.ctx, store.AuditFilter{ObjectType: "commitment", ObjectID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
		if e.ActorID != sec.User.ID || e.MeetingID != w.meeting.ID {
			t.Errorf("event %+v", e)
		}
	}
	if want := []string{"update", "change_status", "create"}; !slices.Equal(actions, want) {
		t.Errorf("audit actions %v, want %v", actions, want)
	}
}

func TestReferencesChecked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	otherMeeting := &domain.Meeting{ProcessID: w.other.ID, Title: "Elsewhere"}
	if err := w.db.CreateMeetingWithAgenda(w.ctx, &domain.Agenda{Meeting: otherMeeting}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(c *domain.Commitment)
		field  string
	}{
		{"unknown owner", func(c *domain.Commitment) { c.OwnerBodyID = "nobody" }, "owner"},
		{"unknown partner", func(c *domain.Commitment) { c.PartnerBodyIDs = []string{"nobody"} }, "partners"},
		{"meeting of another process", func(c *domain.Commitment) { c.MeetingID = otherMeeting.ID }, "meeting"},
		{"a good practice as source", func(c *domain.Commitment) { c.ContributionIDs = []string{w.good.ID} }, "contributions"},
		{"a draft as source", func(c *domain.Commitment) { c.ContributionIDs = []string{w.draft.ID} }, "contributions"},
		{"a session's objective as recommendation", func(c *domain.Commitment) {
			c.Recommendations = []domain.RecommendationRef{{OutcomeID: w.meeting.ID, BlockID: w.session}}
		}, "recommendations"},
		{"a note as recommendation", func(c *domain.Commitment) {
			c.Recommendations = []domain.RecommendationRef{{OutcomeID: w.meeting.ID, BlockID: "n-overall"}}
		}, "recommendations"},
		{"another version than the adopted", func(c *domain.Commitment) {
			c.Recommendations = []domain.RecommendationRef{{OutcomeID: w.meeting.ID, BlockID: w.rec, Version: 2}}
		}, "recommendations"},
		{"a recommendation of a document not adopted", func(c *domain.Commitment) {
			c.Recommendations = []domain.RecommendationRef{{OutcomeID: w.later.ID, BlockID: w.rec, Version: 1}}
		}, ""},
		{"control characters", func(c *domain.Commitment) { c.Title = "a\x00b" }, "title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &domain.Commitment{ProcessID: w.process.ID, Title: "T", Text: "X", Lang: "en", OwnerBodyID: w.bodies["eca"].ID}
			tt.change(c)
			_, err := w.svc.Create(w.ctx, sec, c)
			var e *domain.Error
			if code(err) != domain.EINVALID || !errorsAs(err, &e) || e.Field != tt.field {
				t.Errorf("Create = %v (field %q), want EINVALID on %q", err, fieldOf(err), tt.field)
			}
		})
	}
	if _, total, _ := w.db.Commitments(w.ctx, store.CommitmentFilter{}); total != 0 {
		t.Errorf("%d commitments recorded", total)
	}
}

func fieldOf(err error) string {
	var e *domain.Error
	if errorsAs(err, &e) {
		return e.Field
	}
	return ""
}

func errorsAs(err error, e **domain.Error) bool {
	if err == nil {
		return false
	}
	switch v := err.(type) {
	case *domain.Error:
		*e = v
		return true
	case domain.Errors:
		return v.As(e)
	}
	return false
}

func TestFromRecommendation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	draft, rec, err := w.svc.DraftFromRecommendation(w.ctx, sec, w.meeting.ID, w.rec)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Title != "Expand regular pathways for labour migration" || draft.Text != rec.Text || draft.MeetingID != w.meeting.ID || rec.Number != 2 ||
		!slices.Equal(draft.Recommendations, []domain.RecommendationRef{{OutcomeID: w.meeting.ID, BlockID: w.rec, Version: 1}}) {
		t.Fatalf("draft %+v from %+v", draft, rec)
	}
	draft.OwnerBodyID = w.bodies["ecowas"].ID
	c, err := w.svc.Create(w.ctx, sec, draft)
	if err != nil {
		t.Fatal(err)
	}
	// The way back: the recommendation shows the commitment, the
	// commitment the recommendation.
	rs, err := w.svc.Recommendations(w.ctx, w.actors["observer"], w.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Recommendations) != 2 || rs.Make {
		t.Fatalf("%d recommendations, make %v", len(rs.Recommendations), rs.Make)
	}
	if got := rs.Recommendations[0].Commitments; !slices.Equal(got, []string{c.ID}) || rs.Commitments[c.ID] == nil || len(rs.Recommendations[1].Commitments) != 0 {
		t.Errorf("commitments of the recommendations: %v, %v", got, rs.Recommendations[1].Commitments)
	}
	v, err := w.svc.Get(w.ctx, w.actors["observer"], c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Recommendations) != 1 || v.Recommendations[0].Number != 2 || v.Recommendations[0].Text != rec.Text {
		t.Errorf("the commitment shows %+v", v.Recommendations)
	}
	if _, _, err := w.svc.DraftFromRecommendation(w.ctx, sec, w.later.ID, w.rec); code(err) != domain.EINVALID {
		t.Errorf("from a document not adopted = %v", err)
	}
	if _, err := w.svc.Recommendations(w.ctx, sec, w.later.ID); code(err) != domain.EINVALID {
		t.Errorf("recommendations of a document not adopted = %v", err)
	}
	if _, _, err := w.svc.DraftFromRecommendation(w.ctx, sec, w.meeting.ID, w.session); code(err) != domain.EINVALID {
		t.Errorf("from a session's objective = %v", err)
	}
}

func TestFromContribution(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	draft, ct, err := w.svc.DraftFromContribution(w.ctx, sec, w.pledge.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ct.ID != w.pledge.ID || draft.OwnerBodyID != w.bodies["budapest"].ID || !slices.Equal(draft.Objectives, []string{"O5", "Pa"}) ||
		draft.Title != w.pledge.Title || !slices.Equal(draft.ContributionIDs, []string{w.pledge.ID}) {
		t.Fatalf("draft %+v", draft)
	}
	c, err := w.svc.Create(w.ctx, sec, draft)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"observer", "budapest"} {
		cs, err := w.svc.OfContribution(w.ctx, w.actors[who], w.pledge.ID)
		if err != nil || len(cs) != 1 || cs[0].ID != c.ID {
			t.Errorf("%s: commitments of the contribution %v, %v", who, cs, err)
		}
	}
	v, err := w.svc.Get(w.ctx, w.actors["observer"], c.ID)
	if err != nil || len(v.Contributions) != 1 {
		t.Errorf("the commitment shows its source: %v, %v", v, err)
	}
	if _, _, err := w.svc.DraftFromContribution(w.ctx, sec, w.good.ID); code(err) != domain.EINVALID {
		t.Errorf("from a good practice = %v", err)
	}
	if _, _, err := w.svc.DraftFromContribution(w.ctx, sec, w.draft.ID); code(err) != domain.ENOTFOUND {
		t.Errorf("from someone's draft = %v", err)
	}
	if _, err := w.svc.OfContribution(w.ctx, w.actors["outsider"], w.pledge.ID); code(err) != domain.ENOTFOUND {
		t.Errorf("outsider reads the commitments of a contribution: %v", err)
	}
}

// TestFromContributionUnderTheRule: a contribution written under the
// non-attribution rule does not give away its body as the owner.
func TestFromContributionUnderTheRule(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	m := *w.meeting
	m.NonAttribution = true
	if err := w.db.UpdateMeeting(w.ctx, &m); err != nil {
		t.Fatal(err)
	}
	hidden := &domain.Contribution{MeetingID: m.ID, Kind: domain.KindFollowUp, Status: domain.StatusPublished, BodyID: w.bodies["ecowas"].ID, Lang: "fr",
		Title: "Mécanisme de suivi", Text: "Un point annuel.", AuthorID: w.actors["budapest"].User.ID}
	if err := w.db.CreateContribution(w.ctx, hidden); err != nil {
		t.Fatal(err)
	}
	draft, _, err := w.svc.DraftFromContribution(w.ctx, w.actors["secretariat"], hidden.ID)
	if err != nil {
		t.Fatal(err)
	}
	if draft.OwnerBodyID != "" || draft.Lang != "fr" {
		t.Errorf("draft owner %q, lang %q", draft.OwnerBodyID, draft.Lang)
	}
}

func TestListFiltersAndPages(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.svc.SetClock(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) })
	sec := w.actors["secretariat"]
	a := w.commitment(t, "A", "budapest", func(c *domain.Commitment) {
		c.MeetingID, c.Objectives, c.DueOn = w.meeting.ID, []string{"O5"}, "2025-12-31"
	})
	b := w.commitment(t, "B", "ecowas", func(c *domain.Commitment) {
		c.CoOwnerBodyIDs, c.Objectives, c.DueOn, c.Status = []string{w.bodies["budapest"].ID}, []string{"O5", "O23"}, "2030-01-01", domain.CommitmentOnTrack
	})
	cc := w.commitment(t, "C", "eca", func(c *domain.Commitment) {
		c.PartnerBodyIDs = []string{w.bodies["iom"].ID}
		c.Status = domain.CommitmentAchieved
	})
	ids := func(in followup.ListInput) []string {
		t.Helper()
		in.ProcessID = w.process.ID
		l, err := w.svc.List(w.ctx, w.actors["observer"], in)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range l.Commitments {
			out = append(out, c.Title)
		}
		return out
	}
	tests := []struct {
		name string
		in   followup.ListInput
		want []string
	}{
		{"all, newest first", followup.ListInput{}, []string{"C", "B", "A"}},
		{"by due date", followup.ListInput{Sort: "due"}, []string{"A", "B", "C"}},
		{"meeting", followup.ListInput{MeetingID: w.meeting.ID}, []string{"A"}},
		{"body as owner or co-owner", followup.ListInput{BodyID: w.bodies["budapest"].ID}, []string{"B", "A"}},
		{"body as partner", followup.ListInput{BodyID: w.bodies["iom"].ID}, []string{"C"}},
		{"objective", followup.ListInput{Objective: "O5"}, []string{"B", "A"}},
		{"region of the owner", followup.ListInput{Region: "Africa"}, []string{"C", "B"}},
		{"status", followup.ListInput{Status: domain.CommitmentOnTrack}, []string{"B"}},
		{"page", followup.ListInput{Limit: 1, Offset: 1}, []string{"B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	l, err := w.svc.List(w.ctx, sec, followup.ListInput{ProcessID: w.process.ID, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != 3 || len(l.Commitments) != 2 || !l.Can.Manage || len(l.Bodies) != 4 {
		t.Errorf("total %d, %d listed, can %+v, %d bodies", l.Total, len(l.Commitments), l.Can, len(l.Bodies))
	}
	l, _ = w.svc.List(w.ctx, sec, followup.ListInput{ProcessID: w.process.ID, Limit: -1})
	if !l.Late[a.ID] || l.Late[b.ID] || l.Late[cc.ID] {
		t.Errorf("late %v", l.Late)
	}
	for _, in := range []followup.ListInput{{Status: "done"}, {Objective: "O99"}, {Region: "a\x00"}} {
		in.ProcessID = w.process.ID
		if _, err := w.svc.List(w.ctx, sec, in); code(err) != domain.EINVALID {
			t.Errorf("List(%+v) = %v", in, err)
		}
	}
}

func TestDeleteOnlyWhatNothingDependsOn(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	free := w.commitment(t, "Made by mistake", "iom", nil)
	if _, err := w.svc.AddIndicator(w.ctx, sec, followup.IndicatorInput{CommitmentID: free.ID, Name: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Delete(w.ctx, sec, free.ID, free.Version+1); code(err) != domain.ECONFLICT {
		t.Errorf("delete of another version = %v", err)
	}
	if err := w.svc.Delete(w.ctx, sec, free.ID, free.Version); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := w.svc.Get(w.ctx, sec, free.ID); code(err) != domain.ENOTFOUND {
		t.Errorf("deleted commitment = %v", err)
	}

	reviewed := w.commitment(t, "Under review", "iom", nil)
	w.exec(t, fmt.Sprintf(`INSERT INTO review_cycles (id, process_id, name, opens_on, deadline, created_at, updated_at) VALUES ('rc', '%s', 'IMRF 2026', '2025-09-01', '2025-12-31', 1, 1)`, w.process.ID))
	w.exec(t, fmt.Sprintf(`INSERT INTO review_cycle_commitments (cycle_id, commitment_id) VALUES ('rc', '%s')`, reviewed.ID))
	if err := w.svc.Delete(w.ctx, sec, reviewed.ID, reviewed.Version); code(err) != domain.ECONFLICT {
		t.Errorf("delete of a commitment under review = %v", err)
	}

	reported := w.commitment(t, "Reported on", "budapest", nil)
	ind, err := w.svc.AddIndicator(w.ctx, sec, followup.IndicatorInput{CommitmentID: reported.ID, Name: "Centres open", Baseline: num(0), BaselineOn: "2018-01-01", Target: num(5), TargetOn: "2025-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	w.exec(t, fmt.Sprintf(`INSERT INTO progress_reports (id, commitment_id, body_id, period_from, period_to, state, status, lang, reviewed_at, created_at, updated_at)
		VALUES ('r1', '%s', '%s', '2024-01-01', '2024-12-31', 'accepted', 'on_track', 'en', 5, 1, 1)`, reported.ID, w.bodies["budapest"].ID))
	w.exec(t, fmt.Sprintf(`INSERT INTO indicator_values (report_id, indicator_id, on_date, value) VALUES ('r1', '%s', '2024-12-31', 3)`, ind.ID))
	if err := w.svc.Delete(w.ctx, sec, reported.ID, reported.Version); code(err) != domain.ECONFLICT {
		t.Errorf("delete of a commitment reported on = %v", err)
	}
	if err := w.svc.DeleteIndicator(w.ctx, sec, ind.ID, ind.Version); code(err) != domain.ECONFLICT {
		t.Errorf("delete of an indicator with values = %v", err)
	}
	v, err := w.svc.Get(w.ctx, sec, reported.ID)
	if err != nil {
		t.Fatal(err)
	}
	if lv, ok := v.Latest[ind.ID]; !ok || lv.Value != 3 || lv.On != "2024-12-31" {
		t.Errorf("latest value %+v", v.Latest)
	}
	_, d, err := w.svc.Dependents(w.ctx, sec, reported.ID)
	if err != nil || d.Reports != 1 || d.Values != 1 || d.Indicators != 1 {
		t.Errorf("dependents %+v, %v", d, err)
	}
	// What may happen instead: drop it, with the reason.
	if _, err := w.svc.ChangeStatus(w.ctx, sec, followup.StatusInput{ID: reported.ID, Version: reported.Version, Status: domain.CommitmentDropped, Note: "Funding ended."}); err != nil {
		t.Errorf("drop: %v", err)
	}
}

func TestTranslations(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	c := w.commitment(t, "Joint data hub", "budapest", nil)
	if _, err := w.svc.PutTranslation(w.ctx, sec, followup.TranslationInput{ID: c.ID, Lang: "en", Title: "x", Text: "y"}); code(err) != domain.EINVALID {
		t.Errorf("translation into the original's language = %v", err)
	}
	if _, err := w.svc.PutTranslation(w.ctx, sec, followup.TranslationInput{ID: c.ID, Lang: "fr", Title: "Plateforme", Text: "Texte."}); err != nil {
		t.Fatal(err)
	}
	got, err := w.svc.PutTranslation(w.ctx, sec, followup.TranslationInput{ID: c.ID, Lang: "fr", Title: "Plateforme commune", Text: "Texte.", Machine: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Translations) != 1 || got.Translations[0].Title != "Plateforme commune" {
		t.Fatalf("translations %+v", got.Translations)
	}
	if title, _, lang := followup.InLanguage(got, "fr"); title != "Plateforme commune" || lang != "fr" {
		t.Errorf("in French: %q %q", title, lang)
	}
	if title, _, lang := followup.InLanguage(got, "zh"); title != "Joint data hub" || lang != "en" {
		t.Errorf("in Chinese: %q %q", title, lang)
	}
	if _, err := w.svc.Update(w.ctx, sec, followup.UpdateInput{ID: c.ID, Version: got.Version, Title: got.Title, Text: got.Text, Lang: "fr", OwnerBodyID: got.OwnerBodyID}); code(err) != domain.EINVALID {
		t.Errorf("original made French while translated into French = %v", err)
	}
	if _, err := w.svc.DeleteTranslation(w.ctx, sec, c.ID, "fr", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.DeleteTranslation(w.ctx, sec, c.ID, "fr", 0); code(err) != domain.ENOTFOUND {
		t.Errorf("second removal = %v", err)
	}
}

// TestTranslationAtVersionRead: two translators open the form at the same
// version; the second to save is told of the first's change instead of
// overwriting it unseen, and so is whoever translates an original that
// changed since they read it.
func TestTranslationAtVersionRead(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	c := w.commitment(t, "Joint data hub", "budapest", nil)
	read := c.Version
	first, err := w.svc.PutTranslation(w.ctx, sec, followup.TranslationInput{ID: c.ID, Version: read, Lang: "es", Title: "Centro de datos", Text: "Texto."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.PutTranslation(w.ctx, sec, followup.TranslationInput{ID: c.ID, Version: read, Lang: "es", Title: "Otro", Text: "Otro."}); code(err) != domain.ECONFLICT {
		t.Fatalf("a translation saved over one saved since = %v, want a conflict", err)
	}
	if _, err := w.svc.DeleteTranslation(w.ctx, sec, c.ID, "es", read); code(err) != domain.ECONFLICT {
		t.Fatalf("a removal at a version read before = %v, want a conflict", err)
	}
	changed, err := w.svc.Update(w.ctx, sec, followup.UpdateInput{ID: c.ID, Version: first.Version, Title: "Joint data hub for the region", Text: first.Text, Lang: "en", OwnerBodyID: first.OwnerBodyID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.PutTranslation(w.ctx, sec, followup.TranslationInput{ID: c.ID, Version: first.Version, Lang: "fr", Title: "Plateforme", Text: "Texte."}); code(err) != domain.ECONFLICT {
		t.Fatalf("a translation of an original changed since = %v, want a conflict", err)
	}
	got, err := w.svc.PutTranslation(w.ctx, sec, followup.TranslationInput{ID: c.ID, Version: changed.Version, Lang: "fr", Title: "Plateforme", Text: "Texte."})
	if err != nil || len(got.Translations) != 2 {
		t.Fatalf("translation at the version read = %+v, %v", got, err)
	}
	if _, err := w.svc.DeleteTranslation(w.ctx, sec, c.ID, "es", got.Version); err != nil {
		t.Fatal(err)
	}
}

func TestIndicators(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sec := w.actors["secretariat"]
	c := w.commitment(t, "Joint data hub", "budapest", nil)
	var made []*domain.Indicator
	for _, name := range []string{"First", "Second", "Third"} {
		ind, err := w.svc.AddIndicator(w.ctx, sec, followup.IndicatorInput{CommitmentID: c.ID, Name: name, Unit: "%", Baseline: num(40), BaselineOn: "2018-01-01",
			Target: num(20), TargetOn: "2025-12-31", Direction: domain.DownIsGood, Disaggregation: []string{"sex", "region"}})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, ind)
	}
	if _, err := w.svc.AddIndicator(w.ctx, sec, followup.IndicatorInput{CommitmentID: c.ID, Name: "Bad", Baseline: num(1), BaselineOn: "2018-01-01",
		Target: num(2), TargetOn: "2025-12-31", Direction: domain.DownIsGood}); code(err) != domain.EINVALID {
		t.Errorf("a target worse than the baseline = %v", err)
	}
	if err := w.svc.DeleteIndicator(w.ctx, sec, made[0].ID, made[0].Version); err != nil {
		t.Fatal(err)
	}
	up, err := w.svc.UpdateIndicator(w.ctx, sec, followup.IndicatorInput{ID: made[2].ID, Version: made[2].Version, Name: "Third, renamed", Direction: domain.UpIsGood})
	if err != nil {
		t.Fatal(err)
	}
	if up.Baseline != nil || up.Direction != domain.UpIsGood || up.Version != 2 {
		t.Errorf("updated %+v", up)
	}
	if _, err := w.svc.UpdateIndicator(w.ctx, sec, followup.IndicatorInput{ID: made[2].ID, Version: made[2].Version, Name: "Stale"}); code(err) != domain.ECONFLICT {
		t.Errorf("stale update = %v", err)
	}
	v, err := w.svc.Get(w.ctx, sec, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i, ind := range v.Indicators {
		names = append(names, ind.Name)
		if ind.Position != i {
			t.Errorf("%s at position %d", ind.Name, ind.Position)
		}
	}
	if want := []string{"Second", "Third, renamed"}; !slices.Equal(names, want) {
		t.Errorf("indicators %v, want %v", names, want)
	}
	if got := v.Indicators[0]; *got.Baseline != 40 || !slices.Equal(got.Disaggregation, []string{"sex", "region"}) {
		t.Errorf("stored %+v", got)
	}
	if _, _, err := w.svc.Indicator(w.ctx, w.actors["outsider"], made[1].ID); code(err) != domain.ENOTFOUND {
		t.Errorf("outsider reads an indicator: %v", err)
	}
}

// TestConcurrentStatusChanges: of two changes based on the same version,
// one wins and the other is told, whatever the engine.
func TestConcurrentStatusChanges(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := w.commitment(t, "Contested", "budapest", nil)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := []domain.CommitmentStatus{domain.CommitmentOnTrack, domain.CommitmentAtRisk}[i%2]
			_, errs[i] = w.svc.ChangeStatus(w.ctx, w.actors["secretariat"], followup.StatusInput{ID: c.ID, Version: c.Version, Status: st})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch code(err) {
		case "":
			ok++
		case domain.ECONFLICT, domain.EUNAVAILABLE:
		default:
			t.Errorf("unexpected %v", err)
		}
	}
	got, _ := w.db.Commitment(w.ctx, c.ID)
	if ok != 1 || len(got.History) != 2 || got.Version != 2 {
		t.Errorf("%d changes applied, history %d, version %d", ok, len(got.History), got.Version)
	}
}

func TestHugeInput(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := &domain.Commitment{ProcessID: w.process.ID, Title: "T", Text: strings.Repeat("x", domain.MaxCommitmentText+1), Lang: "en", OwnerBodyID: w.bodies["eca"].ID}
	if _, err := w.svc.Create(w.ctx, w.actors["secretariat"], c); code(err) != domain.EINVALID {
		t.Errorf("huge text = %v", err)
	}
}
