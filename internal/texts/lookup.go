package texts

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
)

// Lookup finds the translations of records in one language, for one page:
// it reads a meeting's translations in one query the first time a record
// of that meeting is asked for, and those of processes and bodies the
// first time one of them is. It checks no permission: a page asks only for
// records it shows. A failed read shows the originals.
type Lookup struct {
	s        *Service
	ctx      context.Context
	lang     string
	meetings map[string]*scopeTexts
	kinds    map[domain.TextKind]*scopeTexts
	parts    map[string]string // part ID -> meeting ID
}

type scopeTexts struct {
	lang  string            // the original language of a meeting's records
	langs map[string]string // by ID, for processes and bodies
	trs   map[domain.TextKey]domain.TextTranslation
}

// Lookup returns a lookup of translations into lang.
func (s *Service) Lookup(ctx context.Context, lang string) *Lookup {
	return &Lookup{s: s, ctx: ctx, lang: lang, meetings: map[string]*scopeTexts{}, kinds: map[domain.TextKind]*scopeTexts{}, parts: map[string]string{}}
}

// Lang is the language the lookup translates into.
func (l *Lookup) Lang() string { return l.lang }

// Find returns the translation of a field of a record into the lookup's
// language (nil when there is none) and the record's original language
// ("" when unknown). meetingID is the meeting of a meeting-scoped record;
// for a part it may be "", the lookup finds it.
func (l *Lookup) Find(kind domain.TextKind, id, meetingID, field string) (*domain.TextTranslation, string) {
	key := domain.TextKey{Kind: kind, ID: id, Field: field}
	if !kind.MeetingScoped() {
		st := l.kind(kind)
		orig := st.langs[id]
		if orig == l.lang {
			return nil, orig
		}
		if tr, ok := st.trs[key]; ok {
			return &tr, orig
		}
		return nil, orig
	}
	if kind == domain.TextMeeting {
		meetingID = id
	}
	if meetingID == "" && kind == domain.TextPart {
		m, ok := l.parts[id]
		if !ok {
			m, _ = l.s.db.MeetingOfPart(l.ctx, id)
			l.parts[id] = m
		}
		meetingID = m
	}
	if meetingID == "" {
		return nil, ""
	}
	st := l.meeting(meetingID)
	if st.lang == l.lang {
		return nil, st.lang
	}
	if tr, ok := st.trs[key]; ok {
		return &tr, st.lang
	}
	return nil, st.lang
}

func (l *Lookup) meeting(id string) *scopeTexts {
	if st, ok := l.meetings[id]; ok {
		return st
	}
	st := &scopeTexts{trs: map[domain.TextKey]domain.TextTranslation{}}
	l.meetings[id] = st
	st.lang, _ = l.s.db.OriginalLang(l.ctx, domain.TextMeeting, id)
	if st.lang == "" || st.lang == l.lang {
		return st
	}
	trs, err := l.s.db.MeetingTexts(l.ctx, id, l.lang)
	if err != nil {
		return st
	}
	for _, t := range trs {
		st.trs[t.TextKey] = t
	}
	return st
}

func (l *Lookup) kind(k domain.TextKind) *scopeTexts {
	if st, ok := l.kinds[k]; ok {
		return st
	}
	st := &scopeTexts{trs: map[domain.TextKey]domain.TextTranslation{}}
	l.kinds[k] = st
	st.langs, _ = l.s.db.OriginalLangs(l.ctx, k)
	trs, err := l.s.db.KindTexts(l.ctx, k, l.lang)
	if err != nil {
		return st
	}
	for _, t := range trs {
		st.trs[t.TextKey] = t
	}
	return st
}
