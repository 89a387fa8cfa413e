package web

import (
	"bytes"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
)

// liveView is a group's live analysis as the page shows it: aggregates
// only, laid out by live.Snapshot.Layout. It holds no participant's
// identity: the map's points carry no name, number or order that could
// tell who is who.
type liveView struct {
	W            *groupWork
	Seq          uint64
	At           time.Time
	Participants int
	Votes        int
	Statements   int
	live.Layout
	// Groups are the layout's opinion groups placed on the map (they
	// stand for Layout.Groups).
	Groups []opinionGroup
	Points []mapPoint
}

// opinionGroup is an opinion group with its place and colour on the map.
type opinionGroup struct {
	live.OpinionGroup
	Color string
	X, Y  float64
}

// LabelY places the group's letter just above its centre, inside the map,
// so that it does not hide the points at the centre.
func (g opinionGroup) LabelY() float64 { return math.Max(14, g.Y-18) }

type mapPoint struct {
	X, Y  float64
	Color string
}

// groupColors tell groups apart for common colour blindness (Okabe-Ito),
// as the opinion engine's own map does.
var groupColors = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"}

// mapSize is the side of the map's square view box.
const mapSize = 300.0

// buildLiveView turns a snapshot into the group's live page: the layout
// every live view shares (live.Snapshot.Layout, every statement kept),
// and the map.
func buildLiveView(gw *groupWork, snap *live.Snapshot) *liveView {
	v := &liveView{W: gw, Layout: snap.Layout(nil)}
	if snap == nil {
		return v
	}
	v.Seq, v.At, v.Participants, v.Votes, v.Statements = snap.Seq, snap.At, snap.Participants, snap.Votes, len(snap.Statements)
	res := snap.Result
	if res == nil {
		return v
	}
	// Scale the map to the view box, keeping its proportions.
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, p := range res.Participants {
		lo[0], lo[1] = math.Min(lo[0], p.X), math.Min(lo[1], p.Y)
		hi[0], hi[1] = math.Max(hi[0], p.X), math.Max(hi[1], p.Y)
	}
	span := math.Max(hi[0]-lo[0], hi[1]-lo[1])
	if span <= 0 || math.IsInf(span, 0) || math.IsNaN(span) {
		span = 1
	}
	const pad = 20.0
	scale := func(x, y float64) (float64, float64) {
		if math.IsInf(lo[0], 0) {
			return mapSize / 2, mapSize / 2
		}
		f := (mapSize - 2*pad) / span
		cx := pad + (x-lo[0])*f + ((mapSize-2*pad)-(hi[0]-lo[0])*f)/2
		cy := mapSize - pad - (y-lo[1])*f - ((mapSize-2*pad)-(hi[1]-lo[1])*f)/2
		return math.Round(cx*10) / 10, math.Round(cy*10) / 10
	}
	color := func(g int) string {
		if g < 0 {
			return "#767676"
		}
		return groupColors[g%len(groupColors)]
	}
	for _, p := range res.Participants {
		x, y := scale(p.X, p.Y)
		v.Points = append(v.Points, mapPoint{X: x, Y: y, Color: color(p.Group)})
	}
	// Points are drawn in the map's own order, never the order people
	// joined in, so that the document says nothing of who is where.
	slices.SortFunc(v.Points, func(a, b mapPoint) int {
		if a.X != b.X {
			return cmpFloat(a.X, b.X)
		}
		return cmpFloat(a.Y, b.Y)
	})
	for _, g := range v.Layout.Groups {
		og := opinionGroup{OpinionGroup: g, Color: color(g.ID)}
		og.X, og.Y = scale(g.Center[0], g.Center[1])
		v.Groups = append(v.Groups, og)
	}
	return v
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// groupLive shows the group's live view: its opinion groups on a map,
// what it agrees on, what divides it and between which groups, with how
// sure the analysis is. Browsers with JavaScript follow the events stream;
// the others reload.
func (s *Server) groupLive(w http.ResponseWriter, r *http.Request) {
	gw, snap, err := s.delib.Live(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", buildLiveView(s.newGroupWork(r, gw), snap))
	pg.Title = pg.T("breakout.live_title", gw.Group.Name)
	s.render(w, r, http.StatusOK, "breakout_live", pg)
}

// groupLiveEvents streams the live view's body, rendered in the viewer's
// language, each time the group's analysis changes (server-sent events,
// event "snapshot"). It sends HTML, not the analysis itself, so that
// nothing reaches the browser that the page would not show.
func (s *Server) groupLiveEvents(w http.ResponseWriter, r *http.Request) {
	gw, err := s.loadGroupWork(r, r.PathValue("id"), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.cfg.Live == nil {
		s.fail(w, r, domain.Errorf(domain.EUNAVAILABLE, "error.unavailable", "live analysis is not available on this server"))
		return
	}
	snaps, stop := s.cfg.Live.Watch(gw.Key())
	defer stop()
	st, err := s.startSSE(w, r)
	if err != nil {
		return
	}
	defer st.Close()
	var last uint64
	for {
		var err error
		select {
		case <-st.Done():
			return
		case <-st.Heartbeat():
			err = st.Beat()
		case snap := <-snaps:
			if snap.Seq == last {
				continue
			}
			last = snap.Seq
			err = s.sendLiveSnapshot(st, r, gw, snap)
		}
		if err != nil {
			return
		}
	}
}

func (s *Server) sendLiveSnapshot(st *sseStream, r *http.Request, gw *groupWork, snap *live.Snapshot) error {
	pg := s.page(r, "", buildLiveView(gw, snap))
	var buf bytes.Buffer
	if err := s.tmpl.lookup(pg.Lang(), "breakout_live").ExecuteTemplate(&buf, "live-body", pg); err != nil {
		return err
	}
	return st.Send(strconv.FormatUint(snap.Seq, 10), "snapshot", buf.Bytes())
}
