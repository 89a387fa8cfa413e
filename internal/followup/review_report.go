package followup

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/outcome/render"
	"github.com/plenary-org/plenary/internal/store"
)

// A review cycle's report (docs/FOLLOW-UP.md): made when the cycle closes,
// in each of the cycle's languages, from what was committed, what was
// reported, the indicators against their targets and what is late. It is
// an outcome-document text ([domain.OutcomeText]) with its own versions:
// the secretariat edits it a section at a time through the outcome
// document's section editor ([outcome.EditSectionText]), makes it again
// from the data, finalises a version (its content hash is then fixed, as
// an adopted outcome document's is), and anyone who sees the follow-up
// reads and exports it with the outcome document's renderers
// (package outcome/render: DOCX, PDF, Markdown, HTML).

func errNoReport() error {
	return domain.Errorf(domain.ENOTFOUND, "followup.error_no_review_report", "the review report is made when the cycle closes")
}

func errReportStale(read, latest int) error {
	return domain.Errorf(domain.ECONFLICT, "outcome.error_stale", "you read version %d but version %d has been saved since: reload it, then apply your change again", read, latest)
}

func errReportTampered(n int) error {
	return domain.Errorf(domain.ECONFLICT, "outcome.error_tampered", "version %d no longer gives the content hash it was saved with: it was changed outside plenary", n)
}

// CloseCycle closes an open cycle and makes its review report in each of
// its languages: the cycle's secretariat, at the version read. Reports
// are taken no more once it is closed.
func (s *Service) CloseCycle(ctx context.Context, a *domain.Actor, in CycleRef) (*CycleView, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	y, err := s.managedCycle(ctx, a, in.ID)
	if err != nil {
		return nil, err
	}
	if in.Version != y.Version {
		return nil, errStaleCycle(in.Version, y.Version)
	}
	texts, err := s.reviewTexts(ctx, y, true)
	if err != nil {
		return nil, err
	}
	if err := s.db.CloseReviewCycle(ctx, y, texts, a.User.ID); err != nil {
		return nil, err
	}
	return s.Cycle(ctx, a, y.ID)
}

// RegenerateReviewReport makes a closed cycle's review report again from
// the data as it stands (reports accepted since, indicators corrected),
// as a new version in each language that is not final: the secretariat.
func (s *Service) RegenerateReviewReport(ctx context.Context, a *domain.Actor, cycleID string) ([]*store.ReviewReportVersion, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	y, err := s.visibleCycle(ctx, a, cycleID)
	if err != nil {
		return nil, err
	}
	if !a.CanManageReviewCycles(y.ProcessID) {
		return nil, errNotCycleManager()
	}
	if y.State != domain.CycleClosed {
		return nil, errNoReport()
	}
	reports, err := s.db.ReviewReports(ctx, y.ID)
	if err != nil {
		return nil, err
	}
	open := map[string]bool{}
	for _, r := range reports {
		open[r.Lang] = r.FinalVersion == 0
	}
	texts, err := s.reviewTexts(ctx, y, false)
	if err != nil {
		return nil, err
	}
	texts = slices.DeleteFunc(texts, func(t domain.OutcomeText) bool { return !open[t.Language] })
	if len(texts) == 0 {
		return nil, store.ErrReviewReportFinal
	}
	return s.db.RegenerateReviewReport(ctx, y.ID, texts, a.User.ID)
}

