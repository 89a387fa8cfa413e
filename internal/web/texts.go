package web

import (
	"html/template"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/texts"
)

// LocalText is a name or text a secretariat typed, as a page shows it: in
// the page's language when it has a translation, else in its original
// language, marked (Fallback names that language). Every page shows such
// texts through [Page.Text] and the template functions tx, txmd and
// txline, which write them with their lang and dir, so that a screen reader
// reads each in its language's voice (docs/TRANSLATION.md).
type LocalText struct {
	Text string
	Lang string // the language of Text, "" when unknown
	Dir  string // "rtl" or "ltr"; "auto" when the language is unknown
	// Fallback is the name of the original language, in that language
	// ("English"), when the page's language has no translation.
	Fallback string
	// Unofficial marks a machine or unofficial translation.
	Unofficial bool
}

// Text returns field of a record (a process, meeting, session, part, agenda
// item, group or body, or a node of an agenda) as the page shows it. A
// field the record does not have gives the empty text.
func (p *Page) Text(obj any, field string) LocalText {
	kind, id, meetingID, original := textOf(obj, field)
	if kind == "" {
		return LocalText{}
	}
	return p.localText(kind, id, meetingID, field, original)
}

func (p *Page) localText(kind domain.TextKind, id, meetingID, field, original string) LocalText {
	if original == "" || p == nil || p.texts == nil {
		return LocalText{Text: original, Dir: "auto"}
	}
	tr, orig := p.texts.Find(kind, id, meetingID, field)
	if tr != nil {
		if tr.Unofficial || tr.Machine {
			p.unofficialShown = true
		}
		return LocalText{Text: tr.Text, Lang: tr.Lang, Dir: textDir(tr.Lang), Unofficial: tr.Unofficial || tr.Machine}
	}
	lt := LocalText{Text: original, Lang: orig, Dir: "auto"}
	if orig != "" {
		lt.Dir = textDir(orig)
		if orig != p.Lang() {
			lt.Fallback = langName(orig)
		}
	}
	return lt
}

// footnoteText is a footnote of a meeting's agenda as the page shows it.
func (p *Page) footnoteText(meetingID string, f domain.Footnote) LocalText {
	return p.localText(domain.TextFootnote, domain.FootnoteID(meetingID, f.Number), meetingID, "text", f.Text)
}

// Plain is [Page.Text] as plain text, for where markup cannot go (a
// page's title, an option of a list): the text, followed by the name of
// its language in parentheses when it stands in for a translation.
func (p *Page) Plain(obj any, field string) string {
	lt := p.Text(obj, field)
	if lt.Fallback != "" {
		return lt.Text + " (" + lt.Fallback + ")"
	}
	return lt.Text
}

// UnofficialShown reports whether the page showed a machine or unofficial
// translation, after its content: the layout then explains the mark.
func (p *Page) UnofficialShown() bool { return p.unofficialShown }

// textOf says which translatable text field is of obj: its kind, ID,
// meeting and original.
func textOf(obj any, field string) (kind domain.TextKind, id, meetingID, original string) {
	switch o := obj.(type) {
	case *domain.Meeting:
		return domain.TextMeeting, o.ID, o.ID, texts.MeetingField(o, field)
	case *domain.SessionNode:
		return textOf(&o.Session, field)
	case *domain.Session:
		return domain.TextSession, o.ID, o.MeetingID, texts.SessionField(o, field)
	case *domain.PartNode:
		return textOf(&o.Part, field)
	case *domain.Part:
		return domain.TextPart, o.ID, "", texts.PartField(o, field)
	case *domain.ItemNode:
		return textOf(&o.AgendaItem, field)
	case *domain.AgendaItem:
		if field == "text" {
			return domain.TextItem, o.ID, o.MeetingID, o.Text
		}
	case *domain.Group:
		if field == "name" {
			return domain.TextGroup, o.ID, o.MeetingID, o.Name
		}
	case *domain.Body:
		if field == "name" {
			return domain.TextBody, o.ID, "", o.Name
		}
	case *domain.Process:
		switch field {
		case "name":
			return domain.TextProcess, o.ID, "", o.Name
		case "description":
			return domain.TextProcess, o.ID, "", o.Description
		}
	}
	return "", "", "", ""
}

