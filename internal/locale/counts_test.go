package locale

import (
	"slices"
	"sort"
	"strings"
	"testing"
)

// Why a message formats an integer (%d) without plural forms: the number
// is not a count of things the words must agree with.
type notCount string

const (
	name  notCount = "names one thing by its number: line 4, version 3, session 2, paragraph 7"
	unit  notCount = "a quantity in a unit or a percentage written the same for any number: 10 MB, 80%"
	bound notCount = "a bound of a range of numbers: from 2 to 9, at most 50"
	label notCount = "a tally after a label or as a label: States: 3, Versions (2), 4 agree"
	share notCount = "a place or share, x of y, whose words do not depend on the number"
)

// notCounts lists every message of en.json that formats an integer without
// plural forms, with the reason. A new message with a count fails
// TestCountsArePlural until it has plural forms, or is listed here with a
// reason that holds.
var notCounts = map[string]notCount{
	"agenda.err.footnote_twice":             name,
	"agenda.err.footnote_undefined":         name,
	"agenda.err.json_footnote_twice":        name,
	"agenda.err.json_footnote_undefined":    name,
	"agenda.err.json_session_number":        name,
	"agenda.err.json_session_repeated":      name,
	"agenda.err.session_number":             name,
	"agenda.err.session_repeated":           name,
	"agenda.session_n":                      name,
	"body.error_joined_line":                name,
	"breakout.between":                      unit,
	"breakout.part_label":                   name,
	"breakout.share_agree":                  share,
	"breakout.share_disagree":               share,
	"breakout.stable":                       unit,
	"breakout.totals":                       label,
	"commitment.from_recommendation":        name,
	"commitment.making_from_recommendation": name,
	"commitment.import.file_hint":           unit,
	"contrib.import_file_hint":              unit,
	"contrib.version_n":                     name,
	"contrib.version_title":                 name,
	"contrib.versions_link":                 label,
	"dashboard.objective":                   name,
	"error.attachment_size":                 unit,
	"error.io_csv_quote":                    name,
	"error.io_id_twice":                     name,
	"error.io_json_syntax":                  name,
	"error.io_question":                     bound,
	"error.io_too_large":                    unit,
	"error.min_described":                   bound,
	"error.session_number_taken":            name,
	"error.text_file":                       name,
	"error.too_many":                        bound,
	"error.too_many_edits":                  bound,
	"export.outcome.page_of":                share,
	"export.outcome.version":                name,
	"followup.error_cycle_stale":            name,
	"followup.error_days":                   bound,
	"followup.error_report_stale":           name,
	"followup.error_value_twice":            name,
	"import.parse_error":                    name,
	"import.row_error":                      name,
	"io.cell_error":                         name,
	"io.row_error":                          name,
	"outcome.agreed":                        share,
	"outcome.error_block":                   name,
	"outcome.error_conflicting":             name,
	"outcome.error_decided":                 name,
	"outcome.error_stale":                   name,
	"outcome.error_tampered":                name,
	"outcome.error_too_many":                bound,
	"outcome.note.amendments":               name,
	"outcome.page.adopt_confirm":            name,
	"outcome.page.amend_n":                  name,
	"outcome.page.amend_title":              name,
	"outcome.page.amendment_meta":           name,
	"outcome.page.applied_in":               name,
	"outcome.page.block_n":                  name,
	"outcome.page.compare_previous":         name,
	"outcome.page.conflict_title":           name,
	"outcome.page.current_text":             name,
	"outcome.page.decide":                   name,
	"outcome.page.diff_title":               name,
	"outcome.page.download_adopted":         name,
	"outcome.page.download_draft":           name,
	"outcome.page.open_confirm":             name,
	"outcome.page.open_until":               name,
	"outcome.page.para_renumbered":          name,
	"outcome.page.paragraph_n":              name,
	"outcome.page.parts_of":                 share,
	"outcome.page.translate_help":           name,
	"outcome.page.translations_help":        name,
	"outcome.sec_annex":                     name,
	"outcome.sec_session":                   name,
	"overlap.summary":                       label,
	"partnership.error_made_twice":          name,
	"plenary.from_count":                    label,
	"plenary.sure":                          unit,
	"projector.slide":                       share,
	"provenance.confirmed":                  name,
	"provenance.from_statements":            label,
	"provenance.hidden":                     label,
	"provenance.place_of":                   share,
	"ranking.error_place":                   bound,
	"ranking.error_score":                   bound,
	"ranking.error_score_range":             bound,
	"ranking.help_score":                    bound,
	"ranking.moved":                         name,
	"recommendations.intro":                 name,
	"recommendations.paragraph":             name,
	"registry.error_duplicate":              name,
	"report.page.old_version":               name,
}

