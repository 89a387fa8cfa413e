package locale

import (
	"math"
	"strconv"

	"golang.org/x/text/language"
	msg "golang.org/x/text/message"
	"golang.org/x/text/number"
)

// numberPrinters format numbers per interface language. Arabic keeps the
// digits 0-9 (with Arabic separators), as the United Nations' Arabic
// documents and the rest of the interface write them.
var numberPrinters = func() map[string]*msg.Printer {
	m := map[string]*msg.Printer{}
	for _, l := range Languages {
		tag := language.MustParse(l.Code)
		if l.Code == "ar" {
			tag = language.MustParse("ar-u-nu-latn")
		}
		m[l.Code] = msg.NewPrinter(tag)
	}
	return m
}()

// Number writes v as the printer's language writes numbers (1,234.5 in
// English, 1 234,5 in French), with at most two decimals. Values too large
// to read digit by digit are written in scientific notation; NaN and
// infinities give "".
func (p *Printer) Number(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return ""
	case math.Abs(v) >= 1e15:
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // no "-0"
	}
	if v >= 0 && v < 1000 && v == math.Trunc(v) {
		// Counts below a thousand read the same in every language: no
		// separator, the digits 0-9. The common case of the dashboards'
		// hundreds of cells, written without the formatter.
		return strconv.Itoa(int(v))
	}
	return numberPrinters[p.Lang.Code].Sprint(number.Decimal(v, number.MaxFractionDigits(2)))
}

// Percent writes share (0.25 for a quarter) as a percentage in the
// printer's language, with at most one decimal ("45.6%", "50 %").
func (p *Printer) Percent(share float64) string {
	if math.IsNaN(share) || math.IsInf(share, 0) {
		return ""
	}
	share = math.Round(share*1000) / 1000
	return numberPrinters[p.Lang.Code].Sprint(number.Percent(share, number.MaxFractionDigits(1)))
}