// renderLocal writes a LocalText: the text (already HTML) in a span with
// its lang and dir, then the name of the original language when it stands
// in for a missing translation, and a dagger for an unofficial one.
func renderLocal(p *Page, lt LocalText, body template.HTML) template.HTML {
	if lt.Text == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<span`)
	if lt.Lang != "" {
		b.WriteString(` lang="` + template.HTMLEscapeString(lt.Lang) + `"`)
	}
	b.WriteString(` dir="` + template.HTMLEscapeString(lt.Dir) + `">`)
	b.WriteString(strings.ReplaceAll(string(body), "\n", "<br>"))
	b.WriteString(`</span>`)
	if lt.Fallback != "" {
		b.WriteString(` <small class="tx-fallback" lang="` + template.HTMLEscapeString(lt.Lang) + `" dir="` + lt.Dir + `">(` + template.HTMLEscapeString(lt.Fallback) + `)</small>`)
	}
	if lt.Unofficial {
		label := "unofficial translation"
		if p != nil {
			label = p.T("text.unofficial")
		}
		// Not a link: names are shown inside links, buttons and summaries,
		// where a link would nest controls (axe-core nested-interactive).
		// The legend at the foot of the page explains the mark.
		b.WriteString(`<sup class="tx-mark" title="` + template.HTMLEscapeString(label) + `"><span aria-hidden="true">†</span><span class="visually-hidden"> ` + template.HTMLEscapeString(label) + `</span></sup>`)
	}
	return template.HTML(b.String())
}

// textFuncs are the template functions that show translatable texts:
// tx (plain text), txmd (inline Markdown of the agenda, with footnote
// links), txline (inline Markdown without footnote links), txfn (a
// footnote of a meeting) and local (a LocalText made in Go).
func textFuncs() template.FuncMap {
	return template.FuncMap{
		"tx": func(p *Page, obj any, field string) template.HTML {
			lt := p.Text(obj, field)
			return renderLocal(p, lt, template.HTML(template.HTMLEscapeString(lt.Text)))
		},
		"txmd": func(p *Page, obj any, field string) template.HTML {
			lt := p.Text(obj, field)
			return renderLocal(p, lt, inlineMarkdown(lt.Text))
		},
		"txline": func(p *Page, obj any, field string) template.HTML {
			lt := p.Text(obj, field)
			return renderLocal(p, lt, inlineNoLinks(lt.Text))
		},
		"txfn": func(p *Page, meetingID string, f domain.Footnote) template.HTML {
			lt := p.footnoteText(meetingID, f)
			return renderLocal(p, lt, inlineMarkdown(lt.Text))
		},
		// txname is a meeting's name: its short name ("GRCP 7"), a code
		// that is not translated, else its title.
		"txname": func(p *Page, m *domain.Meeting) template.HTML {
			if m == nil {
				return ""
			}
			if m.ShortName != "" {
				return template.HTML(template.HTMLEscapeString(m.ShortName))
			}
			lt := p.Text(m, "title")
			return renderLocal(p, lt, inlineNoLinks(lt.Text))
		},
		// ttx is a message of the catalogue whose one argument is a
		// translatable text: the text keeps its lang and dir inside it.
		"ttx": func(p *Page, key string, obj any, field string) template.HTML {
			lt := p.Text(obj, field)
			msg := template.HTMLEscapeString(p.T(key, "⟦arg⟧"))
			return template.HTML(strings.Replace(msg, "⟦arg⟧", string(renderLocal(p, lt, template.HTML(template.HTMLEscapeString(lt.Text)))), 1))
		},
		"minus": func(a, b int) int { return a - b },
		// titletx is the page's title with the translatable text in it
		// (put there with [Page.Text]) in its span with lang and dir.
		"titletx": func(p *Page, obj any, field string) template.HTML {
			lt := p.Text(obj, field)
			title := template.HTMLEscapeString(p.Title)
			if lt.Text == "" {
				return template.HTML(title)
			}
			return template.HTML(strings.Replace(title, template.HTMLEscapeString(lt.Text), string(renderLocal(p, lt, template.HTML(template.HTMLEscapeString(lt.Text)))), 1))
		},
		"local": func(p *Page, lt LocalText) template.HTML {
			return renderLocal(p, lt, template.HTML(template.HTMLEscapeString(lt.Text)))
		},
	}
}

// inlineNoLinks is inline Markdown for agenda text shown away from the
// agenda's footnotes: footnote references are numbers without a link.
func inlineNoLinks(s string) template.HTML {
	return template.HTML(reFootnoteLink.ReplaceAllString(string(inlineMarkdown(s)), "<sup>$1</sup>"))
}
