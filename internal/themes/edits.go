package themes

import (
	"fmt"
	"slices"
	"strings"
)

// previousPartition returns, per statement, a community number from the
// previous result (statements new since then get one of their own), to
// start the clustering from.
func previousPartition(stmts []Statement, prev *Result) []int {
	prevOf := make(map[string]string, len(prev.Statements))
	for _, a := range prev.Statements {
		prevOf[a.ID] = a.Theme
	}
	num := map[string]int{}
	out := make([]int, len(stmts))
	next := 0
	for i, s := range stmts {
		t, ok := prevOf[s.ID]
		if !ok {
			out[i] = -1
			continue
		}
		x, ok := num[t]
		if !ok {
			x = next
			num[t] = x
			next++
		}
		out[i] = x
	}
	for i := range out {
		if out[i] < 0 {
			out[i] = next
			next++
		}
	}
	return out
}

// applyEdits re-applies people's edits, in order, and records the outcome
// of each in the result. An edit that no longer fits (its theme has gone,
// its statements were withdrawn) is reported, never silently dropped.
func (b *builder) applyEdits(ths []*theme, edits []Edit) []*theme {
	byID := map[string]*theme{}
	for _, th := range ths {
		byID[th.id] = th
	}
	used := map[string]bool{}
	for _, th := range ths {
		used[th.id] = true
	}
	themeOf := map[int]*theme{}
	for _, th := range ths {
		for _, i := range th.members {
			themeOf[i] = th
		}
	}
	remove := func(i int) {
		th := themeOf[i]
		th.members = slices.DeleteFunc(th.members, func(x int) bool { return x == i })
		delete(th.pinned, i)
	}
	place := func(i int, th *theme, pin bool) {
		if themeOf[i] == th {
			if pin {
				th.pinned[i] = true
			}
			return
		}
		remove(i)
		th.members = append(th.members, i)
		themeOf[i] = th
		if pin {
			th.pinned[i] = true
		}
	}
	getOrCreate := func(id string) *theme {
		if th := byID[id]; th != nil {
			return th
		}
		th := &theme{id: id, medoid: -1, pinned: map[int]bool{}}
		byID[id] = th
		used[id] = true
		ths = append(ths, th)
		return th
	}
	for _, th := range ths {
		th.pinned = map[int]bool{}
	}
	for _, e := range edits {
		out := EditOutcome{Edit: e}
		var known []int
		var missing []string
		for _, id := range e.Statements {
			if i, ok := b.pos[id]; ok {
				known = append(known, i)
			} else {
				missing = append(missing, id)
			}
		}
		switch e.Op {
		case EditMove, EditSplit:
			if len(known) == 0 {
				out.Reason = "none of its statements is in the input"
				break
			}
			to := e.To
			if to == "" && e.Op == EditSplit {
				to = newThemeID(b.stmts, known, used)
			}
			if to == "" {
				out.Reason = "no target theme (to)"
				break
			}
			th := getOrCreate(to)
			for _, i := range known {
				place(i, th, true)
			}
			out.Applied = true
			if len(missing) > 0 {
				out.Reason = "statements no longer present: " + strings.Join(missing, ", ")
			}
		case EditMerge:
			if len(e.Themes) < 2 {
				out.Reason = "merge needs at least two themes"
				break
			}
			var present []*theme
			for _, id := range e.Themes[1:] {
				if th := byID[id]; th != nil && len(th.members) > 0 {
					present = append(present, th)
				}
			}
			if byID[e.Themes[0]] == nil && len(present) == 0 {
				out.Reason = "none of the themes exists any more"
				break
			}
			into := getOrCreate(e.Themes[0])
			for _, th := range present {
				if th == into {
					continue
				}
				for _, i := range slices.Clone(th.members) {
					place(i, into, false)
				}
			}
			out.Applied = true
		case EditRename:
			if len(e.Themes) != 1 || strings.TrimSpace(e.Label) == "" {
				out.Reason = "rename needs one theme and a label"
				break
			}
			th := byID[e.Themes[0]]
			if th == nil || len(th.members) == 0 {
				out.Reason = fmt.Sprintf("theme %s no longer exists", e.Themes[0])
				break
			}
			th.label, th.labelEdited = strings.TrimSpace(e.Label), true
			out.Applied = true
		default:
			out.Reason = fmt.Sprintf("unknown operation %q", e.Op)
		}
		b.res.Edits = append(b.res.Edits, out)
	}
	kept := ths[:0]
	for _, th := range ths {
		if len(th.members) > 0 {
			slices.Sort(th.members)
			kept = append(kept, th)
		}
	}
	return kept
}
