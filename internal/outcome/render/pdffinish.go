package render

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
)

// finishPDF rewrites the end of the PDF that canvas writes (its catalog,
// information dictionary, page tree, cross-reference table and trailer,
// always in that order at the end of the file) to add what canvas does
// not: the document's language, the outline of its headings, its date in
// place of the clock's, and a file ID made from its content. The objects
// before the catalog are kept byte for byte.
func finishPDF(in []byte, d Doc, marks []pdfMark) ([]byte, error) {
	xref, offsets, err := pdfXref(in)
	if err != nil {
		return nil, err
	}
	if len(offsets) < 4 {
		return nil, errors.New("fewer objects than a page needs")
	}
	cut := offsets[1]
	for i := 4; i < len(offsets); i++ {
		if offsets[i] >= cut {
			return nil, fmt.Errorf("object %d after the catalog: not the layout this code expects", i)
		}
	}
	if !(offsets[1] < offsets[2] && offsets[2] < offsets[3] && offsets[3] < xref) {
		return nil, errors.New("catalog, information and pages not at the end")
	}
	pagesObj := in[offsets[3]:xref]
	kids := regexp.MustCompile(`/Kids\s*\[([0-9 R]*)\]`).FindSubmatch(pagesObj)
	if kids == nil {
		return nil, errors.New("no /Kids in the page tree")
	}
	var pages []int
	for _, m := range regexp.MustCompile(`(\d+) 0 R`).FindAllSubmatch(kids[1], -1) {
		n, _ := strconv.Atoi(string(m[1]))
		pages = append(pages, n)
	}

	// The objects before the catalog, in the order of the file, with the
	// dates inside their embedded fonts fixed.
	orig := slices.Clone(offsets)
	order := make([]int, 0, len(offsets))
	for n := 4; n < len(offsets); n++ {
		order = append(order, n)
	}
	slices.SortFunc(order, func(a, b int) int { return orig[a] - orig[b] })
	var out bytes.Buffer
	if len(order) > 0 {
		out.Write(in[:orig[order[0]]])
	} else {
		out.Write(in[:cut])
	}
	for i, n := range order {
		end := cut
		if i+1 < len(order) {
			end = orig[order[i+1]]
		}
		offsets[n] = out.Len()
		fixed, err := fixFontDate(in[orig[n]:end])
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", n, err)
		}
		out.Write(fixed)
	}
	next := len(offsets) // the next free object number
	obj := func(n int, body string) {
		offsets[n] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	grow := func() int {
		offsets = append(offsets, 0)
		next++
		return next - 1
	}

	// The outline: sections at the top level, sub-headings under them.
	type node struct {
		mark     pdfMark
		n        int
		children []*node
	}
	var top []*node
	for _, m := range marks {
		if m.level == 0 || m.page >= len(pages) {
			continue
		}
		nd := &node{mark: m, n: grow()}
		if m.level == 2 && len(top) > 0 {
			top[len(top)-1].children = append(top[len(top)-1].children, nd)
		} else {
			top = append(top, nd)
		}
	}
	outlines := 0
	if len(top) > 0 {
		outlines = grow()
		var items func(parent int, list []*node) int
		items = func(parent int, list []*node) int {
			count := 0
			for i, nd := range list {
				var b strings.Builder
				fmt.Fprintf(&b, "<</Title %s/Parent %d 0 R/Dest[%d 0 R/XYZ 0 %.2f null]", pdfText(nd.mark.title), parent, pages[nd.mark.page], nd.mark.y*ptPerMM)
				if i > 0 {
					fmt.Fprintf(&b, "/Prev %d 0 R", list[i-1].n)
				}
				if i < len(list)-1 {
					fmt.Fprintf(&b, "/Next %d 0 R", list[i+1].n)
				}
				if len(nd.children) > 0 {
					c := items(nd.n, nd.children)
					fmt.Fprintf(&b, "/First %d 0 R/Last %d 0 R/Count %d", nd.children[0].n, nd.children[len(nd.children)-1].n, c)
					count += c
				}
				b.WriteString(">>")
				obj(nd.n, b.String())
				count++
			}
			return count
		}
		count := items(outlines, top)
		obj(outlines, fmt.Sprintf("<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>", top[0].n, top[len(top)-1].n, count))
	}

	catalog := "<</Type/Catalog/Pages 3 0 R/Lang" + pdfText(d.Text.Language)
	if outlines > 0 {
		catalog += fmt.Sprintf("/Outlines %d 0 R/PageMode/UseOutlines", outlines)
	}
	if d.dir() == "rtl" {
		catalog += "/ViewerPreferences<</Direction/R2L>>"
	}
	obj(1, catalog+">>")
	info := "<</Producer(plenary)/Title" + pdfText(strings.Join(strings.Fields(d.Text.Title), " "))
	if !d.Date.IsZero() {
		date := "(D:" + d.Date.UTC().Format("20060102150405") + "Z)"
		info += "/CreationDate" + date + "/ModDate" + date
	}
	if d.Hash != "" {
		info += "/Subject" + pdfText(d.fullHashLine())
	}
	obj(2, info+">>")
	offsets[3] = out.Len()
	out.Write(pagesObj)

	id := sha256.Sum256(out.Bytes())
	xrefAt := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets))
	for _, o := range offsets[1:] {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	h := hex.EncodeToString(id[:16])
	fmt.Fprintf(&out, "trailer\n<</Size %d/Root 1 0 R/Info 2 0 R/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n", len(offsets), h, h, xrefAt)
	return out.Bytes(), nil
}

