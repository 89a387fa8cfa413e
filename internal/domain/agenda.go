package domain

// Agenda is a meeting with its whole structure, in document order: the
// meeting's own objectives and issues, its footnotes, and its sessions with
// their parts, objectives and guiding questions.
type Agenda struct {
	Meeting   *Meeting
	Items     []*ItemNode // meeting-level items: objectives, then issues
	Footnotes []Footnote
	Sessions  []*SessionNode
}

// SessionNode is a session with its items and parts.
type SessionNode struct {
	Session
	Items []*ItemNode // session-level objectives and questions
	Parts []*PartNode
}

// PartNode is a session part with its items.
type PartNode struct {
	Part
	Items []*ItemNode
}

// ItemNode is an agenda item with its sub-items.
type ItemNode struct {
	AgendaItem
	Children []*ItemNode
}

// ItemsOfKind returns the items of nodes with kind k, keeping their order.
func ItemsOfKind(nodes []*ItemNode, k ItemKind) []*ItemNode {
	var out []*ItemNode
	for _, n := range nodes {
		if n.Kind == k {
			out = append(out, n)
		}
	}
	return out
}

// Objectives returns the session-level objectives.
func (s *SessionNode) Objectives() []*ItemNode { return ItemsOfKind(s.Items, ItemObjective) }

// Questions returns the session-level guiding questions.
func (s *SessionNode) Questions() []*ItemNode { return ItemsOfKind(s.Items, ItemQuestion) }

// Objectives returns the part's objectives.
func (p *PartNode) Objectives() []*ItemNode { return ItemsOfKind(p.Items, ItemObjective) }

// Questions returns the part's guiding questions.
func (p *PartNode) Questions() []*ItemNode { return ItemsOfKind(p.Items, ItemQuestion) }

// Objectives returns the meeting-level objectives.
func (a *Agenda) Objectives() []*ItemNode { return ItemsOfKind(a.Items, ItemObjective) }

// Issues returns the meeting-level issues to be addressed.
func (a *Agenda) Issues() []*ItemNode { return ItemsOfKind(a.Items, ItemIssue) }
