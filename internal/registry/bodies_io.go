package registry

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/geo"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/store"
)

// The columns of a bodies file, in the order they are written
// (docs/REGISTRY.md). Member and observer states are ISO 3166-1 alpha-3
// codes separated by spaces; joined is "MEX 1996; GTM 1996-03". Only name
// and kind are required when reading.
var BodyColumns = []string{"id", "name", "acronym", "kind", "region", "region_id", "established", "secretariat", "website",
	"members", "observers", "joined", "members_note"}

// Limits on a bodies file.
const (
	MaxBodiesFileBytes = 8 << 20
	MaxBodiesRows      = 5000
)

// BodyRecord is one row of a bodies file.
type BodyRecord struct {
	Line        int    `json:"-"`
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	Acronym     string `json:"acronym,omitempty"`
	Kind        string `json:"kind"`
	Region      string `json:"region,omitempty"`
	RegionID    string `json:"region_id,omitempty"`
	Established string `json:"established,omitempty"`
	Secretariat string `json:"secretariat,omitempty"`
	Website     string `json:"website,omitempty"`
	Members     string `json:"members,omitempty"`
	Observers   string `json:"observers,omitempty"`
	Joined      string `json:"joined,omitempty"`
	MembersNote string `json:"members_note,omitempty"`
}

func (r *BodyRecord) cells() []string {
	return []string{r.ID, r.Name, r.Acronym, r.Kind, r.Region, r.RegionID, r.Established, r.Secretariat, r.Website,
		r.Members, r.Observers, r.Joined, r.MembersNote}
}

// recordOf writes a body as a row.
func recordOf(b *domain.Body) BodyRecord {
	a3 := func(cs []string) string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = geo.Alpha3(c)
		}
		return strings.Join(out, " ")
	}
	var joined []string
	for _, c := range slices.Concat(b.Countries, b.Observers) {
		if d := b.Joined[c]; d != "" {
			joined = append(joined, geo.Alpha3(c)+" "+d)
		}
	}
	r := BodyRecord{ID: b.ID, Name: b.Name, Acronym: b.Acronym, Kind: string(b.Kind), Region: b.Region, RegionID: b.RegionID,
		Secretariat: b.Secretariat, Website: b.Website, Members: a3(b.Countries), Observers: a3(b.Observers),
		Joined: strings.Join(joined, "; "), MembersNote: b.MembersNote}
	if b.Established != 0 {
		r.Established = strconv.Itoa(b.Established)
	}
	return r
}

// ExportBodies returns every body as a row of a bodies file, by name, to
// anyone with an account.
func (s *Service) ExportBodies(ctx context.Context, a *domain.Actor) ([]BodyRecord, error) {
	if err := canView(a); err != nil {
		return nil, err
	}
	bs, _, err := s.db.Bodies(ctx, store.BodyFilter{Limit: 100000})
	if err != nil {
		return nil, err
	}
	out := make([]BodyRecord, len(bs))
	for i, b := range bs {
		out[i] = recordOf(b)
	}
	return out, nil
}

