package render

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/unicode/bidi"

	"github.com/plenary-org/plenary/internal/domain"
)

// The page: A4, margins of 18 mm at the sides; lengths in twentieths of
// a point.
const (
	docxPageW    = 11906
	docxPageH    = 16838
	docxMarginLR = 1021
	docxTextW    = docxPageW - 2*docxMarginLR
)

// DOCX writes the document as WordprocessingML (Office Open XML) that Word
// and LibreOffice open as an ordinary document: the Title style, Heading 1
// for sections and Heading 2 for sub-headings (so that the navigation pane
// and a PDF made from it have them), paragraphs numbered by one list in
// numbering.xml (Word counts them as [domain.OutcomeText.Numbers] does),
// tables with borders and a repeated header row, right to left for Arabic
// (w:bidi, w:rtl), the East Asian font and language for Chinese, a running
// header with the title, "page X of Y" and the content hash in the footer,
// and a DRAFT watermark on the pages of a draft. The archive's timestamps
// are the document's date, so that the same document gives the same bytes.
func DOCX(w io.Writer, d Doc) error {
	modified := d.Date.UTC()
	if modified.Year() < 1980 {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	z := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRootRels},
		{"docProps/core.xml", docxCore(d)},
		{"docProps/app.xml", docxApp},
		{"word/_rels/document.xml.rels", docxDocumentRels},
		{"word/document.xml", docxDocument(d)},
		{"word/styles.xml", docxStyles(d)},
		{"word/numbering.xml", docxNumbering},
		{"word/settings.xml", docxSettings(d)},
		{"word/header1.xml", docxHeader(d)},
		{"word/footer1.xml", docxFooter(d)},
	}
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return fmt.Errorf("render: docx: %w", err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return fmt.Errorf("render: docx: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("render: docx: %w", err)
	}
	return nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const docxContentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const docxRootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const docxDocumentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`</Relationships>`

const docxApp = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>plenary</Application></Properties>`

// The one list that numbers the paragraphs.
const docxNumbering = xmlHeader + `<w:numbering ` + nsW + `>` +
	`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>` +
	`<w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`

// esc is s escaped for XML text and attribute values; characters XML
// cannot hold become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// docxLangs is the w:lang of the document's language.
func docxLangs(lang string) string {
	tags := map[string]string{"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ar": "ar-SA", "zh": "zh-CN", "ru": "ru-RU"}
	t, ok := tags[lang]
	if !ok {
		t = "en-GB"
	}
	latin := t
	if lang == "ar" || lang == "zh" {
		latin = "en-GB"
	}
	return fmt.Sprintf(`<w:lang w:val="%s" w:eastAsia="zh-CN" w:bidi="ar-SA"/>`, latin)
}

func docxCore(d Doc) string {
	date := d.Date.UTC().Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	fmt.Fprintf(&b, `<dc:title>%s</dc:title>`, esc(d.Text.Title))
	if d.Text.Subtitle != "" {
		fmt.Fprintf(&b, `<dc:subject>%s</dc:subject>`, esc(strings.Join(strings.Fields(d.Text.Subtitle), " ")))
	}
	b.WriteString(`<dc:creator>plenary</dc:creator>`)
	fmt.Fprintf(&b, `<dc:language>%s</dc:language>`, esc(d.Text.Language))
	if d.Hash != "" {
		fmt.Fprintf(&b, `<dc:identifier>%s</dc:identifier>`, esc(d.Hash))
	}
	if d.Version > 0 {
		fmt.Fprintf(&b, `<cp:revision>%d</cp:revision>`, d.Version)
	}
	status := d.Labels.Status
	if d.Draft {
		status = strings.TrimSpace(d.Labels.Draft + " " + status)
	}
	if status != "" {
		fmt.Fprintf(&b, `<cp:contentStatus>%s</cp:contentStatus>`, esc(status))
	}
	if !d.Date.IsZero() {
		fmt.Fprintf(&b, `<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>`, date, date)
	}
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

func docxSettings(d Doc) string {
	return xmlHeader + `<w:settings ` + nsW + `><w:defaultTabStop w:val="567"/>` +
		`<w:characterSpacingControl w:val="doNotCompress"/>` +
		strings.Replace(docxLangs(d.Text.Language), "w:lang", "w:themeFontLang", 1) +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`</w:settings>`
}

func docxStyles(d Doc) string {
	east := "SimSun"
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:styles ` + nsW + `>`)
	fmt.Fprintf(&b, `<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="%s" w:cs="Times New Roman"/><w:sz w:val="22"/><w:szCs w:val="24"/>%s</w:rPr></w:rPrDefault>`, east, docxLangs(d.Text.Language))
	b.WriteString(`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`)
	style := func(id, name, based, pPr, rPr string) {
		fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/>`, id, name)
		if based != "" {
			fmt.Fprintf(&b, `<w:basedOn w:val="%s"/><w:next w:val="Normal"/>`, based)
		} else {
			b.WriteString(`<w:qFormat/>`)
		}
		fmt.Fprintf(&b, `<w:pPr>%s</w:pPr><w:rPr>%s</w:rPr></w:style>`, pPr, rPr)
	}
	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`)
	style("Title", "Title", "Normal", `<w:jc w:val="center"/><w:spacing w:after="120"/><w:outlineLvl w:val="0"/>`, `<w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/>`)
	style("Subtitle", "Subtitle", "Normal", `<w:jc w:val="center"/><w:spacing w:after="60"/>`, `<w:sz w:val="22"/><w:szCs w:val="24"/>`)
	style("Meta", "Document facts", "Normal", `<w:jc w:val="center"/><w:spacing w:after="360"/>`, `<w:color w:val="444444"/><w:sz w:val="19"/><w:szCs w:val="19"/>`)
	style("Heading1", "heading 1", "Normal", `<w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="1"/>`, `<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="28"/>`)
	style("Heading2", "heading 2", "Normal", `<w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="2"/>`, `<w:i/><w:iCs/><w:sz w:val="22"/><w:szCs w:val="24"/>`)
	style("NumberedParagraph", "Numbered paragraph", "Normal", `<w:ind w:left="567" w:hanging="567"/>`, ``)
	style("Note", "Note", "Normal", `<w:ind w:left="567"/>`, `<w:color w:val="333333"/><w:sz w:val="20"/><w:szCs w:val="22"/>`)
	style("Caption", "caption", "Normal", `<w:keepNext/><w:spacing w:before="120" w:after="60"/>`, `<w:b/><w:bCs/><w:sz w:val="20"/><w:szCs w:val="22"/>`)
	style("TableText", "Table text", "Normal", `<w:spacing w:after="0"/>`, `<w:sz w:val="19"/><w:szCs w:val="21"/>`)
	style("Header", "header", "Normal", `<w:jc w:val="center"/><w:spacing w:after="0"/>`, `<w:color w:val="555555"/><w:sz w:val="16"/><w:szCs w:val="18"/>`)
	style("Footer", "footer", "Normal", `<w:jc w:val="center"/><w:spacing w:after="0"/>`, `<w:color w:val="555555"/><w:sz w:val="16"/><w:szCs w:val="18"/>`)
	style("Hash", "Content hash", "Normal", `<w:spacing w:before="480"/><w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="999999"/></w:pBdr>`, `<w:sz w:val="18"/><w:szCs w:val="18"/>`)
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(&b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="555555"/>`, side)
	}
	b.WriteString(`</w:tblBorders></w:tblPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}