// reviewTexts makes the cycle's report in each of its languages; closing
// marks the late lines as of now.
func (s *Service) reviewTexts(ctx context.Context, y *domain.ReviewCycle, closing bool) ([]domain.OutcomeText, error) {
	data, err := s.db.CycleReviewData(ctx, y.ID)
	if err != nil {
		return nil, err
	}
	lines, err := s.db.CycleLines(ctx, y.ID)
	if err != nil {
		return nil, err
	}
	today := s.today()
	if !closing && !y.ClosedAt.IsZero() {
		today = y.ClosedAt.UTC().Format("2006-01-02")
	}
	out := make([]domain.OutcomeText, 0, len(y.Languages))
	for _, lang := range y.Languages {
		t := GenerateReviewReport(s.catalog().Printer(lang), lang, y, data, lines, today)
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("followup: review report in %s: %w", lang, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// reviewBlocksSpare is room left for the summary, the tables and the
// blocks a person adds when deciding how to write what was committed.
const reviewBlocksSpare = 200

// rowsPerTable keeps a generated table within the document's limit of
// rows ([domain.MaxOutcomeRows]) with its header.
const rowsPerTable = 400

// GenerateReviewReport writes a cycle's review report in lang (with p's
// words) from data and the cycle's lines, as on day today: a summary with
// the reporting rate and the commitments by status, what was committed,
// what was reported, the indicators against their targets, and what is
// late. Block IDs come from the records they speak of, so that the
// report made again keeps them and the difference between two versions
// names commitments, not positions. It is pure.
func GenerateReviewReport(p *locale.Printer, lang string, y *domain.ReviewCycle, data *store.ReviewData, lines []*store.CycleLine, today string) domain.OutcomeText {
	title := func(c *store.ReviewCommitment) string {
		if t, ok := c.Titles[lang]; ok && t != "" {
			return t
		}
		return c.Title
	}
	owner := func(id string) string {
		if b := data.Bodies[id]; b != nil {
			return b.Label()
		}
		return ""
	}
	t := domain.OutcomeText{Language: lang, Title: p.T("followup.review.title", y.Name),
		Subtitle: p.T("followup.review.subtitle", y.OpensOn, y.Deadline)}
	reported, late := 0, 0
	lineByID := map[string]*store.CycleLine{}
	for _, l := range lines {
		lineByID[l.CommitmentID] = l
		if l.ReportState == domain.ReportAccepted || l.ReportState == domain.ReportSubmitted {
			reported++
		}
		if lineLate(y, l, today) {
			late++
		}
	}
	// Summary.
	sum := domain.OutcomeSection{Key: "summary", Heading: p.T("followup.review.summary"), Generated: true}
	sum.Blocks = append(sum.Blocks, domain.OutcomeBlock{ID: "summary-text", Kind: domain.BlockParagraph,
		Text: p.T("followup.review.summary_text", len(data.Commitments),
			p.N("followup.review.summary_reported", reported), p.N("followup.review.summary_late", late), y.Deadline)})
	byStatus := [][]string{{p.T("followup.review.col_status"), p.T("followup.review.col_commitments")}}
	for _, st := range domain.CommitmentStatuses {
		n := 0
		for _, c := range data.Commitments {
			if c.Status == st {
				n++
			}
		}
		byStatus = append(byStatus, []string{p.T("followup.status." + string(st)), strconv.Itoa(n)})
	}
	sum.Blocks = append(sum.Blocks, domain.OutcomeBlock{ID: "summary-status", Kind: domain.BlockTable, Text: p.T("followup.review.by_status"), Rows: byStatus})
	t.Sections = append(t.Sections, sum)

	// What was committed: a sub-heading and a paragraph a commitment, or,
	// when that would pass the document's limit of blocks, one row a
	// commitment in tables.
	nReports := 0
	for _, c := range data.Commitments {
		nReports += len(c.Reports)
	}
	com := domain.OutcomeSection{Key: "committed", Heading: p.T("followup.review.committed"), Generated: true, Blocks: []domain.OutcomeBlock{}}
	if 2*len(data.Commitments)+nReports+reviewBlocksSpare <= domain.MaxOutcomeBlocks {
		for _, c := range data.Commitments {
			com.Blocks = append(com.Blocks,
				domain.OutcomeBlock{ID: "c-" + c.ID, Kind: domain.BlockSubheading, Text: clip(title(c)+" — "+owner(c.OwnerBodyID), 2*domain.MaxName)},
				domain.OutcomeBlock{ID: "ct-" + c.ID, Kind: domain.BlockParagraph, Text: clip(c.Text, domain.MaxText-2*domain.MaxName) + "\n" +
					p.T("followup.review.commitment_facts", p.T("followup.status."+string(c.Status)), dash(c.DueOn))})
		}
	} else {
		var rows [][]string
		for _, c := range data.Commitments {
			rows = append(rows, []string{clip(title(c), domain.MaxName), owner(c.OwnerBodyID), p.T("followup.status." + string(c.Status)), dash(c.DueOn)})
		}
		com.Blocks = tables("committed", p.T("followup.review.committed"), []string{p.T("followup.review.col_commitment"), p.T("followup.review.col_owner"),
			p.T("followup.review.col_status"), p.T("followup.review.col_due")}, rows, "")
	}
	t.Sections = append(t.Sections, com)

	// What was reported: a block a report, its heading on its first line.
	rep := domain.OutcomeSection{Key: "reported", Heading: p.T("followup.review.reported"), Generated: true, Blocks: []domain.OutcomeBlock{}}
	for _, c := range data.Commitments {
		for _, r := range c.Reports {
			lines := []string{clip(p.T("followup.review.report_heading", title(c), periodText(r), p.T("followup.report_state."+string(r.State))), 2*domain.MaxName)}
			if r.Narrative != "" {
				lines = append(lines, clip(r.Narrative, domain.MaxText/2))
			}
			if r.Challenges != "" {
				lines = append(lines, clip(p.T("followup.review.challenges", r.Challenges), domain.MaxText/5))
			}
			if r.SupportNeeded != "" {
				lines = append(lines, clip(p.T("followup.review.support", r.SupportNeeded), domain.MaxText/5))
			}
			rep.Blocks = append(rep.Blocks, domain.OutcomeBlock{ID: "r-" + r.ID, Kind: domain.BlockParagraph, Text: strings.Join(lines, "\n")})
		}
	}
	if len(rep.Blocks) == 0 {
		rep.Blocks = append(rep.Blocks, domain.OutcomeBlock{ID: "reported-none", Kind: domain.BlockNote, Text: p.T("followup.review.none_reported")})
	}
	t.Sections = append(t.Sections, rep)

	// Indicators against their targets.
	ind := domain.OutcomeSection{Key: "indicators", Heading: p.T("followup.review.indicators"), Generated: true, Blocks: []domain.OutcomeBlock{}}
	head := []string{p.T("followup.review.col_commitment"), p.T("followup.review.col_indicator"), p.T("followup.review.col_baseline"),
		p.T("followup.review.col_latest"), p.T("followup.review.col_target"), p.T("followup.review.col_progress")}
	var rows [][]string
	for _, c := range data.Commitments {
		for _, i := range c.Indicators {
			latest := "—"
			if i.Has {
				latest = number(i.Latest, i.Unit) + " (" + i.LatestOn + ")"
			}
			rows = append(rows, []string{clip(title(c), domain.MaxName), clip(i.Name, domain.MaxName), valueOn(i.Baseline, i.BaselineOn, i.Unit),
				latest, valueOn(i.Target, i.TargetOn, i.Unit), progress(i)})
		}
	}
	ind.Blocks = append(ind.Blocks, tables("indicators", p.T("followup.review.indicators_caption"), head, rows, p.T("followup.review.none_indicators"))...)
	t.Sections = append(t.Sections, ind)

	// What is late.
	lt := domain.OutcomeSection{Key: "late", Heading: p.T("followup.review.late"), Generated: true, Blocks: []domain.OutcomeBlock{}}
	head = []string{p.T("followup.review.col_commitment"), p.T("followup.review.col_owner"), p.T("followup.review.col_due"), p.T("followup.review.col_reporting")}
	rows = nil
	for _, c := range data.Commitments {
		l := lineByID[c.ID]
		overdueCommitment := c.DueOn != "" && c.DueOn < today && c.Status.Open()
		if (l == nil || !lineLate(y, l, today)) && !overdueCommitment {
			continue
		}
		state := "missing"
		if l != nil && l.ReportState != "" {
			state = string(l.ReportState)
		}
		rows = append(rows, []string{clip(title(c), domain.MaxName), owner(c.OwnerBodyID), dash(c.DueOn), p.T("followup.line_state." + state)})
	}
	lt.Blocks = append(lt.Blocks, tables("late", p.T("followup.review.late_caption"), head, rows, p.T("followup.review.none_late"))...)
	t.Sections = append(t.Sections, lt)
	return t
}

// lineLate reports whether a commitment's reporting in cycle y is late on
// day today: nothing submitted or accepted once the deadline has passed,
// or submitted after it.
func lineLate(y *domain.ReviewCycle, l *store.CycleLine, today string) bool {
	if l.ReportState == domain.ReportAccepted || l.ReportState == domain.ReportSubmitted {
		return l.SubmittedAt.UTC().Format("2006-01-02") > y.Deadline
	}
	return y.Deadline < today
}

// tables splits rows into tables of at most rowsPerTable rows, each with
// head, or returns a note saying none when there are no rows.
func tables(id, caption string, head []string, rows [][]string, none string) []domain.OutcomeBlock {
	if len(rows) == 0 {
		return []domain.OutcomeBlock{{ID: id + "-none", Kind: domain.BlockNote, Text: none}}
	}
	var out []domain.OutcomeBlock
	for i := 0; i < len(rows); i += rowsPerTable {
		chunk := rows[i:min(i+rowsPerTable, len(rows))]
		out = append(out, domain.OutcomeBlock{ID: id + "-" + strconv.Itoa(i/rowsPerTable+1), Kind: domain.BlockTable, Text: caption,
			Rows: append([][]string{head}, chunk...)})
	}
	return out
}

// clip cuts s to at most n characters, marking the cut with an ellipsis.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// number writes v with its unit, without needless decimals.
func number(v float64, unit string) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if unit == "" {
		return s
	}
	if unit == "%" {
		return s + "%"
	}
	return s + " " + unit
}

func valueOn(v *float64, on, unit string) string {
	if v == nil {
		return "—"
	}
	if on == "" {
		return number(*v, unit)
	}
	return number(*v, unit) + " (" + on + ")"
}

// progress is how far the latest value went from the baseline to the
// target, in percent ("—" when a value is missing or the target is the
// baseline); past the target reads over 100, away from it below 0.
func progress(i *store.ReviewIndicator) string {
	if i.Baseline == nil || i.Target == nil || !i.Has || *i.Target == *i.Baseline {
		return "—"
	}
	pct := (i.Latest - *i.Baseline) / (*i.Target - *i.Baseline) * 100
	return strconv.FormatFloat(pct, 'f', 0, 64) + "%"
}

// ReviewReportInput asks for one version of a cycle's review report in a
// language.
type ReviewReportInput struct {
	CycleID string
	// Lang is one of the cycle's languages; "" for its first.
	Lang string
	// Version is the version's number; 0 for the latest.
	Version int
}

// ReviewReportView is one version of a cycle's review report.
type ReviewReportView struct {
	Cycle    *domain.ReviewCycle
	Report   *store.ReviewReport
	Version  *store.ReviewReportVersion
	Versions []*store.ReviewReportVersion
	// Languages are the languages the report is made in.
	Languages []string
	Hash      string
	// Final is true for the finalised version; Tampered when the text read
	// no longer gives the hash stored with it (or, final, the hash fixed
	// then).
	Final, Tampered bool
	Can             ReviewReportPermissions
}

// ReviewReportPermissions are what the actor may do with a review
// report.
type ReviewReportPermissions struct {
	Edit bool `json:"edit"` // edit, make again, finalise
}

// ReviewReport returns one version of a cycle's review report in a
// language to whoever sees the process's follow-up; ENOTFOUND before the
// cycle closes. It recomputes the content hash and reports a text that
// no longer matches it.
func (s *Service) ReviewReport(ctx context.Context, a *domain.Actor, in ReviewReportInput) (*ReviewReportView, error) {
	y, err := s.visibleCycle(ctx, a, in.CycleID)
	if err != nil {
		return nil, err
	}
	reports, err := s.db.ReviewReports(ctx, y.ID)
	if err != nil {
		return nil, err
	}
	if len(reports) == 0 {
		return nil, errNoReport()
	}
	v := &ReviewReportView{Cycle: y, Can: ReviewReportPermissions{Edit: a.CanManageReviewCycles(y.ProcessID)}}
	lang := in.Lang
	if lang == "" {
		lang = y.Languages[0]
	}
	for _, r := range reports {
		v.Languages = append(v.Languages, r.Lang)
		if r.Lang == lang {
			v.Report = r
		}
	}
	if v.Report == nil {
		return nil, domain.Invalid("lang", "followup.error_report_lang", "the review report is made in %s", strings.Join(v.Languages, ", "))
	}
	n := in.Version
	if n == 0 {
		n = v.Report.Latest
	}
	if v.Version, err = s.db.ReviewReportVersion(ctx, y.ID, lang, n); err != nil {
		return nil, err
	}
	if v.Versions, err = s.db.ReviewReportVersions(ctx, y.ID, lang); err != nil {
		return nil, err
	}
	v.Hash = v.Version.Text.Hash()
	v.Final = v.Report.FinalVersion == n
	v.Tampered = v.Hash != v.Version.Hash || (v.Final && v.Hash != v.Report.FinalHash)
	v.Can.Edit = v.Can.Edit && v.Report.FinalVersion == 0
	return v, nil
}

// ReviewSectionEdit is the secretariat's edit of one section of the
// latest version of a review report in a language, made from Version.
type ReviewSectionEdit struct {
	CycleID string
	Lang    string
	Version int
	Key     string
	Heading string
	Blocks  []domain.OutcomeBlock
}

// EditReviewReport saves the secretariat's edit of one section of a
// review report as a new version, as the outcome document's section
// editor does: only from the latest version (another is a conflict, never
// an overwrite), never once the report is final.
func (s *Service) EditReviewReport(ctx context.Context, a *domain.Actor, in ReviewSectionEdit) (*store.ReviewReportVersion, error) {
	var out *store.ReviewReportVersion
	err := s.changeReport(ctx, a, in.CycleID, in.Lang, "edit", func(o *store.ReviewReportTx) error {
		if in.Version != o.Doc.Latest {
			return errReportStale(in.Version, o.Doc.Latest)
		}
		latest, err := o.Version(ctx, o.Doc.Latest)
		if err != nil {
			return err
		}
		text := outcome.CloneText(latest.Text)
		if err := outcome.EditSectionText(&text, in.Key, in.Heading, in.Blocks); err != nil {
			return err
		}
		out, err = o.AddVersion(ctx, text, "edit", a.User.ID)
		return err
	})
	return out, err
}

// FinaliseInput finalises the version read of a review report.
type FinaliseInput struct {
	CycleID string
	Lang    string
	Version int
}

// FinaliseReviewReport fixes the latest version of a review report in a
// language, with its content hash: no version is added after it (the
// store refuses too). The secretariat, from the latest version.
func (s *Service) FinaliseReviewReport(ctx context.Context, a *domain.Actor, in FinaliseInput) (*store.ReviewReport, error) {
	var out *store.ReviewReport
	err := s.changeReport(ctx, a, in.CycleID, in.Lang, "finalise", func(o *store.ReviewReportTx) error {
		if in.Version != o.Doc.Latest {
			return errReportStale(in.Version, o.Doc.Latest)
		}
		v, err := o.Version(ctx, o.Doc.Latest)
		if err != nil {
			return err
		}
		if v.Text.Hash() != v.Hash {
			return errReportTampered(v.Number)
		}
		o.Doc.FinalVersion, o.Doc.FinalHash, o.Doc.FinalBy, o.Doc.FinalAt = v.Number, v.Hash, a.User.ID, o.Now()
		out = o.Doc
		return nil
	})
	return out, err
}

// changeReport runs a change of a review report by whoever manages the
// cycle, refusing a final report.
func (s *Service) changeReport(ctx context.Context, a *domain.Actor, cycleID, lang, action string, change func(o *store.ReviewReportTx) error) error {
	ctx = domain.NewContextWithActor(ctx, a)
	y, err := s.visibleCycle(ctx, a, cycleID)
	if err != nil {
		return err
	}
	if !a.CanManageReviewCycles(y.ProcessID) {
		return errNotCycleManager()
	}
	if lang == "" && len(y.Languages) > 0 {
		lang = y.Languages[0]
	}
	_, err = s.db.ChangeReviewReport(ctx, cycleID, lang, action, func(o *store.ReviewReportTx) error {
		if o.Doc.FinalVersion > 0 {
			return store.ErrReviewReportFinal
		}
		return change(o)
	})
	if domain.ErrorCode(err) == domain.ENOTFOUND && y.State == domain.CycleOpen {
		return errNoReport()
	}
	return err
}

// ReviewExportInput asks for one version of a review report as a file.
type ReviewExportInput struct {
	ReviewReportInput
	// Format is a name [render.ByName] knows: docx, pdf, md, html.
	Format string
}

// ReviewExport is a rendered file of a review report.
type ReviewExport struct {
	View   *ReviewReportView
	Format render.Format
	Name   string
	Data   []byte
}

// ExportReviewReport renders one version of a cycle's review report in a
// language as a file, with the outcome document's renderers, to whoever
// may read it: a version that is not final is marked DRAFT; the final one
// shows its content hash. A version whose text no longer gives its hash
// is not exported.
func (s *Service) ExportReviewReport(ctx context.Context, a *domain.Actor, in ReviewExportInput) (*ReviewExport, error) {
	f, err := render.ByName(in.Format)
	if err != nil {
		return nil, domain.Invalid("format", "outcome.error_format", "choose one of the formats: %s", strings.Join(render.FormatNames(), ", "))
	}
	v, err := s.ReviewReport(ctx, a, in.ReviewReportInput)
	if err != nil {
		return nil, err
	}
	if v.Tampered {
		return nil, errReportTampered(v.Version.Number)
	}
	p := s.catalog().Printer(v.Report.Lang)
	status, date, hash := "draft", v.Version.CreatedAt, ""
	if v.Final {
		status, date, hash = "final", v.Report.FinalAt, v.Hash
	}
	labels := render.Labels{Draft: p.T("export.outcome.draft"), Version: p.T("export.outcome.version", v.Version.Number),
		Status: p.T("followup.review.status." + status), Date: p.T("export.outcome.date"), Hash: p.T("export.outcome.hash"),
		Full: p.T("export.outcome.full_hash"), PageOf: p.T("export.outcome.page_of")}
	doc := render.Doc{Text: v.Version.Text, Draft: !v.Final, Version: v.Version.Number, Hash: hash, Date: date.UTC(), Labels: labels}
	var buf bytes.Buffer
	if err := f.Render(&buf, doc); err != nil {
		return nil, err
	}
	name := fileBase(v.Cycle.Name) + "-review-report-v" + strconv.Itoa(v.Version.Number) + "-" + v.Report.Lang + f.Extension
	return &ReviewExport{View: v, Format: f, Name: name, Data: buf.Bytes()}, nil
}

// fileBase is name in ASCII letters, digits and hyphens ("IMRF-2026"),
// "review" when nothing is left.
func fileBase(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "review"
}

// ReviewDiffInput asks for the difference between two versions of a
// cycle's review report in one language.
type ReviewDiffInput struct {
	CycleID  string
	Lang     string
	From, To int
}

// ReviewReportDiff is the difference between two versions of a review
// report, block by block, as the outcome document's versions compare.
type ReviewReportDiff struct {
	Cycle      *domain.ReviewCycle
	Lang       string
	From, To   *store.ReviewReportVersion
	Difference outcome.Difference
}

// DiffReviewReport compares two versions of a cycle's review report in a
// language, to whoever may read the report.
func (s *Service) DiffReviewReport(ctx context.Context, a *domain.Actor, in ReviewDiffInput) (*ReviewReportDiff, error) {
	v, err := s.ReviewReport(ctx, a, ReviewReportInput{CycleID: in.CycleID, Lang: in.Lang, Version: in.To})
	if err != nil {
		return nil, err
	}
	from, err := s.db.ReviewReportVersion(ctx, v.Cycle.ID, v.Report.Lang, in.From)
	if err != nil {
		return nil, err
	}
	return &ReviewReportDiff{Cycle: v.Cycle, Lang: v.Report.Lang, From: from, To: v.Version, Difference: outcome.Diff(from.Text, v.Version.Text)}, nil
}
