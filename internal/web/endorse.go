package web

import (
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// Endorsements: delegates and partners mark a published good practice of
// another region as workable for their region, with conditions; the
// meeting's list ranks the practices by how many regions endorse them.

// endorseRow is one endorsement as people see it.
type endorseRow struct {
	Region     string
	Who        string // the body's name, or without attribution its kind or "a participant"
	Conditions string
	Mine       bool // the viewer acts for the body
}

// endorseForm is the form of one body the viewer acts for.
type endorseForm struct {
	BodyID, BodyLabel, BodyRegion string
	Region, Conditions            string
	Version                       int  // 0 for a new endorsement
	Saved                         bool // the body has endorsed the practice
	OwnRegion                     bool // the practice comes from the body's region
	Posted                        bool // the form sent back with errors
	withdraw                      bool // sent back from the withdrawal form
}

// endorseSection is the endorsements part of a contribution's page.
type endorseSection struct {
	Open  bool // a published good practice: endorsements may be given
	Rows  []endorseRow
	Forms []endorseForm
	// Regions counts the distinct endorsing regions.
	Regions int
	ListURL string
}

// endorseWho names an endorsing body: the body itself when the viewer may
// see it, else its kind when the meeting may show it, else "a participant".
func endorseWho(pg *Page, e synthesis.Endorsement) string {
	switch {
	case e.Named:
		return e.BodyLabel()
	case e.BodyKind != "":
		return pg.T("kind." + string(e.BodyKind))
	}
	return pg.T("contrib.a_participant")
}

// endorseRows lays out endorsements for the page.
func endorseRows(pg *Page, es []synthesis.Endorsement) []endorseRow {
	rows := make([]endorseRow, 0, len(es))
	for _, e := range es {
		rows = append(rows, endorseRow{Region: e.Region, Who: endorseWho(pg, e), Conditions: e.Conditions, Mine: e.Mine})
	}
	return rows
}

// endorsements builds the section of a good practice's page; posted, when
// not nil, is a form sent back with errors.
func (s *Server) endorsements(r *http.Request, pg *Page, c *domain.Contribution, m *domain.Meeting, posted *endorseForm) (*endorseSection, error) {
	pe, err := s.synth.PracticeEndorsements(r.Context(), actor(r), c.ID)
	if err != nil || pe == nil {
		return nil, err
	}
	v := &endorseSection{Open: pe.Open, ListURL: "/meetings/" + m.ID + "/endorsements", Rows: endorseRows(pg, pe.Endorsements), Regions: pe.Regions}
	for _, eb := range pe.Bodies {
		b := eb.Body
		f := endorseForm{BodyID: b.ID, BodyLabel: b.Label(), BodyRegion: b.Region, Region: b.Region, OwnRegion: eb.OwnRegion}
		if e := eb.Endorsement; e != nil {
			f.Region, f.Conditions, f.Version, f.Saved = e.Region, e.Conditions, e.Version, true
		}
		if posted != nil && posted.BodyID == b.ID {
			f.Posted = true
			if !posted.withdraw {
				f.Region, f.Conditions, f.Version = posted.Region, posted.Conditions, posted.Version
			}
		}
		v.Forms = append(v.Forms, f)
	}
	return v, nil
}

// saveEndorsement creates or edits the actor's body's endorsement: the
// body of the form ("body"), else the actor's only one.
func (s *Server) saveEndorsement(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.visibleContribution(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := formInt(r, "version")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	in := synthesis.EndorseInput{ContributionID: c.ID, BodyID: r.PostFormValue("body"), Region: r.PostFormValue("region"), Conditions: r.PostFormValue("conditions"), Version: version}
	if _, err := s.synth.Endorse(r.Context(), a, in); err != nil {
		posted := &endorseForm{BodyID: a.EndorsementBody(m.ProcessID, m.ID, in.BodyID), Region: in.Region, Conditions: in.Conditions, Version: version}
		s.endorseFailure(w, r, c, m, posted, err)
		return
	}
	s.redirect(w, r, "/contributions/"+c.ID+"#endorsements", "endorse.saved")
}

// withdrawEndorsement deletes the actor's body's endorsement once confirmed.
func (s *Server) withdrawEndorsement(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.visibleContribution(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := formInt(r, "version")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	in := synthesis.WithdrawInput{ContributionID: c.ID, BodyID: r.PostFormValue("body"), Version: version, Confirmed: formBool(r, "confirm")}
	if err := s.synth.Withdraw(r.Context(), a, in); err != nil {
		s.endorseFailure(w, r, c, m, &endorseForm{BodyID: a.EndorsementBody(m.ProcessID, m.ID, in.BodyID), withdraw: true}, err)
		return
	}
	s.redirect(w, r, "/contributions/"+c.ID+"#endorsements", "endorse.withdrawn")
}

// endorseFailure shows the contribution's page again with the form's
// errors.
func (s *Server) endorseFailure(w http.ResponseWriter, r *http.Request, c *domain.Contribution, m *domain.Meeting, posted *endorseForm, err error) {
	switch domain.ErrorCode(err) {
	case domain.EINVALID, domain.ECONFLICT:
	default:
		s.fail(w, r, err)
		return
	}
	pg, perr := s.contribDetail(r, c, m)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	if posted != nil {
		if sec, serr := s.endorsements(r, pg, c, m, posted); serr == nil {
			pg.Data.(*contribDetailView).Endorse = sec
		}
	}
	s.formFailure(w, r, err, "contribution", pg)
}

// endorsedItem is one practice of the list.
type endorsedItem struct {
	contribItem
	Rank        int
	RegionCount int // distinct endorsing regions
	BodyCount   int
	Endorsed    []endorseRow
}

type endorsedView struct {
	Meeting                *domain.Meeting
	Items                  []endorsedItem
	Filter                 store.EndorsedFilter
	FromRegions, ByRegions []string
	Types                  []optionView
	Pager                  Pager
	Filtered               bool
}

const endorsedPageSize = 20

// listEndorsed shows the meeting's good practices endorsed by other
// regions, most endorsing regions first.
func (s *Server) listEndorsed(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	q := r.URL.Query()
	f := store.EndorsedFilter{Region: strings.TrimSpace(q.Get("region")), By: strings.TrimSpace(q.Get("by")),
		Practice: domain.PracticeType(q.Get("type")), Limit: endorsedPageSize, Offset: pageOffset(r)}
	res, err := s.synth.EndorsedPractices(ctx, a, synthesis.EndorsedInput{MeetingID: r.PathValue("id"), Filter: f, Filters: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m := res.Meeting
	v := &endorsedView{Meeting: m, Filter: f, Filtered: f.Region != "" || f.By != "" || f.Practice != "", FromRegions: res.FromRegions, ByRegions: res.ByRegions,
		Pager: Pager{Offset: f.Offset, Limit: endorsedPageSize, Total: res.Total, Base: pagerBase(r)}}
	pg := s.page(r, "", v)
	pg.Title = pg.T("endorse.title")
	for _, t := range domain.PracticeTypes {
		v.Types = append(v.Types, optionView{Value: string(t), Label: pg.T("contrib.practice." + string(t)), Selected: t == f.Practice})
	}
	lb := s.labels(ctx, pg)
	lb.meetings[m.ID] = m
	for i, it := range res.Items {
		v.Items = append(v.Items, endorsedItem{contribItem: lb.item(it.Practice, a, false), Rank: f.Offset + i + 1, RegionCount: it.Regions, BodyCount: it.Bodies,
			Endorsed: endorseRows(pg, it.Endorsements)})
	}
	s.render(w, r, http.StatusOK, "endorsements", pg)
}
