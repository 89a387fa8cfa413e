package followup

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/commitio"
	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Import and export of a process's commitments with their indicators
// (package commitio says what a file holds).

// ImportResult says what an import recorded.
type ImportResult struct {
	Commitments int
	Indicators  int
}

// names finds bodies by ID, acronym or name (case and spacing aside), and
// a process's meetings by ID, short name or title.
type names struct {
	bodies   map[string][]*domain.Body
	meetings map[string]*domain.Meeting
}

func nameKey(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func (s *Service) names(ctx context.Context, processID string) (*names, error) {
	n := &names{bodies: map[string][]*domain.Body{}, meetings: map[string]*domain.Meeting{}}
	for offset := 0; ; offset += 500 {
		bs, total, err := s.db.Bodies(ctx, store.BodyFilter{Offset: offset, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			keys := []string{b.ID, nameKey(b.Name)}
			if b.Acronym != "" {
				keys = append(keys, nameKey(b.Acronym))
			}
			for _, k := range keys {
				if !containsBody(n.bodies[k], b) {
					n.bodies[k] = append(n.bodies[k], b)
				}
			}
		}
		if offset+len(bs) >= total || len(bs) == 0 {
			break
		}
	}
	ms, err := s.db.Meetings(ctx, processID, "")
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		for _, k := range []string{m.ID, nameKey(m.ShortName), nameKey(m.Title)} {
			if k != "" {
				n.meetings[k] = m
			}
		}
	}
	return n, nil
}

func containsBody(bs []*domain.Body, b *domain.Body) bool {
	for _, x := range bs {
		if x.ID == b.ID {
			return true
		}
	}
	return false
}

// body resolves a cell naming a body.
func (n *names) body(v string) (string, *domain.Error) {
	bs := n.bodies[v]
	if len(bs) == 0 {
		bs = n.bodies[nameKey(v)]
	}
	switch len(bs) {
	case 0:
		return "", domain.Invalid("", "error.io_body_unknown", "no body has the ID, acronym or name %s", v)
	case 1:
		return bs[0].ID, nil
	}
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = b.ID
	}
	return "", domain.Invalid("", "error.io_body_ambiguous", "%s names several bodies: write the ID of one of them (%s)", v, strings.Join(ids, ", "))
}

// fieldColumn is the column of a file a field of a commitment or an
// indicator is read from.
var fieldColumn = map[string]string{"title": commitio.ColTitle, "text": commitio.ColText, "lang": commitio.ColLang, "owner": commitio.ColOwner,
	"co_owners": commitio.ColCoOwners, "partners": commitio.ColPartners, "objectives": commitio.ColObjectives, "meeting": commitio.ColMeeting,
	"start_on": commitio.ColStartOn, "due_on": commitio.ColDueOn, "status": commitio.ColStatus, "deliverables": commitio.ColDeliverables,
	"contributions": commitio.ColContributions, "name": commitio.ColIndicator, "unit": commitio.ColUnit, "baseline": commitio.ColBaseline,
	"baseline_on": commitio.ColBaselineOn, "target": commitio.ColTarget, "target_on": commitio.ColTargetOn, "direction": commitio.ColDirection,
	"disaggregation": commitio.ColDisaggregation, "source": commitio.ColSource}

// cellErrors turns a validation error of the row at line into the
// file's problems, each in its column.
func cellErrors(line int, err error) contribio.CellErrors {
	var out contribio.CellErrors
	add := func(e *domain.Error) {
		col := fieldColumn[e.Field]
		out = append(out, contribio.CellError{Row: line, Column: col, Err: e})
	}
	var es domain.Errors
	var e *domain.Error
	switch {
	case errors.As(err, &es):
		for _, x := range es {
			add(x)
		}
	case errors.As(err, &e):
		add(e)
	default:
		out = append(out, contribio.CellError{Row: line, Err: domain.Invalid("", "error.internal", "%v", err)})
	}
	return out
}

func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "false", "no", "0":
		return false, true
	case "true", "yes", "1":
		return true, true
	}
	return false, false
}

func parseNumber(v string) (*float64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !domain.Finite(f) {
		return nil, false
	}
	return &f, true
}

