package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/store"
)

// outcomeConfirmView is the confirmation page before a round opens, the
// chair adopts or the secretariat publishes.
type outcomeConfirmView struct {
	Meeting  *domain.Meeting
	Question string
	Effect   string
	Action   string
	Button   string
	Version  int
	// Round shows the deadline and silence fields; Publish the choice
	// to publish (true) or withdraw the publication.
	Round    bool
	Publish  string
	Deadline string // as typed, "2006-01-02T15:04"
	Silence  bool
}

const deadlineLayout = "2006-01-02T15:04"

// confirmOutcome renders a confirmation page for what ok says the person
// may do with the document as read (o).
func (s *Server) confirmOutcome(w http.ResponseWriter, r *http.Request, status int, ok func(o *outcome.Outcome) bool, fill func(pg *Page, o *outcome.Outcome, v *outcomeConfirmView)) {
	o, err := s.outcomes.Outcome(r.Context(), actor(r), r.PathValue("id"))
	if err == nil && o.Document == nil {
		err = domain.NotFound("outcome document")
	}
	if err == nil && !ok(o) {
		err = domain.Forbidden()
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &outcomeConfirmView{Meeting: o.Meeting, Version: o.Document.Latest}
	pg := s.page(r, "", v)
	fill(pg, o, v)
	pg.Title = v.Question
	s.render(w, r, status, "outcome_confirm", pg)
}

// confirmOpenRound asks for the round's deadline and whether it is a
// silence procedure, and confirms the opening.
func (s *Server) confirmOpenRound(w http.ResponseWriter, r *http.Request) {
	s.confirmOutcome(w, r, http.StatusOK, func(o *outcome.Outcome) bool { return o.Can.Draft }, roundConfirm(r, nil))
}

func roundConfirm(r *http.Request, err error) func(pg *Page, o *outcome.Outcome, v *outcomeConfirmView) {
	return func(pg *Page, o *outcome.Outcome, v *outcomeConfirmView) {
		v.Round, v.Action, v.Button = true, outcomeURL(o.Meeting.ID, "/open"), pg.T("outcome.page.open")
		v.Question = pg.T("outcome.page.open_confirm", v.Version)
		v.Effect = pg.T("outcome.page.open_effect")
		v.Deadline = time.Now().UTC().Add(14 * 24 * time.Hour).Format(deadlineLayout)
		if r.Method == http.MethodPost {
			v.Deadline, v.Silence = r.PostFormValue("deadline"), formBool(r, "silence")
			if n, e := formInt(r, "version"); e == nil && n > 0 {
				v.Version = n
			}
		}
		if err != nil && !pg.fieldErrors(err) {
			pg.FormError = pg.message(err)
		}
	}
}

// openRound opens the latest version for amendments until the deadline
// (UTC), once confirmed.
func (s *Server) openRound(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := outcome.RoundInput{MeetingID: id, Silence: formBool(r, "silence")}
	var err error
	in.Version, err = formInt(r, "version")
	if err == nil {
		if in.Deadline, err = time.ParseInLocation(deadlineLayout, strings.TrimSpace(r.PostFormValue("deadline")), time.UTC); err != nil {
			err = domain.Invalid("deadline", "outcome.page.error_deadline", "give the deadline as a date and a time")
		}
	}
	if err == nil && r.PostFormValue("confirm") != "on" {
		err = domain.Invalid("confirm", "outcome.page.error_confirm", "confirm first")
	}
	if err == nil {
		_, err = s.outcomes.OpenRound(r.Context(), actor(r), in)
	}
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.confirmOutcome(w, r, statusOf(err), func(o *outcome.Outcome) bool { return o.Can.Draft }, roundConfirm(r, err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, outcomeURL(id, ""), "outcome.page.opened")
}

// closeRound closes the round: the accepted amendments make the next
// version.
func (s *Server) closeRound(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.outcomes.CloseRound(r.Context(), actor(r), id); err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	s.redirect(w, r, outcomeURL(id, ""), "outcome.page.closed")
}

// confirmAdopt tells the chair that adoption freezes the text.
func (s *Server) confirmAdopt(w http.ResponseWriter, r *http.Request) {
	s.confirmOutcome(w, r, http.StatusOK, func(o *outcome.Outcome) bool { return o.Can.Adopt }, func(pg *Page, o *outcome.Outcome, v *outcomeConfirmView) {
		v.Action, v.Button = outcomeURL(o.Meeting.ID, "/adopt"), pg.T("outcome.page.adopt")
		v.Question = pg.T("outcome.page.adopt_confirm", v.Version)
		v.Effect = pg.T("outcome.page.adopt_effect")
	})
}

// adoptOutcome adopts the version read, once confirmed.
func (s *Server) adoptOutcome(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	n, err := formInt(r, "version")
	if err == nil && r.PostFormValue("confirm") != "on" {
		http.Redirect(w, r, outcomeURL(id, "/adopt"), http.StatusSeeOther)
		return
	}
	if err == nil {
		_, err = s.outcomes.Adopt(r.Context(), actor(r), outcome.AdoptInput{MeetingID: id, Version: n})
	}
	if err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	s.redirect(w, r, outcomeURL(id, ""), "outcome.page.adopted")
}

// confirmPublish asks the secretariat to confirm the publication (or its
// withdrawal, with ?withdraw=1).
func (s *Server) confirmPublish(w http.ResponseWriter, r *http.Request) {
	withdraw := r.URL.Query().Get("withdraw") != ""
	s.confirmOutcome(w, r, http.StatusOK, func(o *outcome.Outcome) bool { return o.Can.Draft }, func(pg *Page, o *outcome.Outcome, v *outcomeConfirmView) {
		v.Action, v.Publish = outcomeURL(o.Meeting.ID, "/publish"), "on"
		v.Button, v.Question, v.Effect = pg.T("outcome.page.publish"), pg.T("outcome.page.publish_confirm"), pg.T("outcome.page.publish_effect")
		if withdraw {
			v.Publish = "off"
			v.Button, v.Question, v.Effect = pg.T("outcome.page.unpublish"), pg.T("outcome.page.unpublish_confirm"), pg.T("outcome.page.unpublish_effect")
		}
	})
}

// publishOutcome publishes the adopted document, or withdraws it, once
// confirmed.
func (s *Server) publishOutcome(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	publish := r.PostFormValue("publish") != "off"
	if r.PostFormValue("confirm") != "on" {
		http.Redirect(w, r, outcomeURL(id, "/publish"), http.StatusSeeOther)
		return
	}
	if _, err := s.outcomes.Publish(r.Context(), actor(r), outcome.PublishInput{MeetingID: id, Publish: publish}); err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	flash := "outcome.page.published"
	if !publish {
		flash = "outcome.page.unpublished"
	}
	s.redirect(w, r, outcomeURL(id, ""), flash)
}

// amendView is the form of an amendment to one block.
type amendView struct {
	*outcomeView
	Block  domain.OutcomeBlock
	Number int
	Op     string
	Text   string
	Lang   string
	Reason string
	Body   string
}

// amendForm is the form of a delegation's amendment to a block of the
// version the open round amends.
func (s *Server) amendForm(w http.ResponseWriter, r *http.Request) {
	s.renderAmendForm(w, r, http.StatusOK, nil)
}

func (s *Server) renderAmendForm(w http.ResponseWriter, r *http.Request, status int, failure error) {
	ov, err := s.outcomes.Overview(r.Context(), actor(r), outcome.OverviewInput{MeetingID: r.PathValue("id")})
	if err == nil && len(ov.Can.Bodies) == 0 {
		err = domain.Forbidden()
	}
	if err == nil && (ov.Text == nil || ov.Status != domain.OutcomeOpen) {
		err = domain.Errorf(domain.ECONFLICT, "outcome.error_not_open", "the draft is not open for amendments")
	}
	blockID := r.FormValue("block")
	var block domain.OutcomeBlock
	found := false
	if err == nil {
		for _, sec := range ov.Text.Text.Sections {
			for _, b := range sec.Blocks {
				if b.ID == blockID {
					block, found = b, true
				}
			}
		}
		if !found {
			err = domain.NotFound("paragraph")
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg, ov2 := s.outcomePage(r, ov)
	v := &amendView{outcomeView: ov2, Block: block, Number: ov2.Number(block.ID), Op: string(store.AmendReplace), Text: block.Text, Lang: pg.Lang()}
	if r.Method == http.MethodPost {
		v.Op, v.Text, v.Lang, v.Reason, v.Body = r.PostFormValue("op"), r.PostFormValue("text"), r.PostFormValue("lang"), r.PostFormValue("justification"), r.PostFormValue("body")
	}
	pg.Data = v
	pg.Title = pg.T("outcome.page.amend_title", v.Number)
	if failure != nil && !pg.fieldErrors(failure) {
		pg.FormError = pg.message(failure)
	}
	s.render(w, r, status, "outcome_amend", pg)
}

// proposeAmendment records a delegation's amendment.
func (s *Server) proposeAmendment(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := outcome.ProposeInput{MeetingID: id, Body: r.PostFormValue("body"), BlockID: r.PostFormValue("block"), Op: store.AmendmentOp(r.PostFormValue("op")),
		Text: r.PostFormValue("text"), Lang: r.PostFormValue("lang"), Justification: r.PostFormValue("justification")}
	if in.Op == store.AmendDelete {
		in.Text = ""
	}
	am, err := s.outcomes.Propose(r.Context(), actor(r), in)
	if err != nil {
		if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
			s.renderAmendForm(w, r, statusOf(err), err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, outcomeURL(id, "#"+am.ID), "outcome.page.proposed")
}

// amendmentRef reads the amendment of the path and the version of it the
// form was made from.
func amendmentRef(r *http.Request) (outcome.AmendmentRef, error) {
	n, err := formInt(r, "version")
	return outcome.AmendmentRef{MeetingID: r.PathValue("id"), AmendmentID: r.PathValue("aid"), Version: n}, err
}

// supportAmendment records a delegation's support of an amendment.
func (s *Server) supportAmendment(w http.ResponseWriter, r *http.Request) {
	id, aid := r.PathValue("id"), r.PathValue("aid")
	if _, err := s.outcomes.Support(r.Context(), actor(r), outcome.SupportInput{MeetingID: id, AmendmentID: aid, Body: r.PostFormValue("body")}); err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	s.redirect(w, r, outcomeURL(id, "#"+aid), "outcome.page.supported")
}

// withdrawAmendment withdraws a delegation's own amendment.
func (s *Server) withdrawAmendment(w http.ResponseWriter, r *http.Request) {
	ref, err := amendmentRef(r)
	if err == nil {
		_, err = s.outcomes.Withdraw(r.Context(), actor(r), ref)
	}
	if err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	s.redirect(w, r, outcomeURL(ref.MeetingID, "#"+ref.AmendmentID), "outcome.page.withdrawn")
}

// decideAmendment accepts, accepts with changes or rejects an amendment.
func (s *Server) decideAmendment(w http.ResponseWriter, r *http.Request) {
	ref, err := amendmentRef(r)
	in := outcome.DecideInput{AmendmentRef: ref, Decision: outcome.Decision(r.PostFormValue("decision")), Reason: r.PostFormValue("reason")}
	if in.Decision == outcome.AcceptWithChanges {
		in.Text = r.PostFormValue("text")
	}
	if err == nil {
		_, err = s.outcomes.Decide(r.Context(), actor(r), in)
	}
	if err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	s.redirect(w, r, outcomeURL(ref.MeetingID, "#"+ref.AmendmentID), "outcome.page.decided")
}

// breakSilence breaks the silence procedure, with a reason.
func (s *Server) breakSilence(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.outcomes.BreakSilence(r.Context(), actor(r), outcome.BreakInput{MeetingID: id, Body: r.PostFormValue("body"), Reason: r.PostFormValue("reason")}); err != nil {
		s.outcomeFailure(w, r, err, nil)
		return
	}
	s.redirect(w, r, outcomeURL(id, "#round"), "outcome.page.silence_broken")
}
