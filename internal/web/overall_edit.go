package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// ballotForm is what the ballot's fields need: the method decides whether
// each candidate gets a place (Schulze, Borda), an approval box or a
// score (the "ballot-choice" partial in _ballot.html).
type ballotForm struct {
	Method     rank.Method
	Candidates []candidateView
	Places     []int // 1..n
	Scores     []int // ScoreMin..ScoreMax
}

// overallEditForm is the edit form of one candidate.
type overallEditForm struct {
	Text    string
	Version int
	Open    bool // unfolded: the last edit of it was refused
}

// Ranked reports whether the method takes a ranking.
func (b ballotForm) Ranked() bool { return b.Method == rank.Schulze || b.Method == rank.Borda }

// BallotForm is the group ballot page's fields (ranking.html).
func (v rankView) BallotForm() ballotForm {
	return ballotForm{Method: v.Settings.Method, Candidates: v.Candidates, Places: v.Places, Scores: v.Scores}
}

// fillOverallMethod gives the overall page the part's plenary method: the
// ballot form's fields, the settings form and whether ballots lock it.
func fillOverallMethod(r *http.Request, v *overallView, o *synthesis.Overall) {
	set := o.Tally.Settings
	v.Settings, v.Methods, v.Cast = set, rank.Methods(), len(o.Tally.Ballots)
	v.Ballot = ballotForm{Method: set.Method, Places: v.Places}
	for sc := set.ScoreMin; sc <= set.ScoreMax; sc++ {
		v.Ballot.Scores = append(v.Ballot.Scores, sc)
	}
	v.Edit = map[string]overallEditForm{}
	for _, c := range o.Candidates {
		f := overallEditForm{Text: c.Text, Version: c.Version}
		// A refused edit keeps the text the person wrote, so that nothing
		// typed is lost to a conflict.
		if r.Method == http.MethodPost && r.PathValue("cid") == c.ID && r.PostFormValue("text") != "" {
			f.Text, f.Open = r.PostFormValue("text"), true
		}
		v.Edit[c.ID] = f
	}
}

// saveOverallSettings sets the part's plenary method and score range.
func (s *Server) saveOverallSettings(w http.ResponseWriter, r *http.Request) {
	sc, v, ok := s.overallPartForm(w, r)
	if !ok {
		return
	}
	in := synthesis.SettingsInput{PartRef: partRef(sc, v), Method: rank.Method(r.PostFormValue("method"))}
	var errs domain.Errors
	for _, f := range []struct {
		name string
		dst  *int
	}{{"score_min", &in.ScoreMin}, {"score_max", &in.ScoreMax}, {"version", &in.Version}} {
		n, err := formInt(r, f.name)
		if err != nil {
			errs = append(errs, err.(*domain.Error))
		}
		*f.dst = n
	}
	err := errs.Err()
	if err == nil {
		_, err = s.synth.PutSettings(r.Context(), actor(r), in)
	}
	if err != nil {
		s.overallFailure(w, r, nil, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, "#method"), "flash.saved")
}

// overallCandidateOf finds the candidate of the path in the meeting of the
// path, for the chair or the secretariat; its part becomes the page's.
func (s *Server) overallCandidateOf(w http.ResponseWriter, r *http.Request) (store.Scope, *plenaryView, *synthesis.Candidate, bool) {
	sc, v, err := s.plenaryPart(r)
	var c *synthesis.Candidate
	if err == nil {
		c, err = s.synth.EditableCandidate(r.Context(), actor(r), synthesis.CandidateRef{MeetingID: sc.MeetingID, CandidateID: r.PathValue("cid")})
	}
	if err == nil && (v.Part == nil || v.Part.ID != c.PartID) {
		if r.FormValue("part") != "" {
			err = domain.NotFound("candidate")
		} else {
			r.Form.Set("part", c.PartID)
			sc, v, err = s.plenaryPart(r)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return sc, nil, nil, false
	}
	return sc, v, c, true
}

// editOverallCandidate replaces a candidate's text with the version read:
// a form older than the last edit is a conflict (409) shown on the page
// with the text the person wrote, never a silent overwrite.
func (s *Server) editOverallCandidate(w http.ResponseWriter, r *http.Request) {
	sc, v, c, ok := s.overallCandidateOf(w, r)
	if !ok {
		return
	}
	version, err := formInt(r, "version")
	if err == nil {
		_, err = s.synth.EditCandidate(r.Context(), actor(r), synthesis.CandidateEdit{CandidateRef: synthesis.CandidateRef{MeetingID: sc.MeetingID, CandidateID: c.ID},
			Text: r.PostFormValue("text"), Version: version})
	}
	if err != nil {
		if code := domain.ErrorCode(err); code == domain.EINVALID || code == domain.ECONFLICT {
			r.Form.Set("part", c.PartID)
			s.renderOverallEdit(w, r, statusOf(err), c.ID, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, "#candidates"), "overall.edited")
}

// renderOverallEdit shows the overall page after a refused edit of
// candidate id: the error by its form, which keeps the text written.
func (s *Server) renderOverallEdit(w http.ResponseWriter, r *http.Request, status int, id string, err error) {
	var list domain.Errors
	var one *domain.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = domain.Errors{one}
	}
	var out domain.Errors
	for _, e := range list {
		e2 := *e
		if e2.Field == "text" || e2.Field == "version" || e2.Field == "" {
			e2.Field = "edit_" + id
		}
		out = append(out, &e2)
	}
	s.renderOverall(w, r, status, nil, out.Err())
}

// confirmRemoveOverallCandidate asks before removing a candidate (a page
// that works without JavaScript).
func (s *Server) confirmRemoveOverallCandidate(w http.ResponseWriter, r *http.Request) {
	sc, v, c, ok := s.overallCandidateOf(w, r)
	if !ok {
		return
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T("overall.remove_title")
	pg.Data = confirmView{Question: pg.T("overall.remove_confirm", c.Text),
		Action: "/meetings/" + sc.MeetingID + "/overall/candidates/" + c.ID + "/remove?part=" + c.PartID + "&version=" + strconv.Itoa(c.Version),
		Back:   s.overallURL(sc.MeetingID, v, "#candidates")}
	s.render(w, r, http.StatusOK, "confirm", pg)
}

// removeOverallCandidate removes a candidate once confirmed, with the
// version read (a candidate edited since is a conflict). Ballots that
// named it drop it when counted.
func (s *Server) removeOverallCandidate(w http.ResponseWriter, r *http.Request) {
	sc, v, c, ok := s.overallCandidateOf(w, r)
	if !ok {
		return
	}
	var err error
	if !formBool(r, "confirm") {
		err = domain.Invalid("confirm", "error.confirm", "tick the box to confirm the deletion")
	}
	// The version comes in the confirmation page's action (the query).
	version, verr := strconv.Atoi(r.FormValue("version"))
	if err == nil && verr != nil {
		err = domain.Invalid("version", "error.number", "must be a whole number")
	}
	if err == nil {
		err = s.synth.RemoveCandidate(r.Context(), actor(r), synthesis.CandidateRemoval{CandidateRef: synthesis.CandidateRef{MeetingID: sc.MeetingID, CandidateID: c.ID}, Version: version})
	}
	if err != nil {
		if code := domain.ErrorCode(err); code == domain.EINVALID || code == domain.ECONFLICT {
			r.Form.Set("part", c.PartID)
			s.renderOverallEdit(w, r, statusOf(err), c.ID, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, "#candidates"), "overall.removed")
}
