package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// The projector view shows the plenary on the room's screen: each
// breakout group's five, the themes repeated across groups and the live
// counts, in very large type and without navigation. Like the plenary
// page it names no author and no body.

// projectorPerSlide is how many groups one slide holds, so that the type
// stays readable from the back of the room; more groups make more slides,
// which the page's script rotates through when they do not fit.
const projectorPerSlide = 3

// projectorThemesPerSlide is how many themes one slide holds.
const projectorThemesPerSlide = 6

// projectorDebounce is the shortest time between two updates of the
// screen: votes arriving together make one update.
const projectorDebounce = time.Second

// projectorRefresh is the meta refresh of browsers without JavaScript,
// in seconds.
const projectorRefresh = 15

type projectorView struct {
	Meeting   *domain.Meeting
	Part      *domain.Part
	PartLabel string
	Groups    int // M of "in N of M groups"
	Slides    []projectorSlide
	LiveOff   bool
	Updated   time.Time
	Refresh   int
	Events    string         // the event stream's URL
	Empty     bool           // no group yet
	From      synthesis.From // whose statements: as on the plenary page
	FollowUp  bool           // the part ranks follow-up mechanisms
}

// projectorSlide is one screenful: the confirmed overall
// recommendations, some candidates, some groups' columns or some themes.
type projectorSlide struct {
	Confirmed  []synthesis.Candidate
	Candidates []synthesis.Candidate
	Columns    []synthesis.Column
	Themes     []synthesis.Theme
}

// projectorCandidatesPerSlide is how many candidate overall
// recommendations one slide holds.
const projectorCandidatesPerSlide = 8