// WriteBodies writes rows of a bodies file in format f.
func WriteBodies(w io.Writer, f contribio.Format, rs []BodyRecord) error {
	if f == contribio.JSON {
		if rs == nil {
			rs = []BodyRecord{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rs)
	}
	rows := make([][]string, len(rs))
	for i := range rs {
		rows[i] = rs[i].cells()
	}
	return partnership.WriteTable(w, f, "bodies", BodyColumns, rows)
}

func fileErr(key, msg string, args ...any) contribio.CellErrors {
	return contribio.CellErrors{{Err: domain.Errorf(domain.EINVALID, key, msg, args...)}}
}

// ReadBodies reads a bodies file of format f: the rows and the problems
// of the file's shape (an unknown or missing column, a cell that is no
// valid text), each with its row and column. Nothing is looked up. The
// header is row 1 in CSV and XLSX; the n-th object is row n in JSON.
func ReadBodies(f contribio.Format, data []byte) ([]BodyRecord, contribio.CellErrors) {
	if len(data) > MaxBodiesFileBytes {
		return nil, fileErr("error.io_too_large", "the file is larger than %d MB", MaxBodiesFileBytes>>20)
	}
	var table [][]string
	switch f {
	case contribio.JSON:
		var rs []BodyRecord
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rs); err != nil {
			return nil, fileErr("registry.error_file", "the file is not a table this program reads: %v", err)
		}
		if len(rs) > MaxBodiesRows {
			return nil, fileErr("registry.error_rows", "at most %d rows", MaxBodiesRows)
		}
		var problems contribio.CellErrors
		for i := range rs {
			rs[i].Line = i + 1
			for j, c := range rs[i].cells() {
				if err := domain.CheckText(BodyColumns[j], c); err != nil {
					problems = append(problems, contribio.CellError{Row: i + 1, Column: BodyColumns[j], Err: asDomain(err)})
				}
			}
		}
		return rs, problems
	case contribio.CSV:
		data = bytes.TrimPrefix(data, []byte("\ufeff"))
		if !utf8.Valid(data) {
			return nil, fileErr("error.encoding", "must be valid UTF-8 text")
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		if first, _, _ := strings.Cut(string(data), "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
			r.Comma = ';'
		}
		for {
			row, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, fileErr("registry.error_file", "the file is not a table this program reads: %v", err)
			}
			if len(table) > MaxBodiesRows {
				return nil, fileErr("registry.error_rows", "at most %d rows", MaxBodiesRows)
			}
			for i, c := range row {
				if len(c) > 1 && c[0] == '\'' && strings.IndexByte("=+-@\t\r'", c[1]) >= 0 {
					row[i] = c[1:] // the quote that protected a formula-like cell
				}
			}
			table = append(table, row)
		}
	case contribio.XLSX:
		x, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 16 * MaxBodiesFileBytes, UnzipXMLSizeLimit: 16 * MaxBodiesFileBytes})
		if err != nil {
			return nil, fileErr("registry.error_file", "the file is not a table this program reads: %v", err)
		}
		defer x.Close()
		sheets := x.GetSheetList()
		if len(sheets) == 0 {
			return nil, fileErr("registry.error_file", "the file is not a table this program reads: %v", "no worksheet")
		}
		rows, err := x.GetRows(sheets[0])
		if err != nil {
			return nil, fileErr("registry.error_file", "the file is not a table this program reads: %v", err)
		}
		if len(rows) > MaxBodiesRows+1 {
			return nil, fileErr("registry.error_rows", "at most %d rows", MaxBodiesRows)
		}
		table = rows
	default:
		return nil, fileErr("error.io_format", "unknown format %q: use csv, xlsx or json", f)
	}
	return readBodyTable(table)
}

func asDomain(err error) *domain.Error {
	var e *domain.Error
	if errors.As(err, &e) {
		return e
	}
	return domain.Errorf(domain.EINVALID, "error.encoding", "%v", err)
}

func readBodyTable(table [][]string) ([]BodyRecord, contribio.CellErrors) {
	if len(table) == 0 {
		return nil, fileErr("registry.error_empty", "the file has no header row: expected the columns %s", strings.Join(BodyColumns, ", "))
	}
	var problems contribio.CellErrors
	index := map[string]int{}
	for i, h := range table[0] {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "" {
			continue
		}
		if !slices.Contains(BodyColumns, h) {
			problems = append(problems, contribio.CellError{Row: 1, Column: h, Err: domain.Invalid(h, "registry.error_column", "unknown column %q: the columns are %s", h, strings.Join(BodyColumns, ", "))})
			continue
		}
		index[h] = i
	}
	for _, c := range []string{"name", "kind"} {
		if _, ok := index[c]; !ok {
			problems = append(problems, contribio.CellError{Row: 1, Column: c, Err: domain.Invalid(c, "registry.error_missing_column", "the column %s is missing", c)})
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	var out []BodyRecord
	for n, row := range table[1:] {
		line := n + 2
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		cells := make([]string, len(BodyColumns))
		bad := false
		for j, col := range BodyColumns {
			if i, ok := index[col]; ok && i < len(row) {
				cells[j] = strings.TrimSpace(domain.NormalizeNewlines(row[i]))
			}
			if err := domain.CheckText(col, cells[j]); err != nil {
				problems = append(problems, contribio.CellError{Row: line, Column: col, Err: asDomain(err)})
				bad = true
			}
		}
		if bad {
			continue
		}
		out = append(out, BodyRecord{Line: line, ID: cells[0], Name: cells[1], Acronym: cells[2], Kind: cells[3], Region: cells[4], RegionID: cells[5],
			Established: cells[6], Secretariat: cells[7], Website: cells[8], Members: cells[9], Observers: cells[10], Joined: cells[11], MembersNote: cells[12]})
	}
	return out, problems
}

// states reads a cell of alpha-3 (or alpha-2) codes.
func states(cell string) ([]string, []string) {
	var ok, bad []string
	for _, c := range strings.FieldsFunc(cell, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '\n' || r == '\t' }) {
		c = strings.ToUpper(c)
		if a2, found := geo.FromAlpha3(c); found {
			ok = append(ok, a2)
		} else if geo.IsCountry(c) {
			ok = append(ok, c)
		} else {
			bad = append(bad, c)
		}
	}
	return ok, bad
}

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated int
}