// docxWriter builds the XML of paragraphs in the document's direction and
// language.
type docxWriter struct {
	strings.Builder
	dir string
	zh  bool
}

// para writes one paragraph of the given style; extra goes in its pPr.
func (w *docxWriter) para(style, extra, text string, rPr string) {
	dir := blockDir(text, w.dir)
	w.WriteString(`<w:p><w:pPr>`)
	if style != "" {
		fmt.Fprintf(w, `<w:pStyle w:val="%s"/>`, style)
	}
	w.WriteString(extra)
	if dir == "rtl" {
		w.WriteString(`<w:bidi/>`)
	}
	w.WriteString(`</w:pPr>`)
	w.runs(text, rPr)
	w.WriteString(`</w:p>`)
}

// runs writes text as runs: a run per stretch of one direction (w:rtl on
// the right-to-left ones), w:br for a line break, w:tab for a tab.
func (w *docxWriter) runs(text, rPr string) {
	for i, line := range lines(text) {
		for _, r := range dirRuns(line) {
			w.WriteString(`<w:r>`)
			props := rPr
			if w.zh {
				props = `<w:rFonts w:hint="eastAsia"/>` + props
			}
			if r.rtl {
				props += `<w:rtl/>`
			}
			if props != "" {
				w.WriteString(`<w:rPr>` + props + `</w:rPr>`)
			}
			if i > 0 && r.first {
				w.WriteString(`<w:br/>`)
			}
			for j, part := range strings.Split(r.text, "\t") {
				if j > 0 {
					w.WriteString(`<w:tab/>`)
				}
				if part != "" {
					w.WriteString(`<w:t xml:space="preserve">` + esc(part) + `</w:t>`)
				}
			}
			w.WriteString(`</w:r>`)
		}
	}
}