// Import records the commitments of a file of format f in a process,
// with their indicators, all or none: the secretariat of the process
// only. A file with problems records nothing and answers every problem
// with its row and column ([contribio.CellErrors], EINVALID).
func (s *Service) Import(ctx context.Context, a *domain.Actor, processID string, f contribio.Format, r io.Reader) (*ImportResult, error) {
	p, err := s.process(ctx, a, processID)
	if err != nil {
		return nil, err
	}
	if !a.CanManageCommitments(p.ID, "") {
		return nil, errNotSecretariat()
	}
	rows, problems := commitio.Read(f, r)
	if len(problems) > 0 {
		return nil, problems
	}
	n, err := s.names(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	// Rows with one id are one commitment; its cells come from its first
	// row, and each row with an indicator adds one.
	type group struct {
		rows []commitio.Row
	}
	var groups []*group
	byRef := map[string]*group{}
	for _, row := range rows {
		ref := row.Get(commitio.ColID)
		if g := byRef[ref]; ref != "" && g != nil {
			g.rows = append(g.rows, row)
			continue
		}
		g := &group{rows: []commitio.Row{row}}
		groups = append(groups, g)
		if ref != "" {
			byRef[ref] = g
		}
	}
	var items []store.CommitmentImport
	var errs contribio.CellErrors
	for _, g := range groups {
		item, es := s.importItem(ctx, a, p.ID, n, g.rows)
		errs = append(errs, es...)
		if item != nil {
			items = append(items, *item)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if err := s.db.ImportCommitments(domain.NewContextWithActor(ctx, a), items); err != nil {
		return nil, err
	}
	res := &ImportResult{Commitments: len(items)}
	for _, it := range items {
		res.Indicators += len(it.Indicators)
	}
	return res, nil
}

// importItem reads one commitment and its indicators from its rows.
func (s *Service) importItem(ctx context.Context, a *domain.Actor, processID string, n *names, rows []commitio.Row) (*store.CommitmentImport, contribio.CellErrors) {
	first := rows[0]
	line := first.Line
	var errs contribio.CellErrors
	bad := func(col string, e *domain.Error) {
		e.Field = col
		errs = append(errs, contribio.CellError{Row: line, Column: col, Err: e})
	}
	c := &domain.Commitment{ProcessID: processID, Title: first.Get(commitio.ColTitle), Text: first.Get(commitio.ColText), Lang: first.Get(commitio.ColLang),
		StartOn: first.Get(commitio.ColStartOn), DueOn: first.Get(commitio.ColDueOn), Status: domain.CommitmentStatus(first.Get(commitio.ColStatus)),
		Deliverables: commitio.ParseDeliverables(first.Cells[commitio.ColDeliverables]), ContributionIDs: commitio.Split(first.Get(commitio.ColContributions))}
	if v := first.Get(commitio.ColOwner); v != "" {
		id, e := n.body(v)
		if e != nil {
			bad(commitio.ColOwner, e)
		}
		c.OwnerBodyID = id
	}
	for _, f := range []struct {
		col string
		dst *[]string
	}{{commitio.ColCoOwners, &c.CoOwnerBodyIDs}, {commitio.ColPartners, &c.PartnerBodyIDs}} {
		for _, v := range commitio.Split(first.Get(f.col)) {
			id, e := n.body(v)
			if e != nil {
				bad(f.col, e)
				continue
			}
			*f.dst = append(*f.dst, id)
		}
	}
	if v := first.Get(commitio.ColMeeting); v != "" {
		m := n.meetings[v]
		if m == nil {
			m = n.meetings[nameKey(v)]
		}
		if m == nil {
			bad(commitio.ColMeeting, domain.Invalid("", "error.io_meeting_unknown", "there is no meeting %s", v))
		} else {
			c.MeetingID = m.ID
		}
	}
	c.Objectives = commitio.Split(first.Get(commitio.ColObjectives))
	if v, ok := parseBool(first.Get(commitio.ColSeeksSupport)); ok {
		c.SeeksSupport = v
	} else {
		bad(commitio.ColSeeksSupport, domain.Invalid("", "error.io_bool", "write true or false"))
	}
	if err := c.Validate(); err != nil {
		errs = append(errs, cellErrors(line, err)...)
	} else if len(errs) == 0 {
		if c.MeetingID != "" && !a.CanManageCommitments(processID, c.MeetingID) {
			bad(commitio.ColMeeting, domain.Invalid("", "followup.error_meeting", "the meeting is not one of the process's"))
		}
		if err := s.checkRefs(ctx, a, c, nil); err != nil {
			errs = append(errs, cellErrors(line, err)...)
		}
	}
	item := &store.CommitmentImport{Commitment: c}
	for _, row := range rows {
		if row.Get(commitio.ColIndicator) == "" {
			if row.Line != line {
				errs = append(errs, contribio.CellError{Row: row.Line, Column: commitio.ColIndicator,
					Err: domain.Invalid(commitio.ColIndicator, "error.required", "this field is required")})
			}
			continue
		}
		ind := &domain.Indicator{Name: row.Get(commitio.ColIndicator), Unit: row.Get(commitio.ColUnit), BaselineOn: row.Get(commitio.ColBaselineOn),
			TargetOn: row.Get(commitio.ColTargetOn), Direction: domain.Direction(row.Get(commitio.ColDirection)),
			Disaggregation: commitio.Split(row.Get(commitio.ColDisaggregation)), Source: row.Get(commitio.ColSource)}
		var ok bool
		numOK := true
		if ind.Baseline, ok = parseNumber(row.Get(commitio.ColBaseline)); !ok {
			numOK = false
			errs = append(errs, contribio.CellError{Row: row.Line, Column: commitio.ColBaseline, Err: domain.Invalid(commitio.ColBaseline, "followup.error_number", "must be a number such as 42 or 12.5")})
		}
		if ind.Target, ok = parseNumber(row.Get(commitio.ColTarget)); !ok {
			numOK = false
			errs = append(errs, contribio.CellError{Row: row.Line, Column: commitio.ColTarget, Err: domain.Invalid(commitio.ColTarget, "followup.error_number", "must be a number such as 42 or 12.5")})
		}
		if numOK {
			if err := ind.Validate(); err != nil {
				errs = append(errs, cellErrors(row.Line, err)...)
			}
		}
		item.Indicators = append(item.Indicators, ind)
	}
	if len(item.Indicators) > domain.MaxIndicators {
		errs = append(errs, contribio.CellError{Row: line, Column: commitio.ColIndicator, Err: domain.Invalid(commitio.ColIndicator, "error.too_many", "at most %d", domain.MaxIndicators)})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return item, nil
}

// Export writes the commitments of a process that in selects (all of
// them, whatever in.Limit) with their indicators and latest accepted
// values, in format f, to whoever sees the process's follow-up.
func (s *Service) Export(ctx context.Context, a *domain.Actor, in ListInput, f contribio.Format, w io.Writer) error {
	in.Limit = 0
	if _, err := s.List(ctx, a, in); err != nil { // authorises and checks the filter
		return err
	}
	cs, _, err := s.db.Commitments(ctx, store.CommitmentFilter{ProcessID: in.ProcessID, MeetingID: in.MeetingID, BodyID: in.BodyID, Objective: in.Objective,
		Region: in.Region, Status: in.Status, Sort: "title", Limit: -1})
	if err != nil {
		return err
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	inds, err := s.db.Indicators(ctx, ids...)
	if err != nil {
		return err
	}
	indIDs := make([]string, len(inds))
	byCommitment := map[string][]*domain.Indicator{}
	for i, ind := range inds {
		indIDs[i] = ind.ID
		byCommitment[ind.CommitmentID] = append(byCommitment[ind.CommitmentID], ind)
	}
	latest, err := s.db.LatestValues(ctx, indIDs)
	if err != nil {
		return err
	}
	bodies, err := s.bodiesOf(ctx, cs)
	if err != nil {
		return err
	}
	ms, err := s.db.Meetings(ctx, in.ProcessID, "")
	if err != nil {
		return err
	}
	meetings := map[string]string{}
	for _, m := range ms {
		meetings[m.ID] = m.Name()
	}
	label := func(id string) string {
		if b := bodies[id]; b != nil {
			return b.Label()
		}
		return id
	}
	items := make([]commitio.Item, len(cs))
	for i, c := range cs {
		it := commitio.Item{Commitment: c, Owner: label(c.OwnerBodyID), Meeting: meetings[c.MeetingID], Indicators: byCommitment[c.ID], Latest: latest}
		for _, id := range c.CoOwnerBodyIDs {
			it.CoOwners = append(it.CoOwners, label(id))
		}
		for _, id := range c.PartnerBodyIDs {
			it.Partners = append(it.Partners, label(id))
		}
		items[i] = it
	}
	return commitio.Write(w, f, items)
}