// ImportBodies reads a bodies file and creates its bodies, or replaces
// those whose id (or, without one, whose name) exists, with their member
// and observer states, all or nothing, for those who manage bodies. A
// file with problems changes nothing and returns them all as
// [contribio.CellErrors], each with its row and column.
func (s *Service) ImportBodies(ctx context.Context, a *domain.Actor, f contribio.Format, r io.Reader) (*ImportResult, error) {
	if err := canManage(a); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxBodiesFileBytes+1))
	if err != nil {
		return nil, err
	}
	rs, problems := ReadBodies(f, data)
	if len(problems) > 0 {
		return nil, problems
	}
	existing, _, err := s.db.Bodies(ctx, store.BodyFilter{Limit: 100000})
	if err != nil {
		return nil, err
	}
	byName := map[string]*domain.Body{}
	byID := map[string]*domain.Body{}
	for _, b := range existing {
		byName[strings.ToLower(b.Name)], byID[b.ID] = b, b
	}
	res := &ImportResult{}
	var bs []*domain.Body
	lines := map[int]int{}
	seen := map[string]int{}
	cell := func(line int, col, key, msg string, args ...any) {
		problems = append(problems, contribio.CellError{Row: line, Column: col, Err: domain.Invalid(col, key, msg, args...)})
	}
	for _, rec := range rs {
		b := &domain.Body{Name: rec.Name, Acronym: rec.Acronym, Kind: domain.BodyKind(rec.Kind), Region: rec.Region, RegionID: rec.RegionID,
			Secretariat: rec.Secretariat, Website: rec.Website, MembersNote: rec.MembersNote}
		switch old := byID[rec.ID]; {
		case rec.ID != "" && old == nil:
			cell(rec.Line, "id", "registry.error_id", "no body has the ID %s", rec.ID)
			continue
		case old != nil:
			b.ID = old.ID
		default:
			if old := byName[strings.ToLower(strings.TrimSpace(rec.Name))]; old != nil {
				b.ID = old.ID
			}
		}
		key := strings.ToLower(strings.TrimSpace(rec.Name))
		if first, dup := seen[key]; dup {
			cell(rec.Line, "name", "registry.error_duplicate", "the body %q is also on row %d", rec.Name, first)
			continue
		}
		seen[key] = rec.Line
		if rec.Established != "" {
			if b.Established, err = strconv.Atoi(rec.Established); err != nil {
				cell(rec.Line, "established", "error.year", "must be a year such as 1996")
				continue
			}
		}
		var bad []string
		b.Countries, bad = states(rec.Members)
		if len(bad) > 0 {
			cell(rec.Line, "members", "error.countries", "unknown ISO 3166 country codes: %s", strings.Join(bad, ", "))
			continue
		}
		if b.Observers, bad = states(rec.Observers); len(bad) > 0 {
			cell(rec.Line, "observers", "error.countries", "unknown ISO 3166 country codes: %s", strings.Join(bad, ", "))
			continue
		}
		if b.Joined, err = domain.ParseJoined(rec.Joined); err != nil {
			problems = append(problems, contribio.CellError{Row: rec.Line, Column: "joined", Err: asDomain(err)})
			continue
		}
		if err := b.Validate(); err != nil {
			var es domain.Errors
			if !errors.As(err, &es) {
				es = domain.Errors{asDomain(err)}
			}
			for _, e := range es {
				col := e.Field
				if col == "countries" {
					col = "members"
				}
				problems = append(problems, contribio.CellError{Row: rec.Line, Column: col, Err: e})
			}
			continue
		}
		lines[len(bs)] = rec.Line
		bs = append(bs, b)
		if b.ID == "" {
			res.Created++
		} else {
			res.Updated++
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if err := s.db.ImportBodies(domain.NewContextWithActor(ctx, a), bs); err != nil {
		var be *store.BodyError
		if errors.As(err, &be) {
			var de *domain.Error
			if errors.As(be.Err, &de) && domain.ErrorCode(de) == domain.EINVALID {
				return nil, contribio.CellErrors{{Row: lines[be.Index], Column: de.Field, Err: de}}
			}
			return nil, be.Err
		}
		return nil, err
	}
	return res, nil
}