type dirRun struct {
	text       string
	rtl, first bool
}

// dirRuns splits a line into stretches of one direction: a right-to-left
// letter starts a right-to-left run, a left-to-right letter a
// left-to-right one, and neutral characters (spaces, digits, punctuation)
// stay in the run they follow.
func dirRuns(s string) []dirRun {
	var out []dirRun
	cur := dirRun{first: true}
	var b strings.Builder
	started := false
	for _, c := range s {
		p, _ := bidi.LookupRune(c)
		rtl := cur.rtl
		switch p.Class() {
		case bidi.R, bidi.AL:
			rtl = true
		case bidi.L:
			rtl = false
		}
		if started && rtl != cur.rtl && b.Len() > 0 {
			cur.text = b.String()
			out = append(out, cur)
			b.Reset()
			cur = dirRun{}
		}
		cur.rtl = rtl
		started = true
		b.WriteRune(c)
	}
	cur.text = b.String()
	return append(out, cur)
}

func docxDocument(d Doc) string {
	t := d.Text
	w := &docxWriter{dir: d.dir(), zh: t.Language == "zh"}
	w.WriteString(xmlHeader)
	w.WriteString(`<w:document ` + nsW + `><w:body>`)
	w.para("Title", "", t.Title, "")
	if t.Subtitle != "" {
		w.para("Subtitle", "", t.Subtitle, "")
	}
	if d.Draft {
		w.para("Meta", "", d.Labels.Draft, `<w:b/><w:bCs/>`)
	}
	if m := d.metaLine(); m != "" {
		w.para("Meta", "", m, "")
	}
	const numPr = `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`
	for _, s := range t.Sections {
		w.para("Heading1", "", s.Heading, "")
		for _, b := range s.Blocks {
			switch b.Kind {
			case domain.BlockParagraph:
				w.para("NumberedParagraph", numPr, b.Text, "")
			case domain.BlockSubheading:
				w.para("Heading2", "", strings.Join(strings.Fields(b.Text), " "), "")
			case domain.BlockNote:
				w.para("Note", "", b.Text, "")
			case domain.BlockTable:
				if b.Text != "" {
					w.para("Caption", "", b.Text, "")
				}
				w.table(b.Rows)
			}
		}
	}
	if d.Hash != "" {
		w.para("Hash", "", d.shortHashLine()+"\n"+d.fullHashLine(), "")
	}
	w.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/>`)
	fmt.Fprintf(w, `<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="1247" w:right="%d" w:bottom="1361" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`, docxPageW, docxPageH, docxMarginLR, docxMarginLR)
	if w.dir == "rtl" {
		w.WriteString(`<w:bidi/>`)
	}
	w.WriteString(`</w:sectPr></w:body></w:document>`)
	return w.String()
}

// table writes a table across the text width, the first row its header
// (repeated on each page), every cell bordered and wrapping its text.
func (w *docxWriter) table(rows [][]string) {
	n := columns(rows)
	if n == 0 {
		return
	}
	col := docxTextW / n
	w.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>`)
	if w.dir == "rtl" {
		w.WriteString(`<w:bidiVisual/>`)
	}
	w.WriteString(`<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for range n {
		fmt.Fprintf(w, `<w:gridCol w:w="%d"/>`, col)
	}
	w.WriteString(`</w:tblGrid>`)
	for r := range rows {
		w.WriteString(`<w:tr>`)
		if r == 0 {
			w.WriteString(`<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>`)
		} else {
			w.WriteString(`<w:trPr><w:cantSplit/></w:trPr>`)
		}
		for c := range n {
			fmt.Fprintf(w, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, col)
			if r == 0 {
				w.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="EEEEEE"/>`)
			}
			w.WriteString(`</w:tcPr>`)
			rPr := ""
			if r == 0 {
				rPr = `<w:b/><w:bCs/>`
			}
			w.para("TableText", "", cell(rows, r, c), rPr)
			w.WriteString(`</w:tc>`)
		}
		w.WriteString(`</w:tr>`)
	}
	w.WriteString(`</w:tbl>`)
	// Word needs a paragraph between two tables, and one after a table
	// that ends a section reads better.
	w.WriteString(`<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>`)
}

