package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/plenary-org/plenary/internal/domain"
)

const textCols = `kind, object_id, field, lang, meeting_id, text, machine, unofficial, translator_id, translator, updated_at, version`

func scanText(r scanner) (domain.TextTranslation, error) {
	var t domain.TextTranslation
	var kind string
	var u int64
	err := r.Scan(&kind, &t.ID, &t.Field, &t.Lang, &t.MeetingID, &t.Text, &t.Machine, &t.Unofficial, &t.TranslatorID, &t.Translator, &u, &t.Version)
	t.Kind = domain.TextKind(kind)
	t.UpdatedAt = fromMS(u)
	return t, err
}

// MeetingTexts returns the translations of a meeting's own texts and of
// its structure (sessions, parts, items, footnotes, groups), in lang or in
// every language when lang is "".
func (db *DB) MeetingTexts(ctx context.Context, meetingID, lang string) ([]domain.TextTranslation, error) {
	q, args := `SELECT `+textCols+` FROM text_translations WHERE meeting_id = ?`, []any{meetingID}
	if lang != "" {
		q, args = q+` AND lang = ?`, append(args, lang)
	}
	rows, err := db.query(ctx, q+` ORDER BY kind, object_id, field, lang`, args...)
	ts, err := scanAll(rows, err, scanText)
	return ts, db.mapErr(err)
}

// KindTexts returns the translations of every record of a kind that
// belongs to no meeting (processes, bodies), in lang or in every language
// when lang is "".
func (db *DB) KindTexts(ctx context.Context, kind domain.TextKind, lang string) ([]domain.TextTranslation, error) {
	q, args := `SELECT `+textCols+` FROM text_translations WHERE kind = ? AND meeting_id = ''`, []any{string(kind)}
	if lang != "" {
		q, args = q+` AND lang = ?`, append(args, lang)
	}
	rows, err := db.query(ctx, q+` ORDER BY object_id, field, lang`, args...)
	ts, err := scanAll(rows, err, scanText)
	return ts, db.mapErr(err)
}

// originTable is the table that holds the original language of a kind's
// records: their own, or their meeting's.
func originTable(kind domain.TextKind) string {
	switch kind {
	case domain.TextProcess:
		return "processes"
	case domain.TextBody:
		return "bodies"
	}
	return "meetings"
}

// OriginalLang returns the original language of a process, meeting or
// body (a meeting's structure is in its meeting's language: pass the
// meeting's ID with [domain.TextMeeting]).
func (db *DB) OriginalLang(ctx context.Context, kind domain.TextKind, id string) (string, error) {
	var lang string
	if err := db.queryRow(ctx, `SELECT lang FROM `+originTable(kind)+` WHERE id = ?`, id).Scan(&lang); err != nil {
		return "", db.notFound(err, string(kind))
	}
	return lang, nil
}

// OriginalLangs returns the original language of every record of a kind
// that belongs to no meeting (processes, bodies), by ID.
func (db *DB) OriginalLangs(ctx context.Context, kind domain.TextKind) (map[string]string, error) {
	out := map[string]string{}
	rows, err := db.query(ctx, `SELECT id, lang FROM `+originTable(kind))
	_, err = scanAll(rows, err, func(r scanner) (struct{}, error) {
		var id, lang string
		err := r.Scan(&id, &lang)
		out[id] = lang
		return struct{}{}, err
	})
	return out, db.mapErr(err)
}

// MeetingOfPart returns the meeting a session part belongs to.
func (db *DB) MeetingOfPart(ctx context.Context, partID string) (string, error) {
	var id string
	err := db.queryRow(ctx, `SELECT s.meeting_id FROM session_parts p JOIN meeting_sessions s ON s.id = p.session_id WHERE p.id = ?`, partID).Scan(&id)
	if err != nil {
		return "", db.notFound(err, "part")
	}
	return id, nil
}

// SetOriginalLang changes the original language of a process, meeting or
// body, with an audit event. Translations into the new original language
// are removed: the original is now that text. meetingID is the meeting
// of the event ("" for processes and bodies).
func (db *DB) SetOriginalLang(ctx context.Context, kind domain.TextKind, id, lang string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var before string
		if err := tx.queryRow(ctx, `SELECT lang FROM `+originTable(kind)+` WHERE id = ?`, id).Scan(&before); err != nil {
			return db.notFound(err, string(kind))
		}
		if before == lang {
			return nil
		}
		if _, err := tx.exec(ctx, `UPDATE `+originTable(kind)+` SET lang = ? WHERE id = ?`, lang, id); err != nil {
			return err
		}
		scope := ""
		if kind == domain.TextMeeting {
			scope = id
			if _, err := tx.exec(ctx, `DELETE FROM text_translations WHERE meeting_id = ? AND lang = ?`, id, lang); err != nil {
				return err
			}
		} else if _, err := tx.exec(ctx, `DELETE FROM text_translations WHERE kind = ? AND object_id = ? AND lang = ?`, string(kind), id, lang); err != nil {
			return err
		}
		return tx.audit(ctx, "set_language", string(kind), id, scope, map[string]string{"lang": before}, map[string]string{"lang": lang})
	})
}

