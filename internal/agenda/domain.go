package agenda

import "github.com/plenary-org/plenary/internal/domain"

// ToDomain converts a parsed agenda into the meeting structure the store
// keeps. IDs are left empty for the store to assign.
func (m *Meeting) ToDomain() *domain.Agenda {
	dm := &domain.Meeting{
		Organisation:  append([]string(nil), m.Organization...),
		Title:         m.Title,
		Subtitle:      m.Subtitle,
		ShortName:     m.ShortName,
		DocTitle:      m.DocumentTitle,
		Details:       append([]string(nil), m.Details...),
		SessionsTitle: m.SessionsTitle,
		TimeZone:      m.TimeZone,
	}
	a := &domain.Agenda{Meeting: dm}
	if m.Objectives != nil {
		dm.ObjectivesTitle, dm.ObjectivesIntro = m.Objectives.Title, m.Objectives.Intro
		a.Items = append(a.Items, toNodes(m.Objectives.Items, domain.ItemObjective)...)
	}
	if m.Issues != nil {
		dm.IssuesTitle, dm.IssuesIntro = m.Issues.Title, m.Issues.Intro
		a.Items = append(a.Items, toNodes(m.Issues.Items, domain.ItemIssue)...)
	}
	for _, f := range m.Footnotes {
		a.Footnotes = append(a.Footnotes, domain.Footnote{Number: f.Number, Text: f.Text})
	}
	for _, s := range m.Sessions {
		sn := &domain.SessionNode{Session: domain.Session{Number: s.Number, Title: s.Title, Intro: s.Intro,
			ObjectivesNote: s.ObjectivesNote, QuestionsNote: s.QuestionsNote, Times: domain.Times{StartsAt: s.StartsAt, EndsAt: s.EndsAt}}}
		sn.Items = append(toNodes(s.Objectives, domain.ItemObjective), toNodes(s.Questions, domain.ItemQuestion)...)
		for _, p := range s.Parts {
			pn := &domain.PartNode{Part: domain.Part{Title: p.Title, Kind: domain.PartKind(p.Kind), Intro: p.Intro,
				ObjectivesNote: p.ObjectivesNote, QuestionsNote: p.QuestionsNote, Times: domain.Times{StartsAt: p.StartsAt, EndsAt: p.EndsAt}}}
			pn.Items = append(toNodes(p.Objectives, domain.ItemObjective), toNodes(p.Questions, domain.ItemQuestion)...)
			sn.Parts = append(sn.Parts, pn)
		}
		a.Sessions = append(a.Sessions, sn)
	}
	return a
}

func toNodes(items []Item, kind domain.ItemKind) []*domain.ItemNode {
	var out []*domain.ItemNode
	for _, it := range items {
		n := &domain.ItemNode{AgendaItem: domain.AgendaItem{Kind: kind, Label: it.Label, Text: it.Text,
			Footnotes: append([]int(nil), it.Footnotes...)}}
		n.Children = toNodes(it.Children, kind)
		out = append(out, n)
	}
	return out
}

// FromDomain converts a stored meeting structure into an agenda that
// [Meeting.Markdown] renders.
func FromDomain(a *domain.Agenda) *Meeting {
	dm := a.Meeting
	m := &Meeting{
		Organization:  append([]string(nil), dm.Organisation...),
		Title:         dm.Title,
		Subtitle:      dm.Subtitle,
		ShortName:     dm.ShortName,
		DocumentTitle: dm.DocTitle,
		Details:       append([]string(nil), dm.Details...),
		SessionsTitle: dm.SessionsTitle,
		TimeZone:      dm.TimeZone,
	}
	if objs := fromNodes(a.Objectives()); dm.ObjectivesTitle != "" || dm.ObjectivesIntro != "" || len(objs) > 0 {
		m.Objectives = &Section{Title: dm.ObjectivesTitle, Intro: dm.ObjectivesIntro, Items: objs}
	}
	if iss := fromNodes(a.Issues()); dm.IssuesTitle != "" || dm.IssuesIntro != "" || len(iss) > 0 {
		m.Issues = &Section{Title: dm.IssuesTitle, Intro: dm.IssuesIntro, Items: iss}
	}
	for _, f := range a.Footnotes {
		m.Footnotes = append(m.Footnotes, Footnote{Number: f.Number, Text: f.Text})
	}
	for _, s := range a.Sessions {
		ss := Session{Number: s.Number, Title: s.Title, StartsAt: s.StartsAt, EndsAt: s.EndsAt, Intro: s.Intro, ObjectivesNote: s.ObjectivesNote,
			QuestionsNote: s.QuestionsNote, Objectives: fromNodes(s.Objectives()), Questions: fromNodes(s.Questions())}
		for _, p := range s.Parts {
			ss.Parts = append(ss.Parts, Part{Title: p.Title, Kind: PartKind(p.Kind), StartsAt: p.StartsAt, EndsAt: p.EndsAt, Intro: p.Intro, ObjectivesNote: p.ObjectivesNote,
				QuestionsNote: p.QuestionsNote, Objectives: fromNodes(p.Objectives()), Questions: fromNodes(p.Questions())})
		}
		m.Sessions = append(m.Sessions, ss)
	}
	return m
}

func fromNodes(ns []*domain.ItemNode) []Item {
	var out []Item
	for _, n := range ns {
		out = append(out, Item{Label: n.Label, Text: n.Text, Footnotes: append([]int(nil), n.Footnotes...), Children: fromNodes(n.Children)})
	}
	return out
}