const nsVML = ` xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w10="urn:schemas-microsoft-com:office:word"`

// docxHeader is the running header: the title, and on a draft the
// watermark as Word draws it (a VML text path behind the page).
func docxHeader(d Doc) string {
	w := &docxWriter{dir: d.dir(), zh: d.Text.Language == "zh"}
	w.WriteString(xmlHeader + `<w:hdr ` + nsW + nsVML + `>`)
	title := strings.Join(strings.Fields(d.Text.Title), " ")
	if d.Draft {
		title = d.Labels.Draft + " · " + title
	}
	w.WriteString(`<w:p><w:pPr><w:pStyle w:val="Header"/>`)
	if blockDir(title, w.dir) == "rtl" {
		w.WriteString(`<w:bidi/>`)
	}
	w.WriteString(`</w:pPr>`)
	if d.Draft {
		w.WriteString(`<w:r><w:pict>` + vmlTextPathType + `<v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s2049" type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;width:450pt;height:150pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#d0d0d0" stroked="f"><v:fill opacity=".5"/>`)
		fmt.Fprintf(w, `<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="%s"/><w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>`, esc(d.Labels.Draft))
	}
	w.runs(title, "")
	w.WriteString(`</w:p></w:hdr>`)
	return w.String()
}

// vmlTextPathType is the shape type of Word's text watermarks.
const vmlTextPathType = `<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>` +
	`<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/>` +
	`<v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/>` +
	`<v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>` +
	`<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>` +
	`<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>` +
	`<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>`

// docxFooter is "page X of Y" with Word's fields, and the short content
// hash of an adopted version.
func docxFooter(d Doc) string {
	w := &docxWriter{dir: d.dir(), zh: d.Text.Language == "zh"}
	w.WriteString(xmlHeader + `<w:ftr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Footer"/>`)
	if w.dir == "rtl" {
		w.WriteString(`<w:bidi/>`)
	}
	w.WriteString(`</w:pPr>`)
	a, b, c := d.pageOf()
	field := func(instr string) {
		fmt.Fprintf(w, `<w:fldSimple w:instr=" %s \* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple>`, instr)
	}
	w.runs(a, "")
	field("PAGE")
	w.runs(b, "")
	field("NUMPAGES")
	w.runs(c, "")
	w.WriteString(`</w:p>`)
	if d.Hash != "" {
		w.para("Footer", "", d.shortHashLine(), "")
	}
	w.WriteString(`</w:ftr>`)
	return w.String()
}
