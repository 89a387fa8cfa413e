package web

import (
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// overallView is the plenary's page of overall recommendations for one
// breakout part: the themes to draw candidates from, the plenary ballot,
// the tally with each breakout group's equal say, how robust the top five
// is, and the chair's confirmation.
type overallView struct {
	*plenaryView
	Candidates []candidateView
	// Offer are the themes not yet drawn into a candidate, with the text
	// the form is prefilled with.
	Offer     []overallOffer
	CanEdit   bool   // the chair and the secretariat: candidates, confirmation
	CanReopen bool   // the secretariat
	VoteGroup string // the caller's breakout group's name when they may rank
	Version   int    // of the caller's ballot
	Places    []int
	Closed    bool
	Tally     tallyView
	Weights   []overallWeight
	Robust    *overallRobust
	Confirmed *store.OverallConfirmation
	Chosen    []candidateView // the confirmed recommendations
	Preselect map[string]bool // the confirmation form's ticked boxes
	TopSize   int
	// The part's plenary method (overall_edit.go): the ballot form
	// follows it; the chair and the secretariat set it.
	Settings *store.OverallSettings
	Ballot   ballotForm
	Methods  []rank.Method
	Cast     int                        // plenary ballots cast: the method is locked when > 0
	Edit     map[string]overallEditForm // candidate id -> its edit form
}

// overallOffer is a theme that may become a candidate.
type overallOffer struct {
	ID, Label, Text string
	N, Size         int
}

// overallWeight is one breakout group's share of the count.
type overallWeight struct {
	Group   string
	Ballots int
	Each    string // the weight of each of its ballots, as a fraction
}

// overallRobust is what becomes of the top five without each group.
type overallRobust struct {
	Stable bool
	Groups []overallEffect
}

type overallEffect struct {
	Group   string
	Ballots int
	Changed bool
	Changes []overallChange
}

type overallChange struct {
	Label, Text string
	From, To    rank.Status
}

func (s *Server) showOverall(w http.ResponseWriter, r *http.Request) {
	s.renderOverall(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderOverall(w http.ResponseWriter, r *http.Request, status int, posted *rank.Ballot, formErr error) {
	in := synthesis.OverallInput{PartRef: synthesis.PartRef{MeetingID: r.PathValue("id"), PartID: r.FormValue("part")}, Offer: true}
	o, err := s.synth.Overall(r.Context(), actor(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := o.Part
	v := &overallView{plenaryView: s.plenaryViewOf(r, p.Meeting, p.Part, p.Parts, o.CanEdit), CanEdit: o.CanEdit, CanReopen: o.CanReopen,
		TopSize: store.OverallTopSize, Preselect: map[string]bool{}}
	if p.Part != nil {
		fillOverall(r, v, o, posted)
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("overall.title")
	if formErr != nil && !pg.fieldErrors(formErr) {
		pg.FormError = pg.message(formErr)
	}
	s.render(w, r, status, "overall", pg)
}

// fillOverall lays out a part's overall recommendations; posted, when not
// nil, is a ballot sent back with errors.
func fillOverall(r *http.Request, v *overallView, o *synthesis.Overall, posted *rank.Ballot) {
	t, groups := o.Tally, o.Part.Groups
	for i, c := range o.Candidates {
		v.Candidates = append(v.Candidates, candidateView{ID: c.ID, Label: c.Label, Text: c.Text})
		v.Places = append(v.Places, i+1)
	}
	fillOverallMethod(r, v, o)
	if conf := o.Confirmation; conf != nil {
		v.Confirmed, v.Closed = conf, true
		for _, id := range conf.Selected {
			for _, c := range v.Candidates {
				if c.ID == id {
					v.Chosen = append(v.Chosen, c)
				}
			}
		}
	}
	if o.VoteGroup != "" {
		for _, g := range groups {
			if g.ID == o.VoteGroup {
				v.VoteGroup = g.Name
			}
		}
		b := posted
		if mine := o.MyBallot; mine != nil {
			v.Version = mine.Version
			if b == nil && mine.Method == t.Settings.Method {
				rb := mine.Rank()
				b = &rb
			}
		}
		if b != nil {
			fillBallot(v.Candidates, b)
		}
	}
	v.Ballot.Candidates = v.Candidates
	v.Tally = newTallyView(t.Settings.Method, t.Settings.ScoreMin, t.Settings.ScoreMax, v.Candidates, t.Result, t.Top, len(t.Ballots))
	for _, id := range t.Top.Selected {
		v.Preselect[id] = true
	}
	for _, w := range o.Weights {
		v.Weights = append(v.Weights, overallWeight{Group: w.GroupName, Ballots: w.Ballots, Each: w.Each})
	}
	if t.Robustness != nil {
		label := map[string]candidateView{}
		for _, c := range v.Candidates {
			label[c.ID] = c
		}
		v.Robust = &overallRobust{Stable: t.Robustness.Stable}
		for _, g := range groups {
			for _, e := range t.Robustness.Groups {
				if e.Group != g.ID {
					continue
				}
				ef := overallEffect{Group: g.Name, Ballots: e.Ballots, Changed: e.Changed}
				for _, ch := range e.Changes {
					ef.Changes = append(ef.Changes, overallChange{Label: label[ch.Candidate].Label, Text: label[ch.Candidate].Text, From: ch.From, To: ch.To})
				}
				v.Robust.Groups = append(v.Robust.Groups, ef)
			}
		}
	}
	for _, of := range o.Offer {
		v.Offer = append(v.Offer, overallOffer{ID: of.ThemeID, Label: of.Label, Text: of.Text, N: of.Groups, Size: of.Statements})
	}
}

// overallPartForm finds the meeting and part of a POST, which must name
// the part.
func (s *Server) overallPartForm(w http.ResponseWriter, r *http.Request) (store.Scope, *plenaryView, bool) {
	sc, v, err := s.plenaryPart(r)
	if err == nil && (v.Part == nil || r.PostFormValue("part") == "") {
		err = domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
	}
	if err != nil {
		s.fail(w, r, err)
		return sc, nil, false
	}
	return sc, v, true
}

func (s *Server) overallURL(meetingID string, v *plenaryView, anchor string) string {
	return "/meetings/" + meetingID + "/overall" + v.Query() + anchor
}

// partRef names the meeting and part of a POST.
func partRef(sc store.Scope, v *plenaryView) synthesis.PartRef {
	return synthesis.PartRef{MeetingID: sc.MeetingID, PartID: v.Part.ID}
}

// overallFailure shows the overall page again after a refused change
// (validation, conflict) with its message, and fails otherwise.
func (s *Server) overallFailure(w http.ResponseWriter, r *http.Request, posted *rank.Ballot, err error) {
	if c := domain.ErrorCode(err); c == domain.EINVALID || c == domain.ECONFLICT {
		s.renderOverall(w, r, statusOf(err), posted, err)
		return
	}
	s.fail(w, r, err)
}

// addOverallCandidate turns one of the part's themes into a candidate
// overall recommendation.
func (s *Server) addOverallCandidate(w http.ResponseWriter, r *http.Request) {
	sc, v, ok := s.overallPartForm(w, r)
	if !ok {
		return
	}
	in := synthesis.CandidateInput{PartRef: partRef(sc, v), ThemeID: r.PostFormValue("theme"), Text: r.PostFormValue("text")}
	if _, err := s.synth.AddCandidate(r.Context(), actor(r), in); err != nil {
		s.overallFailure(w, r, nil, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, "#candidates"), "overall.added")
}

// castOverallBallot saves the caller's plenary ballot from the form, drawn
// for the part's plenary method.
func (s *Server) castOverallBallot(w http.ResponseWriter, r *http.Request) {
	sc, v, ok := s.overallPartForm(w, r)
	if !ok {
		return
	}
	ctx, a := r.Context(), actor(r)
	sh, err := s.synth.Ballot(ctx, a, partRef(sc, v))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	method := sh.Settings.Method
	// The form names the method it was drawn for: a ballot filled in under
	// another method is a conflict, never read as this one.
	if m := r.PostFormValue("method"); m != "" && rank.Method(m) != method {
		s.renderOverall(w, r, http.StatusConflict, nil, domain.Errorf(domain.ECONFLICT, "ranking.error_method_changed", "the ranking method changed since you opened the page; fill in the ballot again"))
		return
	}
	ids := make([]string, len(sh.Candidates))
	for i, c := range sh.Candidates {
		ids[i] = c.ID
	}
	rb, err := parseBallotForm(method, ids, r.PostForm)
	if err == nil {
		var version int
		if version, err = formInt(r, "version"); err == nil {
			_, err = s.synth.PutBallot(ctx, a, synthesis.BallotInput{PartRef: partRef(sc, v), Method: method, Ranks: rb.Ranks, Approved: rb.Approved, Scores: rb.Scores, Version: version})
		}
	}
	if err != nil {
		s.overallFailure(w, r, &rb, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, "#ballot"), "ranking.saved")
}

// confirmOverall stores the five overall recommendations ticked, with the
// tally, and closes the ranking.
func (s *Server) confirmOverall(w http.ResponseWriter, r *http.Request) {
	sc, v, ok := s.overallPartForm(w, r)
	if !ok {
		return
	}
	if _, err := s.synth.Confirm(r.Context(), actor(r), synthesis.ConfirmInput{PartRef: partRef(sc, v), Selected: r.PostForm["selected"]}); err != nil {
		s.overallFailure(w, r, nil, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, "#confirmed"), "overall.confirmed_flash")
}

// reopenOverall removes the confirmation.
func (s *Server) reopenOverall(w http.ResponseWriter, r *http.Request) {
	sc, v, ok := s.overallPartForm(w, r)
	if !ok {
		return
	}
	if err := s.synth.Reopen(r.Context(), actor(r), partRef(sc, v)); err != nil {
		s.overallFailure(w, r, nil, err)
		return
	}
	s.redirect(w, r, s.overallURL(sc.MeetingID, v, ""), "overall.reopened")
}