// pdfXref reads the cross-reference table of a PDF with one table and no
// free objects but the first: its offset and each object's offset
// (offsets[0] unused).
func pdfXref(in []byte) (int, []int, error) {
	i := bytes.LastIndex(in, []byte("startxref"))
	if i < 0 {
		return 0, nil, errors.New("no startxref")
	}
	f := strings.Fields(string(in[i+len("startxref"):]))
	if len(f) == 0 {
		return 0, nil, errors.New("no offset after startxref")
	}
	xref, err := strconv.Atoi(f[0])
	if err != nil || xref < 0 || xref >= i {
		return 0, nil, fmt.Errorf("bad startxref %q", f[0])
	}
	head := "xref\n0 "
	if !bytes.HasPrefix(in[xref:], []byte(head)) {
		return 0, nil, errors.New("no xref table at startxref")
	}
	p := xref + len(head)
	nl := bytes.IndexByte(in[p:], '\n')
	if nl < 0 {
		return 0, nil, errors.New("truncated xref table")
	}
	n, err := strconv.Atoi(string(in[p : p+nl]))
	if err != nil || n < 1 || n > 1<<20 {
		return 0, nil, errors.New("bad xref size")
	}
	p += nl + 1
	if p+20*n > len(in) {
		return 0, nil, errors.New("truncated xref table")
	}
	offsets := make([]int, n)
	for k := 1; k < n; k++ {
		e := in[p+20*k : p+20*k+20]
		o, err := strconv.Atoi(string(e[:10]))
		if err != nil || e[17] != 'n' || o < 0 || o >= xref {
			return 0, nil, fmt.Errorf("bad xref entry %d", k)
		}
		offsets[k] = o
	}
	return xref, offsets, nil
}

// pdfText is s as a PDF text string: UTF-16BE with its byte order mark,
// in hexadecimal, so that nothing needs escaping.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

var streamLength = regexp.MustCompile(`^(\d+ 0 obj\n<<[^>]*?/Filter/FlateDecode/Length )(\d+)(>>\s*stream\r?\n)`)

// fixFontDate rewrites an object that is a compressed TrueType font
// program with the font's modification date set to 1904-01-01, its origin:
// the PDF writer stamps the subset fonts it embeds with the clock, which
// would make two renderings of one document differ. Other objects are
// returned as they are.
func fixFontDate(obj []byte) ([]byte, error) {
	m := streamLength.FindSubmatchIndex(obj)
	if m == nil {
		return obj, nil
	}
	n, err := strconv.Atoi(string(obj[m[4]:m[5]]))
	if err != nil || m[1]+n > len(obj) {
		return obj, nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(obj[m[1] : m[1]+n]))
	if err != nil {
		return obj, nil
	}
	font, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil || len(font) < 12 || binary.BigEndian.Uint32(font) != 0x00010000 {
		return obj, nil // not a TrueType font
	}
	if !setFontModified(font) {
		return obj, nil
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(font)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(obj[:m[4]])
	out.WriteString(strconv.Itoa(z.Len()))
	out.Write(obj[m[5]:m[1]])
	out.Write(z.Bytes())
	out.Write(obj[m[1]+n:])
	return out.Bytes(), nil
}

// setFontModified zeroes the modified date of a TrueType font's head
// table and sets the table's checksum and the font's checksum adjustment
// again, as the OpenType specification computes them.
func setFontModified(font []byte) bool {
	numTables := int(binary.BigEndian.Uint16(font[4:]))
	if 12+16*numTables > len(font) {
		return false
	}
	for i := range numTables {
		rec := font[12+16*i:]
		if string(rec[:4]) != "head" {
			continue
		}
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if length < 54 || off+length > len(font) {
			return false
		}
		head := font[off : off+length]
		binary.BigEndian.PutUint32(head[8:], 0)  // checksumAdjustment
		binary.BigEndian.PutUint64(head[28:], 0) // modified
		binary.BigEndian.PutUint32(rec[4:], fontChecksum(head))
		binary.BigEndian.PutUint32(head[8:], 0xB1B0AFBA-fontChecksum(font))
		return true
	}
	return false
}

// fontChecksum is the sum of b as big-endian 32-bit words, the last one
// padded with zeros.
func fontChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