// TestCountsArePlural fails when a message formats an integer without
// plural forms and is not listed in notCounts: "%d participants" needs
// "one" and "other" in English, and six forms in Arabic.
func TestCountsArePlural(t *testing.T) {
	en := readCatalog(t, "en")
	var missing []string
	for k, m := range en {
		if m.plural != nil {
			continue
		}
		hasInt := slices.ContainsFunc(args(m.text), func(a string) bool { return strings.HasSuffix(a, ":d") })
		if hasInt {
			if _, ok := notCounts[k]; !ok {
				missing = append(missing, k)
			}
		}
	}
	sort.Strings(missing)
	for _, k := range missing {
		t.Errorf("%s formats an integer without plural forms (%q): give it plural forms, the count as the first argument, or list it in notCounts with the reason", k, en[k].text)
	}
	for k := range notCounts {
		m, ok := en[k]
		switch {
		case !ok:
			t.Errorf("notCounts lists %s, which en.json no longer has", k)
		case m.plural != nil:
			t.Errorf("notCounts lists %s, which has plural forms", k)
		}
	}
	// A message with plural forms is counted by its first argument: the
	// form "other" of English formats it as an integer.
	for k, m := range en {
		if m.plural == nil {
			continue
		}
		if !slices.Contains(args(m.plural["other"]), "1:d") {
			t.Errorf("%s has plural forms but its first argument is not an integer (%%d or %%[1]d): %q", k, m.plural["other"])
		}
	}
}

// TestCountsReadRight: the sentences the issue found wrong, as they read now.
func TestCountsReadRight(t *testing.T) {
	c := MustLoad()
	mapAlt := func(lang string, people, groups int) string {
		p := c.Printer(lang)
		return p.N("breakout.map_alt", people, p.N("breakout.map_groups", groups))
	}
	for _, tc := range []struct{ got, want string }{
		{mapAlt("ar", 3, 2), "خريطة 3 مشاركين في مجموعتَي رأي (2). كل نقطة مشارك واحد، دون ذكر اسمه أبدًا."},
		{mapAlt("ar", 11, 5), "خريطة 11 مشاركًا في 5 مجموعات رأي. كل نقطة مشارك واحد، دون ذكر اسمه أبدًا."},
		{mapAlt("ru", 21, 1), "Карта: 21 участник в 1 группе мнений. Каждая точка — один участник, без имени."},
		{mapAlt("ru", 5, 3), "Карта: 5 участников в 3 группах мнений. Каждая точка — один участник, без имени."},
		{mapAlt("en", 1, 1), "Map of 1 participant in 1 opinion group. Each point is one participant, never named."},
		{mapAlt("fr", 0, 2), "Carte de 0 participant en 2 groupes d'opinion. Chaque point est un participant, jamais nommé."},
		{c.Printer("ru").T("breakout.progress", 12, 3), "Вы проголосовали по 3 из 12 тезисов."},
		{c.Printer("zh").T("breakout.progress", 12, 3), "已投票：3 / 12 条陈述。"},
		{c.Printer("es").T("error.password_short", 1), "Debe tener al menos 1 carácter."},
		{c.Printer("ar").T("error.attachment_count", 2), "لا تتضمن المساهمة أكثر من مستندَين (2)."},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %q\nwant %q", tc.got, tc.want)
		}
	}
}