// TextEdit is one change to a translation: its new text ("" removes it)
// and marks, and the version it was based on (0: there was none).
type TextEdit struct {
	domain.TextKey
	Lang       string
	Text       string
	Machine    bool
	Unofficial bool
	Version    int
}

// SaveTexts applies edits to translations of the records of one scope (a
// meeting's ID, or "" for processes and bodies) in one transaction, with
// one audit event on object (kind, id). An edit whose version is not the
// stored one (a translation saved by someone else meanwhile, or removed)
// refuses the whole save with ECONFLICT naming the text. Edits that change
// nothing are skipped. It returns how many translations changed. The
// caller checks that every key belongs to the scope.
func (db *DB) SaveTexts(ctx context.Context, scope string, objKind domain.TextKind, objID string, edits []TextEdit) (int, error) {
	changed := 0
	err := db.inTx(ctx, func(tx *Tx) error {
		var translatorID, translator string
		if tx.actor != nil && tx.actor.User != nil {
			translatorID, translator = tx.actor.User.ID, tx.actor.User.Name
		}
		now := db.nowMS()
		var langs []string
		for _, e := range edits {
			cur, err := scanText(tx.queryRow(ctx, `SELECT `+textCols+` FROM text_translations WHERE kind = ? AND object_id = ? AND field = ? AND lang = ?`,
				string(e.Kind), e.ID, e.Field, e.Lang))
			exists := err == nil
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			curVersion := 0
			if exists {
				curVersion = cur.Version
			}
			if exists && cur.Text == e.Text && cur.Machine == e.Machine && cur.Unofficial == e.Unofficial {
				continue
			}
			if !exists && e.Text == "" {
				continue
			}
			if curVersion != e.Version {
				return domain.Errorf(domain.ECONFLICT, "error.text_conflict",
					"the %s translation of %s %s was changed by someone else meanwhile: reload the page, see their text and apply your change again", e.Lang, e.Kind, e.Field)
			}
			switch {
			case e.Text == "":
				_, err = tx.exec(ctx, `DELETE FROM text_translations WHERE kind = ? AND object_id = ? AND field = ? AND lang = ?`, string(e.Kind), e.ID, e.Field, e.Lang)
			case exists:
				_, err = tx.exec(ctx, `UPDATE text_translations SET text = ?, machine = ?, unofficial = ?, translator_id = ?, translator = ?, updated_at = ?, version = version + 1
					WHERE kind = ? AND object_id = ? AND field = ? AND lang = ?`,
					e.Text, e.Machine, e.Unofficial, translatorID, translator, now, string(e.Kind), e.ID, e.Field, e.Lang)
			default:
				_, err = tx.exec(ctx, `INSERT INTO text_translations (`+textCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
					string(e.Kind), e.ID, e.Field, e.Lang, scope, e.Text, e.Machine, e.Unofficial, translatorID, translator, now)
			}
			if err != nil {
				return err
			}
			changed++
			if len(langs) == 0 || langs[len(langs)-1] != e.Lang {
				langs = append(langs, e.Lang)
			}
		}
		if changed == 0 {
			return nil
		}
		return tx.audit(ctx, "translate", string(objKind), objID, scope, nil, map[string]any{"texts": changed, "languages": langs})
	})
	return changed, err
}

// deleteTextsOf removes the translations of records of kind that no longer
// exist, after a delete.
func (tx *Tx) deleteTextsOf(ctx context.Context, kind domain.TextKind, id string) error {
	_, err := tx.exec(ctx, `DELETE FROM text_translations WHERE kind = ? AND object_id = ?`, string(kind), id)
	return err
}

// deleteOrphanTexts removes the translations of a meeting's sessions,
// parts and agenda items that no longer exist, after a delete whose
// cascade took a session's parts and items, a part's items or an item's
// sub-items with it: a translation never outlives its record.
func (tx *Tx) deleteOrphanTexts(ctx context.Context, meetingID string) error {
	_, err := tx.exec(ctx, `DELETE FROM text_translations WHERE meeting_id = ? AND (
		(kind = ? AND NOT EXISTS (SELECT 1 FROM meeting_sessions s WHERE s.id = text_translations.object_id))
		OR (kind = ? AND NOT EXISTS (SELECT 1 FROM session_parts p WHERE p.id = text_translations.object_id))
		OR (kind = ? AND NOT EXISTS (SELECT 1 FROM agenda_items i WHERE i.id = text_translations.object_id)))`,
		meetingID, string(domain.TextSession), string(domain.TextPart), string(domain.TextItem))
	return err
}
