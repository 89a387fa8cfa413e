package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Endorsements: delegates and partners mark a published good practice of
// another region as workable for their region, with conditions; the
// meeting's list ranks the practices by how many regions endorse them.

// endorseRow is one endorsement as people see it.
type endorseRow struct {
	Region     string
	Who        string // the body's name, or its kind without attribution
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

// endorseWho names an endorsing body for viewer: the body itself when the
// meeting attributes or the viewer acts for it, else its kind only.
func endorseWho(pg *Page, m *domain.Meeting, e *store.Endorsement, mine bool) string {
	if !m.NonAttribution || mine {
		return e.BodyLabel()
	}
	return pg.T("kind." + string(e.BodyKind))
}

func endorseRows(pg *Page, m *domain.Meeting, es []*store.Endorsement, own []string, practiceRegions []string) ([]endorseRow, int) {
	var rows []endorseRow
	var regions []string
	for _, e := range es {
		if slices.Contains(practiceRegions, e.Region) {
			continue
		}
		mine := slices.Contains(own, e.BodyID)
		rows = append(rows, endorseRow{Region: e.Region, Who: endorseWho(pg, m, e, mine), Conditions: e.Conditions, Mine: mine})
		if !slices.Contains(regions, e.Region) {
			regions = append(regions, e.Region)
		}
	}
	return rows, len(regions)
}

// endorsements builds the section of a good practice's page; posted, when
// not nil, is a form sent back with errors.
func (s *Server) endorsements(r *http.Request, pg *Page, c *domain.Contribution, m *domain.Meeting, posted *endorseForm) (*endorseSection, error) {
	if c.Kind != domain.KindGoodPractice {
		return nil, nil
	}
	ctx, a := r.Context(), actor(r)
	v := &endorseSection{Open: c.Status == domain.StatusPublished, ListURL: "/meetings/" + m.ID + "/endorsements"}
	es, err := s.db.ContributionEndorsements(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	own := store.EndorsingBodies(a, m.ProcessID, m.ID)
	v.Rows, v.Regions = endorseRows(pg, m, es, own, c.Regions)
	if !v.Open {
		return v, nil
	}
	for _, id := range own {
		b, err := s.db.Body(ctx, id)
		if err != nil {
			return nil, err
		}
		f := endorseForm{BodyID: b.ID, BodyLabel: b.Label(), BodyRegion: b.Region, Region: b.Region,
			OwnRegion: b.Region != "" && slices.ContainsFunc(c.Regions, func(x string) bool { return strings.EqualFold(x, b.Region) })}
		if i := slices.IndexFunc(es, func(e *store.Endorsement) bool { return e.BodyID == b.ID }); i >= 0 {
			f.Region, f.Conditions, f.Version, f.Saved = es[i].Region, es[i].Conditions, es[i].Version, true
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

// endorseBody is the body a form acts for: the one named, else the
// actor's only one.
func endorseBody(r *http.Request, m *domain.Meeting) string {
	if b := strings.TrimSpace(r.PostFormValue("body")); b != "" {
		return b
	}
	if own := store.EndorsingBodies(actor(r), m.ProcessID, m.ID); len(own) == 1 {
		return own[0]
	}
	return ""
}

// saveEndorsement creates or edits the actor's body's endorsement.
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
	body := endorseBody(r, m)
	if body == "" || !slices.Contains(store.EndorsingBodies(actor(r), m.ProcessID, m.ID), body) {
		s.fail(w, r, domain.Forbidden())
		return
	}
	e := &store.Endorsement{ContributionID: c.ID, BodyID: body, Region: r.PostFormValue("region"), Conditions: r.PostFormValue("conditions"), Version: version}
	if err := s.db.PutEndorsement(r.Context(), e); err != nil {
		s.endorseFailure(w, r, c, m, &endorseForm{BodyID: body, Region: e.Region, Conditions: e.Conditions, Version: version}, err)
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
	body := endorseBody(r, m)
	if body == "" || !slices.Contains(store.EndorsingBodies(actor(r), m.ProcessID, m.ID), body) {
		s.fail(w, r, domain.Forbidden())
		return
	}
	posted := &endorseForm{BodyID: body, withdraw: true}
	if !formBool(r, "confirm") {
		s.endorseFailure(w, r, c, m, posted, domain.Invalid("confirm", "endorse.error_confirm", "tick the box to confirm the withdrawal"))
		return
	}
	if err := s.db.DeleteEndorsement(r.Context(), c.ID, body, version); err != nil {
		s.endorseFailure(w, r, c, m, posted, err)
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
	sc, err := s.scope(r, "meeting", r.PathValue("id"), false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, a := r.Context(), actor(r)
	m, err := s.db.Meeting(ctx, sc.MeetingID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := store.EndorsedFilter{Region: strings.TrimSpace(q.Get("region")), By: strings.TrimSpace(q.Get("by")),
		Practice: domain.PracticeType(q.Get("type")), Limit: endorsedPageSize, Offset: pageOffset(r)}
	if f.Practice != "" && !f.Practice.Valid() {
		s.fail(w, r, domain.Invalid("type", "error.practice_type", "choose policy, legislation, project, institution, fund or other"))
		return
	}
	res, err := s.db.EndorsedPractices(ctx, m.ID, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &endorsedView{Meeting: m, Filter: f, Filtered: f.Region != "" || f.By != "" || f.Practice != "",
		Pager: Pager{Offset: f.Offset, Limit: endorsedPageSize, Total: res.Total, Base: pagerBase(r)}}
	pg := s.page(r, "", v)
	pg.Title = pg.T("endorse.title")
	if v.FromRegions, v.ByRegions, err = s.db.EndorsementRegions(ctx, m.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, t := range domain.PracticeTypes {
		v.Types = append(v.Types, optionView{Value: string(t), Label: pg.T("contrib.practice." + string(t)), Selected: t == f.Practice})
	}
	lb := s.labels(ctx, pg)
	lb.meetings[m.ID] = m
	own := store.EndorsingBodies(a, m.ProcessID, m.ID)
	for i, it := range res.Items {
		e := endorsedItem{contribItem: lb.item(it.Practice, a, false), Rank: f.Offset + i + 1, RegionCount: it.Regions, BodyCount: it.Bodies}
		e.Endorsed, _ = endorseRows(pg, m, it.Endorsements, own, it.Practice.Regions)
		v.Items = append(v.Items, e)
	}
	s.render(w, r, http.StatusOK, "endorsements", pg)
}
