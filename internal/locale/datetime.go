package locale

import (
	"fmt"
	"time"
)

// dateNames are the names of the months and weekdays in each interface
// language (CLDR's wide forms; French and Russian months in the form they
// take in a date: "10 octobre", "10 октября").
var dateNames = map[string]struct {
	months   [12]string
	weekdays [7]string // from Sunday
}{
	"en": {[12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		[7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}},
	"fr": {[12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		[7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}},
	"es": {[12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		[7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}},
	"ar": {[12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
		[7]string{"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"}},
	"zh": {[12]string{"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"},
		[7]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}},
	"ru": {[12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		[7]string{"воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"}},
}

// FullDate writes the day of t with its weekday as the printer's language
// writes a full date (CLDR's full date pattern): "Tuesday 10 October 2017",
// "mardi 10 octobre 2017", "martes, 10 de octubre de 2017", "الثلاثاء، 10
// أكتوبر 2017" (digits 0-9, as [Printer.Number]), "2017年10月10日星期二",
// "вторник, 10 октября 2017 г.".
func (p *Printer) FullDate(t time.Time) string {
	n, ok := dateNames[p.Lang.Code]
	if !ok {
		n = dateNames["en"]
	}
	y, m, d := t.Date()
	wd, mo := n.weekdays[t.Weekday()], n.months[m-1]
	switch p.Lang.Code {
	case "fr":
		return fmt.Sprintf("%s %d %s %d", wd, d, mo, y)
	case "es":
		return fmt.Sprintf("%s, %d de %s de %d", wd, d, mo, y)
	case "ar":
		return fmt.Sprintf("%s، %d %s %d", wd, d, mo, y)
	case "zh":
		return fmt.Sprintf("%d年%s%d日%s", y, mo, d, wd)
	case "ru":
		return fmt.Sprintf("%s, %d %s %d г.", wd, d, mo, y)
	}
	return fmt.Sprintf("%s %d %s %d", wd, d, mo, y)
}

// Clock writes the time of day of t on the 24-hour clock, as the United
// Nations write it in all six languages: "09:00".
func (p *Printer) Clock(t time.Time) string { return t.Format("15:04") }

// TimeRange writes a span of time: the day and the hours when it starts
// and ends the same day ("Tuesday 10 October 2017, 09:00–12:30"), both
// days otherwise.
func (p *Printer) TimeRange(start, end time.Time) string {
	sep := ", "
	switch p.Lang.Code {
	case "zh":
		sep = " "
	case "ar":
		sep = "، "
	}
	if sy, sm, sd := start.Date(); func() bool { ey, em, ed := end.Date(); return sy == ey && sm == em && sd == ed }() {
		return p.FullDate(start) + sep + p.Clock(start) + "–" + p.Clock(end)
	}
	return p.FullDate(start) + sep + p.Clock(start) + " – " + p.FullDate(end) + sep + p.Clock(end)
}
