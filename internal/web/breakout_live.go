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
	"github.com/plenary-org/plenary/internal/opinion"
)

// liveView is a group's live analysis as the page shows it: aggregates
// only. It holds no participant's identity: the map's points carry no
// name, number or order that could tell who is who.
type liveView struct {
	W            *groupWork
	Seq          uint64
	At           time.Time
	Participants int
	Votes        int
	Statements   int
	Analysed     bool // an opinion analysis exists (there are votes)
	Groups       []opinionGroup
	Points       []mapPoint
	Consensus    []consensusRow
	Against      []consensusRow // what the group agrees to reject
	Divisive     []divisiveRow
	// How sure the analysis is, in percent; Resamples 0 when the
	// bootstrap did not run (too few votes).
	Resamples   int
	KAgreement  int
	GroupsMatch int
}

type opinionGroup struct {
	Name      string // "A"
	Color     string
	Size      int
	Stability int // percent, -1 when unknown
	X, Y      float64
	Typical   []repRow
	Small     bool // too small for its own figures to be shown
}

// LabelY places the group's letter just above its centre, inside the map,
// so that it does not hide the points at the centre.
func (g opinionGroup) LabelY() float64 { return math.Max(14, g.Y-18) }

type repRow struct {
	Text    string
	Partner bool // a partner's statement
	Agree   bool
	N, Of   int // N of the Of members of the group who voted on it voted that way
}

type mapPoint struct {
	X, Y  float64
	Color string
}

type consensusRow struct {
	Text      string
	Partner   bool   // a partner's statement
	Part      string // the statement's session part, "" for every part
	N, Of     int    // N of the Of people who voted on it voted that way
	Stability int    // percent, -1 when unknown
}

type divisiveRow struct {
	Text       string
	Partner    bool   // a partner's statement
	Part       string // the statement's session part, "" for every part
	Most       string // the opinion group agreeing most
	MostNet    int    // its net agreement, percent
	Least      string // the one agreeing least
	LeastNet   int
	Stability  int
	ByGroupNet []groupNet
}

type groupNet struct {
	Name string
	Net  int
}

// groupColors tell groups apart for common colour blindness (Okabe-Ito),
// as the opinion engine's own map does.
var groupColors = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"}

func pct(f float64) int { return int(math.Round(100 * f)) }

// count rounds a tally of votes (weights in the opinion engine).
func count(f float64) int { return int(math.Round(f)) }

func pctPtr(f *float64) int {
	if f == nil {
		return -1
	}
	return pct(*f)
}

// minShownGroup is the smallest opinion group whose own figures (what
// sets it apart, its net agreement on divisive statements) are shown: in
// a smaller one, anyone who knows who is in it could tell how they voted.
const minShownGroup = 3

// mapSize is the side of the map's square view box.
const mapSize = 300.0