// projectorURL is the projector's address with the part and the language.
func projectorURL(meetingID, partID, lang string, from synthesis.From, suffix string) string {
	q := url.Values{}
	if partID != "" {
		q.Set("part", partID)
	}
	if from != "" && from != synthesis.FromAll {
		q.Set("from", string(from))
	}
	if lang != "" {
		q.Set("lang", lang)
	}
	u := "/meetings/" + meetingID + "/projector" + suffix
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// projectorData reads what the screen shows now: the plenary's synthesis
// (synthesis.Service.Plenary), laid out in slides.
func (s *Server) projectorData(r *http.Request) (*projectorView, error) {
	pv, err := s.readPlenary(r)
	if err != nil {
		return nil, err
	}
	v := &projectorView{Meeting: pv.Meeting, Part: pv.Part, Refresh: projectorRefresh, Updated: time.Now().UTC(), From: pv.From}
	for _, p := range pv.Parts {
		if p.Selected {
			v.PartLabel = p.Label
		}
	}
	if v.Part == nil {
		return v, nil
	}
	p := pv.P
	v.Events = projectorURL(v.Meeting.ID, v.Part.ID, langOf(r.Context()), v.From, "/events")
	v.LiveOff, v.Groups, v.Empty, v.FollowUp = p.LiveOff, len(p.Groups), len(p.Columns) == 0, p.FollowUp
	// The confirmed overall recommendations come first: once the chair
	// confirms them, they are what the room looks at.
	if c := p.Overall.Confirmed; len(c) > 0 {
		v.Slides = append(v.Slides, projectorSlide{Confirmed: c})
	}
	for i := 0; i < len(p.Columns); i += projectorPerSlide {
		v.Slides = append(v.Slides, projectorSlide{Columns: p.Columns[i:min(i+projectorPerSlide, len(p.Columns))]})
	}
	// Only the themes repeated across groups: a theme of one group is
	// already in that group's column.
	var repeated []synthesis.Theme
	for _, th := range p.Themes {
		if th.N > 1 {
			repeated = append(repeated, th)
		}
	}
	for i := 0; i < len(repeated); i += projectorThemesPerSlide {
		v.Slides = append(v.Slides, projectorSlide{Themes: repeated[i:min(i+projectorThemesPerSlide, len(repeated))]})
	}
	if len(repeated) == 0 && !v.Empty {
		v.Slides = append(v.Slides, projectorSlide{Themes: []synthesis.Theme{}})
	}
	// While the plenary ranks, the candidates it ranks.
	if c := p.Overall.Candidates; len(p.Overall.Confirmed) == 0 {
		for i := 0; i < len(c); i += projectorCandidatesPerSlide {
			v.Slides = append(v.Slides, projectorSlide{Candidates: c[i:min(i+projectorCandidatesPerSlide, len(c))]})
		}
	}
	return v, nil
}

// showProjector renders the projector page to anyone who may see the
// meeting.
func (s *Server) showProjector(w http.ResponseWriter, r *http.Request) {
	v, err := s.projectorData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("projector.title")
	var buf bytes.Buffer
	if err := s.tmpl.lookup(pg.Lang(), "projector").ExecuteTemplate(&buf, "projector", pg); err != nil {
		s.serverError(w, r, fmt.Errorf("web: render projector: %w", err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", pg.Lang())
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

// projectorEvents streams the projector's content, rendered in the
// screen's language, whenever a group's live analysis changes: at most
// one update a second, with heartbeats while nothing changes.
func (s *Server) projectorEvents(w http.ResponseWriter, r *http.Request) {
	v, err := s.projectorData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.cfg.Live == nil {
		s.fail(w, r, domain.Errorf(domain.EUNAVAILABLE, "error.unavailable", "live analysis is not available on this server"))
		return
	}
	if v.Part == nil {
		s.fail(w, r, domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts"))
		return
	}
	// The meeting's events tell of groups added, renamed or removed while
	// the screen is open (and of new statements, reports and theme
	// edits). Subscribing before reading the groups misses none.
	events, unsubscribe := s.db.Subscribe(v.Meeting.ID)
	defer unsubscribe()
	// One watch per group, each telling "something changed".
	changed := make(chan struct{}, 1)
	watches := map[string]func(){}
	defer func() {
		for _, stop := range watches {
			stop()
		}
	}()
	watchGroups := func() error {
		groups, err := s.db.Groups(r.Context(), v.Meeting.ID)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, g := range groups {
			seen[g.ID] = true
			if watches[g.ID] == nil {
				watches[g.ID] = s.watchGroup(live.Key{Meeting: v.Meeting.ID, Group: g.ID}, changed)
			}
		}
		for id, stop := range watches {
			if !seen[id] {
				stop()
				delete(watches, id)
			}
		}
		return nil
	}
	if err := watchGroups(); err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.startSSE(w, r)
	if err != nil {
		return
	}
	defer st.Close()
	var (
		seq      uint64
		lastSent time.Time
		pending  bool
		timer    <-chan time.Time
	)
	for {
		var err error
		send := false
		select {
		case <-st.Done():
			return
		case <-st.Heartbeat():
			err = st.Beat()
		case e := <-events:
			switch e.ObjectType {
			case "group":
				if err := watchGroups(); err != nil {
					return
				}
			case "statement", "group_report", "part", "ranking_settings", "ballot", "overall_candidate", "overall_recommendations":
			default:
				continue
			}
			select {
			case changed <- struct{}{}:
			default:
			}
			continue
		case <-changed:
			if wait := projectorDebounce - time.Since(lastSent); wait > 0 {
				if !pending {
					pending, timer = true, time.After(wait)
				}
				continue
			}
			send = true
		case <-timer:
			pending, timer, send = false, nil, true
		}
		if send {
			lastSent = time.Now()
			seq++
			err = s.sendProjector(st, r, seq)
		}
		if err != nil {
			return
		}
	}
}

// watchGroup watches a group's live analysis and tells changed (without
// waiting) whenever a new analysis comes; the function returned stops it.
func (s *Server) watchGroup(k live.Key, changed chan<- struct{}) func() {
	ch, stop := s.cfg.Live.Watch(k)
	quit := make(chan struct{})
	go func() {
		var last uint64
		for {
			select {
			case <-quit:
				return
			case snap, ok := <-ch:
				if !ok {
					return
				}
				if snap.Seq == last {
					continue
				}
				last = snap.Seq
				select {
				case changed <- struct{}{}:
				default:
				}
			}
		}
	}()
	return func() {
		stop()
		close(quit)
	}
}

// sendProjector renders the projector's content afresh and sends it as
// one "projector" event.
func (s *Server) sendProjector(st *sseStream, r *http.Request, seq uint64) error {
	v, err := s.projectorData(r)
	if err != nil {
		return err
	}
	pg := s.page(r, "", v)
	var buf bytes.Buffer
	if err := s.tmpl.lookup(pg.Lang(), "projector").ExecuteTemplate(&buf, "projector-body", pg); err != nil {
		return err
	}
	return st.Send(strconv.FormatUint(seq, 10), "projector", buf.Bytes())
}
