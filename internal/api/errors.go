package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
)

// errorBody is the JSON body of every error response.
type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Key     string            `json:"key,omitempty"`    // the message's key in the interface catalogues
	Fields  map[string]string `json:"fields,omitempty"` // field -> message
	Keys    map[string]string `json:"keys,omitempty"`   // field -> catalogue key
	// Problems lists every problem of an imported file, by row and column.
	Problems []problemJSON `json:"problems,omitempty"`
}

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

func badRequest(msg string) *requestError {
	return &requestError{status: http.StatusBadRequest, code: "bad_request", msg: msg}
}

// statusOf maps a domain error code to its HTTP status.
func statusOf(code string) int { return domain.HTTPStatus(code) }

// errorResponse turns err into a status and the body a client sees, in
// English. Internal errors keep their detail out of the body.
func errorResponse(err error) (int, errorJSON) { return errorResponseIn(err, nil) }

// errorResponseIn is errorResponse with messages that have a catalogue key
// translated by p; nil keeps the English messages.
func errorResponseIn(err error, p *locale.Printer) (int, errorJSON) {
	msg := func(e *domain.Error) string {
		if p != nil && e.Key != "" && p.T(e.Key) != e.Key {
			return p.T(e.Key, e.Args...)
		}
		return e.Msg
	}
	var ce contribio.CellErrors
	if errors.As(err, &ce) {
		body := errorJSON{Code: domain.EINVALID, Key: "error.io_problems", Problems: problemsView(ce, p),
			Message: fmt.Sprintf("the file has %d problems; nothing was imported", len(ce))}
		if len(ce) == 1 {
			body.Message = "the file has 1 problem; nothing was imported"
		}
		if p != nil {
			body.Message = p.N("error.io_problems", len(ce))
		}
		return statusOf(domain.EINVALID), body
	}
	var re *requestError
	if errors.As(err, &re) {
		body := errorJSON{Code: re.code, Message: re.msg, Key: re.key, Fields: re.fields}
		if p != nil && re.key != "" && p.T(re.key) != re.key {
			body.Message = p.T(re.key, re.args...)
		}
		return re.status, body
	}
	var es domain.Errors
	if errors.As(err, &es) && len(es) > 1 {
		body := errorJSON{Code: domain.EINVALID, Message: "some fields are invalid: " + es.Error(), Fields: map[string]string{}, Keys: map[string]string{}}
		var parts []string
		for _, e := range es {
			if e.Field != "" {
				if _, dup := body.Fields[e.Field]; !dup {
					body.Fields[e.Field] = msg(e)
					body.Keys[e.Field] = e.Key
					parts = append(parts, e.Field+": "+msg(e))
				}
			}
		}
		if p != nil {
			body.Message = strings.Join(parts, " ")
		}
		return statusOf(domain.EINVALID), body
	}
	var de *domain.Error
	if !errors.As(err, &de) || de.Code == domain.EINTERNAL || statusOf(de.Code) == http.StatusInternalServerError {
		body := errorJSON{Code: domain.EINTERNAL, Message: "internal error; it has been logged", Key: "error.internal"}
		if p != nil {
			body.Message = p.T("error.internal")
		}
		return http.StatusInternalServerError, body
	}
	body := errorJSON{Code: de.Code, Message: de.Error(), Key: de.Key}
	if p != nil {
		body.Message = msg(de)
	}
	if de.Field != "" {
		body.Fields = map[string]string{de.Field: msg(de)}
		if de.Key != "" {
			body.Keys = map[string]string{de.Field: de.Key}
		}
	}
	return statusOf(de.Code), body
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
	status, body := errorResponseIn(err, p)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "api: request failed", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", status), slog.Any("err", err))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="plenary"`)
	}
	if secs := domain.RetryAfterSeconds(err); secs > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	writeJSON(w, status, errorBody{Error: body})
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