// buildLiveView turns a snapshot into the page's view. Of the statements
// that divide the group it lists the first shownDivisive that keep allows
// (nil: any), so that a page leaving some out (another part's, or
// partners' or mechanisms' under a filter) still lists as many as there
// are, and no row is laid out only to be dropped.
func buildLiveView(gw *groupWork, snap *live.Snapshot, keep func(part string, byPartner bool) bool) *liveView {
	v := &liveView{W: gw}
	if snap == nil {
		return v
	}
	v.Seq, v.At, v.Participants, v.Votes, v.Statements = snap.Seq, snap.At, snap.Participants, snap.Votes, len(snap.Statements)
	res := snap.Result
	if res == nil {
		return v
	}
	v.Analysed = true
	byID := make(map[string]*domain.Statement, len(snap.Statements))
	for _, st := range snap.Statements {
		byID[st.ID] = st
	}
	stmt := func(seq int64) *domain.Statement {
		if st := byID[snap.StatementIDs[seq]]; st != nil {
			return st
		}
		return &domain.Statement{}
	}
	text := func(seq int64) (string, bool) {
		st := stmt(seq)
		return st.Text, st.ByPartner
	}
	if res.Stability != nil {
		v.Resamples, v.KAgreement, v.GroupsMatch = res.Stability.Resamples, pct(res.Stability.KAgreement), pct(math.Max(0, res.Stability.MeanARI))
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
	gname := map[int]string{}
	for _, g := range res.Groups {
		gname[g.ID] = opinion.GroupName(g.ID)
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
	for _, g := range res.Groups {
		og := opinionGroup{Name: gname[g.ID], Color: color(g.ID), Size: g.Size, Stability: pctPtr(g.Stability), Small: g.Size < minShownGroup}
		og.X, og.Y = scale(g.Center[0], g.Center[1])
		for i, rp := range g.Repness {
			if i == 3 || og.Small {
				break
			}
			row := repRow{Agree: rp.Direction == opinion.DirAgree, N: count(rp.NSuccess), Of: count(rp.NTrials)}
			row.Text, row.Partner = text(rp.Statement)
			og.Typical = append(og.Typical, row)
		}
		v.Groups = append(v.Groups, og)
	}
	for _, c := range res.Consensus.Agree {
		row := consensusRow{N: count(c.NSuccess), Of: count(c.NTrials), Stability: pctPtr(c.Stability)}
		row.Text, row.Partner = text(c.Statement)
		row.Part = stmt(c.Statement).PartID
		v.Consensus = append(v.Consensus, row)
	}
	for _, c := range res.Consensus.Disagree {
		row := consensusRow{N: count(c.NSuccess), Of: count(c.NTrials), Stability: pctPtr(c.Stability)}
		row.Text, row.Partner = text(c.Statement)
		row.Part = stmt(c.Statement).PartID
		v.Against = append(v.Against, row)
	}
	for _, d := range res.Divisive {
		if len(v.Divisive) == shownDivisive {
			break
		}
		st := stmt(d.Statement)
		if keep != nil && !keep(st.PartID, st.ByPartner) {
			continue
		}
		row := divisiveRow{Stability: pctPtr(d.Stability)}
		row.Text, row.Partner, row.Part = st.Text, st.ByPartner, st.PartID
		most, least := -1, -1
		for gi, net := range d.ByGroup {
			if gi >= len(res.Groups) {
				break
			}
			if res.Groups[gi].Size < minShownGroup {
				continue
			}
			row.ByGroupNet = append(row.ByGroupNet, groupNet{Name: gname[res.Groups[gi].ID], Net: pct(net)})
			if most < 0 || net > d.ByGroup[most] {
				most = gi
			}
			if least < 0 || net < d.ByGroup[least] {
				least = gi
			}
		}
		if most >= 0 && least >= 0 && most != least {
			row.Most, row.MostNet = gname[res.Groups[most].ID], pct(d.ByGroup[most])
			row.Least, row.LeastNet = gname[res.Groups[least].ID], pct(d.ByGroup[least])
		}
		v.Divisive = append(v.Divisive, row)
	}
	return v
}

// shownDivisive is how many of the statements that divide a group a page
// lists, the most divisive first.
const shownDivisive = 5

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
	gw, err := s.loadGroupWork(r, r.PathValue("id"), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.cfg.Live == nil {
		s.fail(w, r, domain.Errorf(domain.EUNAVAILABLE, "error.unavailable", "live analysis is not available on this server"))
		return
	}
	snap := s.cfg.Live.Latest(gw.Key())
	if snap == nil {
		if snap, err = s.cfg.Live.Current(r.Context(), gw.Key()); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	pg := s.page(r, "", buildLiveView(gw, snap, nil))
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
	pg := s.page(r, "", buildLiveView(gw, snap, nil))
	var buf bytes.Buffer
	if err := s.tmpl.pages["breakout_live"].ExecuteTemplate(&buf, "live-body", pg); err != nil {
		return err
	}
	return st.Send(strconv.FormatUint(snap.Seq, 10), "snapshot", buf.Bytes())
}
