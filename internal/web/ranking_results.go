package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// tallyView is a ranking's full tally, for the results page and the report.
type tallyView struct {
	Method   rank.Method
	ScoreMin int
	ScoreMax int
	Ballots  int
	Stale    int
	Rows     []tallyRow
	Top      rank.Top
	TopRows  []tallyRow // Selected, then Tied
	// Matrix and Paths are Schulze's d and p, with the candidates' labels.
	Labels []string
	Matrix [][]string
	Paths  [][]string
}

// tallyRow is one candidate's line of the tally.
type tallyRow struct {
	candidateView
	Position int
	Value    string
	Exact    string
	Sum      string
	Scored   string
	Average  string
	Status   rank.Status
}

// num shows a count or a weight: whole numbers as they are, others to two
// decimals at most, so that with an equal say per group a third of a ballot
// reads 0.33, not 0.3333333333333333 (the tally gives the exact fraction
// next to a value so rounded).
func num(f float64) string {
	if f == math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strings.TrimRight(strconv.FormatFloat(f, 'f', 2, 64), "0")
	return strings.TrimSuffix(s, ".")
}

func round(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// newTallyView lays out result for reading; cands are the candidates in
// the order they were counted.
func newTallyView(method rank.Method, scoreMin, scoreMax int, cands []candidateView, res *rank.Result, top rank.Top, ballots int) tallyView {
	v := tallyView{Method: method, ScoreMin: scoreMin, ScoreMax: scoreMax, Ballots: ballots, Top: top}
	byID := map[string]candidateView{}
	for _, c := range cands {
		byID[c.ID] = c
	}
	rows := map[string]tallyRow{}
	for _, c := range res.Candidates {
		row := tallyRow{candidateView: byID[c.ID], Position: c.Position, Value: num(c.Value), Exact: c.Exact, Status: top.Status(c.ID)}
		if method == rank.Score {
			row.Sum, row.Scored, row.Average = num(c.Sum), num(c.Scored), round(c.Average)
		}
		v.Rows = append(v.Rows, row)
		rows[c.ID] = row
	}
	for _, id := range top.Selected {
		v.TopRows = append(v.TopRows, rows[id])
	}
	for _, id := range top.Tied {
		v.TopRows = append(v.TopRows, rows[id])
	}
	if pw := res.Pairwise; pw != nil {
		for i, id := range pw.Candidates {
			v.Labels = append(v.Labels, byID[id].Label)
			var d, p []string
			for j := range pw.Candidates {
				if i == j {
					d, p = append(d, "–"), append(p, "–")
					continue
				}
				d, p = append(d, num(pw.D[i][j])), append(p, num(pw.P[i][j]))
			}
			v.Matrix, v.Paths = append(v.Matrix, d), append(v.Paths, p)
		}
	}
	return v
}

// resultsView is the results page of a group and part.
type resultsView struct {
	*groupPart
	Tally     tallyView
	Frozen    bool // the report was submitted: the tally is the one it froze
	CanVote   bool
	CanReport bool
	CanManage bool // the secretariat: links to the settings and every report
	Closed    bool
}

// showResults shows a group's top five with the full tally to anyone who
// may see the meeting. Ballots are never shown one by one.
func (s *Server) showResults(w http.ResponseWriter, r *http.Request) {
	gr, err := s.delib.Results(r.Context(), actor(r), conversationOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := resultsView{groupPart: &groupPart{gr.Conversation}, Tally: resultsTally(gr.Results), Frozen: gr.Frozen, Closed: gr.Frozen || !gr.Open,
		CanVote: gr.CanVote, CanReport: gr.CanReport, CanManage: gr.CanManage}
	pg := s.page(r, "", v)
	pg.Title = pg.T("ranking.results_title", gr.Group.Name)
	s.render(w, r, http.StatusOK, "ranking_results", pg)
}

// resultsTally lays out a group's ranking, frozen or counted.
func resultsTally(res *deliberation.Results) tallyView {
	v := newTallyView(res.Method, res.ScoreMin, res.ScoreMax, candidateViews(res.Candidates), res.Result, res.Top, res.Ballots)
	v.Stale = res.Stale
	return v
}

// snapshotTally lays out the tally a submitted report froze.
func snapshotTally(sn *store.ReportSnapshot) tallyView {
	cands := make([]candidateView, len(sn.Candidates))
	for i, c := range sn.Candidates {
		cands[i] = candidateView{ID: c.ID, Label: "S" + strconv.Itoa(i+1), Text: c.Text, Lang: c.Lang, Kind: c.Kind, ByPartner: c.ByPartner}
	}
	return newTallyView(sn.Method, sn.ScoreMin, sn.ScoreMax, cands, sn.Result, sn.Top, sn.Ballots)
}
