package outcome

import (
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
)

// ChangeKind is what happened to a block between two versions.
type ChangeKind string

// The kinds of change.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed" // its kind, text or cells differ
	Moved   ChangeKind = "moved"   // same content, another place
)

// BlockChange is one block that differs between two versions. A block
// whose content changed and that moved is Changed with Moved set.
type BlockChange struct {
	ID   string     `json:"id"`
	Kind ChangeKind `json:"kind"`
	// Moved is set on a changed block that also moved.
	Moved bool `json:"moved,omitempty"`
	// Section is the key of the section the block is in: in the new
	// version, or in the old one for a removed block.
	Section string `json:"section"`
	// Old and New are the block in each version (nil where it is not).
	Old *domain.OutcomeBlock `json:"old,omitempty"`
	New *domain.OutcomeBlock `json:"new,omitempty"`
	// OldNumber and NewNumber are the paragraph's numbers (0: none).
	OldNumber int `json:"old_number,omitempty"`
	NewNumber int `json:"new_number,omitempty"`
}

// HeadingChange is a section whose heading changed, or that was added or
// removed.
type HeadingChange struct {
	Key  string     `json:"key"`
	Kind ChangeKind `json:"kind"`
	Old  string     `json:"old,omitempty"`
	New  string     `json:"new,omitempty"`
}

// Difference is what changed from one version's text to another's.
type Difference struct {
	Title    bool            `json:"title_changed,omitempty"`
	Subtitle bool            `json:"subtitle_changed,omitempty"`
	Sections []HeadingChange `json:"sections"`
	// Blocks are in the new version's order, each removed block after the
	// block that preceded it in the old version.
	Blocks []BlockChange `json:"blocks"`
}

// Empty reports whether the two texts are the same.
func (d Difference) Empty() bool {
	return !d.Title && !d.Subtitle && len(d.Sections) == 0 && len(d.Blocks) == 0
}

type placed struct {
	block   domain.OutcomeBlock
	section string
}

func flatten(t domain.OutcomeText) ([]string, map[string]placed) {
	var order []string
	at := map[string]placed{}
	for _, s := range t.Sections {
		for _, b := range s.Blocks {
			order = append(order, b.ID)
			at[b.ID] = placed{block: b, section: s.Key}
		}
	}
	return order, at
}

func sameContent(x, y domain.OutcomeBlock) bool {
	return x.Kind == y.Kind && x.Text == y.Text && slices.EqualFunc(x.Rows, y.Rows, slices.Equal[[]string])
}

// Diff compares two versions of a document block by block, by ID: blocks
// added, removed, changed (kind, text or cells, with both), and moved
// (to another section, or out of the order of the blocks both versions
// share: those off a longest common subsequence). Pure.
func Diff(old, new domain.OutcomeText) Difference {
	d := Difference{Title: old.Title != new.Title, Subtitle: old.Subtitle != new.Subtitle, Sections: []HeadingChange{}, Blocks: []BlockChange{}}
	oldHeads := map[string]string{}
	for _, s := range old.Sections {
		oldHeads[s.Key] = s.Heading
	}
	newHeads := map[string]bool{}
	for _, s := range new.Sections {
		newHeads[s.Key] = true
		h, ok := oldHeads[s.Key]
		switch {
		case !ok:
			d.Sections = append(d.Sections, HeadingChange{Key: s.Key, Kind: Added, New: s.Heading})
		case h != s.Heading:
			d.Sections = append(d.Sections, HeadingChange{Key: s.Key, Kind: Changed, Old: h, New: s.Heading})
		}
	}
	for _, s := range old.Sections {
		if !newHeads[s.Key] {
			d.Sections = append(d.Sections, HeadingChange{Key: s.Key, Kind: Removed, Old: s.Heading})
		}
	}

	oldOrder, oldAt := flatten(old)
	newOrder, newAt := flatten(new)
	oldNum, newNum := old.Numbers(), new.Numbers()
	var oldCommon, newCommon []string
	for _, id := range oldOrder {
		if _, ok := newAt[id]; ok {
			oldCommon = append(oldCommon, id)
		}
	}
	for _, id := range newOrder {
		if _, ok := oldAt[id]; ok {
			newCommon = append(newCommon, id)
		}
	}
	inOrder := lcs(oldCommon, newCommon)

	// Removed blocks go after the block that preceded them in the old
	// version ("" for the start).
	removedAfter := map[string][]BlockChange{}
	prev := ""
	for _, id := range oldOrder {
		if _, ok := newAt[id]; ok {
			prev = id
			continue
		}
		o := oldAt[id]
		ob := o.block
		removedAfter[prev] = append(removedAfter[prev], BlockChange{ID: id, Kind: Removed, Section: o.section, Old: &ob, OldNumber: oldNum[id]})
	}
	d.Blocks = append(d.Blocks, removedAfter[""]...)
	for _, id := range newOrder {
		n := newAt[id]
		nb := n.block
		o, ok := oldAt[id]
		if !ok {
			d.Blocks = append(d.Blocks, BlockChange{ID: id, Kind: Added, Section: n.section, New: &nb, NewNumber: newNum[id]})
		} else {
			ob := o.block
			moved := o.section != n.section || !inOrder[id]
			c := BlockChange{ID: id, Section: n.section, Old: &ob, New: &nb, OldNumber: oldNum[id], NewNumber: newNum[id]}
			switch {
			case !sameContent(ob, nb):
				c.Kind, c.Moved = Changed, moved
				d.Blocks = append(d.Blocks, c)
			case moved:
				c.Kind = Moved
				d.Blocks = append(d.Blocks, c)
			}
		}
		d.Blocks = append(d.Blocks, removedAfter[id]...)
	}
	return d
}

// lcs returns the members of a longest common subsequence of a and b
// (sequences of distinct IDs).
func lcs(a, b []string) map[string]bool {
	n, m := len(a), len(b)
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	out := map[string]bool{}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out[a[i]] = true
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}
