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

// PartQuestions returns the guiding questions part pn of session sn asks:
// its own, or its session's when it has none of its own. The group's
// workspace shows them and the group's report answers them.
func PartQuestions(sn *SessionNode, pn *PartNode) []*ItemNode {
	if q := pn.Questions(); len(q) > 0 {
		return q
	}
	return sn.Questions()
}

// PartQuestions returns the guiding questions the part with ID partID asks
// (see [PartQuestions]); none for a part not in the agenda.
func (a *Agenda) PartQuestions(partID string) []*ItemNode {
	for _, sn := range a.Sessions {
		for _, pn := range sn.Parts {
			if pn.ID == partID {
				return PartQuestions(sn, pn)
			}
		}
	}
	return nil
}
