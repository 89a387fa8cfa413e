package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"sync"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/httperr"
	"github.com/plenary-org/plenary/internal/locale"
)

// requestError is a failure of the HTTP request itself (bad JSON, wrong
// content type, body too large...) rather than of the domain.
type requestError struct {
	status int
	code   string
	msg    string
	fields map[string]string
	key    string // catalogue key of msg, "" when it has none
	args   []any
}

func (e *requestError) Error() string { return e.msg }

// Answer gives the request's status and its error detail, with the message
// translated by p when it has a catalogue key (English when p is nil).
func (e *requestError) Answer(p *locale.Printer) (int, httperr.Detail) {
	d := httperr.Detail{Code: e.code, Message: e.msg, Key: e.key, Fields: e.fields}
	if p != nil && e.key != "" && p.T(e.key) != e.key {
		d.Message = p.T(e.key, e.args...)
	}
	return e.status, d
}

func badRequest(msg string) *requestError {
	return &requestError{status: http.StatusBadRequest, code: "bad_request", msg: msg}
}

// catalog holds the interface catalogues error messages are translated
// from, loaded on first use.
var catalog = sync.OnceValue(locale.MustLoad)

// requestLang returns the language of r's error messages: the best match
// for its Accept-Language header when it sends one, else the caller's saved
// interface language, else English.
func requestLang(r *http.Request) string {
	if al := r.Header.Get("Accept-Language"); al != "" {
		return catalog().Negotiate(al)
	}
	if a := domain.ActorFromContext(r.Context()); a != nil && a.User != nil {
		return catalog().Negotiate("", a.User.Locale)
	}
	return "en"
}

// writeError answers r with err as a JSON error and logs internal errors.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var p *locale.Printer
	if lang := requestLang(r); lang != "en" {
		p = catalog().Printer(lang)
	}
	if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="plenary"`)
	}
	if status := httperr.Write(w, err, p); status >= 500 {
		s.log.ErrorContext(r.Context(), "api: request failed", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", status), slog.Any("err", err))
	}
}

// writeJSON writes v as the JSON body of a response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a programming error can get here: every view is a plain struct.
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// renameFields returns err with its field names replaced through names, so
// that an error on the domain's "group" field points at the request's
// "group_id". Other errors are returned unchanged.
func renameFields(err error, names map[string]string) error {
	rename := func(e *domain.Error) *domain.Error {
		if n, ok := names[e.Field]; ok {
			c := *e
			c.Field = n
			return &c
		}
		return e
	}
	var es domain.Errors
	if errors.As(err, &es) && len(es) > 1 {
		out := make(domain.Errors, len(es))
		for i, e := range es {
			out[i] = rename(e)
		}
		return out
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return rename(de)
	}
	return err
}
