package contribio

import (
	"strings"
	"sync"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
)

// The words a cell may use for a kind, a practice type or a status: the
// stable code, the code with spaces, and the English labels of the
// interface, compared without regard to case.
var (
	kindWords = words(map[string][]string{
		"good_practice":        {"good practice"},
		"recommendation":       {"recommendation"},
		"commitment":           {"actionable commitment", "commitment"},
		"innovative_solution":  {"innovative solution"},
		"common_principle":     {"common principle or approach", "common principle", "approach"},
		"issue_gap":            {"issue or gap", "issue", "gap"},
		"partnership_proposal": {"partnership proposal", "partnership"},
		"follow_up_mechanism":  {"follow-up mechanism", "follow up mechanism"},
	})
	practiceWords = words(map[string][]string{
		"policy": {"policy"}, "legislation": {"legislation", "law"}, "project": {"project"},
		"institution": {"institution"}, "fund": {"fund"}, "other": {"other"},
	})
	statusWords = words(map[string][]string{
		"draft": {"draft"}, "submitted": {"submitted"}, "published": {"published"},
		"returned": {"returned"}, "withdrawn": {"withdrawn"},
	})
)

func words(m map[string][]string) map[string]string {
	out := map[string]string{}
	for code, ws := range m {
		out[code] = code
		out[strings.ReplaceAll(code, "_", " ")] = code
		for _, w := range ws {
			out[w] = code
		}
	}
	return out
}

// addInterfaceLabels adds the labels the interface shows, in its six
// languages, to the words; it is done once, before the first lookup.
var addInterfaceLabels = sync.OnceFunc(func() {
	cat, err := locale.Load()
	if err != nil {
		return // the English words still work; the catalogue test reports the fault
	}
	add := func(words map[string]string, prefix string, codes []string) {
		for _, code := range codes {
			if !cat.Has(prefix + code) {
				continue
			}
			for _, l := range locale.Languages {
				w := normalizeWord(cat.Printer(l.Code).T(prefix + code))
				if _, taken := words[w]; !taken {
					words[w] = code
				}
			}
		}
	}
	add(kindWords, "contrib.kind.", strs(domain.ContributionKinds))
	add(practiceWords, "contrib.practice.", strs(domain.PracticeTypes))
	add(statusWords, "contrib.status.", strs(domain.Statuses))
})

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func normalizeWord(v string) string { return strings.Join(strings.Fields(strings.ToLower(v)), " ") }

// lookupCode returns the code a cell names, or the cell and false.
func lookupCode(words map[string]string, v string) (string, bool) {
	addInterfaceLabels()
	code, ok := words[normalizeWord(v)]
	if !ok {
		return v, false
	}
	return code, true
}

// codeList joins the codes of a list of kinds, types or statuses.
func codeList[T ~string](codes []T) string { return strings.Join(strs(codes), ", ") }
