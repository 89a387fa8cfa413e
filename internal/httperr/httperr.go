// Package httperr is the JSON body of an error answer, in one shape for the
// API (internal/api) and for the pages' JSON answers (internal/web):
//
//	{"error": {"code": "invalid", "message": "...", "key": "...",
//	           "fields": {...}, "keys": {...}, "problems": [...]}}
//
// Response turns any error into its HTTP status and that body, with the
// status of domain.HTTPStatus; Write sends it.
package httperr

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
)

// Body is the JSON body of every error answer.
type Body struct {
	Error Detail `json:"error"`
}

// Detail says what went wrong: a code (one of domain's error codes, or a
// failure of the request itself such as "bad_request"), a message for a
// person, and where the error is about fields or the rows of a file, each
// of them.
type Detail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Key     string            `json:"key,omitempty"`    // the message's key in the interface catalogues
	Fields  map[string]string `json:"fields,omitempty"` // field -> message
	Keys    map[string]string `json:"keys,omitempty"`   // field -> catalogue key
	// Problems lists every problem of an imported file, by row and column.
	Problems []Problem `json:"problems,omitempty"`
}

// Problem is one problem of an imported file. Row is numbered as the user
// sees the file (the header is row 1); 0 is the whole file. Column is ""
// for the whole row or file.
type Problem struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Key     string `json:"key,omitempty"`
	Message string `json:"message"`
}

// Problems turns a file's problems into JSON, with messages translated by
// p (English when nil). It gives an empty list, not nil, for no problems.
func Problems(ce contribio.CellErrors, p *locale.Printer) []Problem {
	out := make([]Problem, 0, len(ce))
	for _, e := range ce {
		msg := e.Err.Msg
		if p != nil && e.Err.Key != "" && p.T(e.Err.Key) != e.Err.Key {
			msg = p.T(e.Err.Key, e.Err.Args...)
		}
		out = append(out, Problem{Row: e.Row, Column: e.Column, Key: e.Err.Key, Message: msg})
	}
	return out
}

// Answerer is an error that is a failure of the HTTP request itself (bad
// JSON, a wrong content type, a body too large...) rather than of the
// domain: it gives its own status and detail, in p's language (English
// when p is nil).
type Answerer interface {
	error
	Answer(p *locale.Printer) (int, Detail)
}

// Response returns err's HTTP status and the detail a client sees, with
// messages that have a catalogue key translated by p. A nil or English p
// keeps the English messages of the code. Internal errors keep their
// detail out of the body.
func Response(err error, p *locale.Printer) (int, Detail) {
	if p != nil && p.Lang.Code == "en" {
		p = nil
	}
	msg := func(e *domain.Error) string {
		if p != nil && e.Key != "" && p.T(e.Key) != e.Key {
			return p.T(e.Key, e.Args...)
		}
		return e.Msg
	}
	var ce contribio.CellErrors
	if errors.As(err, &ce) {
		d := Detail{Code: domain.EINVALID, Key: "error.io_problems", Problems: Problems(ce, p),
			Message: fmt.Sprintf("the file has %d problems; nothing was imported", len(ce))}
		if len(ce) == 1 {
			d.Message = "the file has 1 problem; nothing was imported"
		}
		if p != nil {
			d.Message = p.N("error.io_problems", len(ce))
		}
		return domain.HTTPStatus(domain.EINVALID), d
	}
	var a Answerer
	if errors.As(err, &a) {
		return a.Answer(p)
	}
	var es domain.Errors
	if errors.As(err, &es) && len(es) > 1 {
		d := Detail{Code: domain.EINVALID, Message: "some fields are invalid: " + es.Error(), Fields: map[string]string{}, Keys: map[string]string{}}
		var parts []string
		for _, e := range es {
			if e.Field != "" {
				if _, dup := d.Fields[e.Field]; !dup {
					d.Fields[e.Field] = msg(e)
					d.Keys[e.Field] = e.Key
					parts = append(parts, e.Field+": "+msg(e))
				}
			}
		}
		if p != nil {
			d.Message = strings.Join(parts, " ")
		}
		return domain.HTTPStatus(domain.EINVALID), d
	}
	var de *domain.Error
	if !errors.As(err, &de) || de.Code == domain.EINTERNAL || domain.HTTPStatus(de.Code) == http.StatusInternalServerError {
		d := Detail{Code: domain.EINTERNAL, Message: "internal error; it has been logged", Key: "error.internal"}
		if p != nil {
			d.Message = p.T("error.internal")
		}
		return http.StatusInternalServerError, d
	}
	d := Detail{Code: de.Code, Message: de.Error(), Key: de.Key}
	if p != nil {
		d.Message = msg(de)
	}
	if de.Field != "" {
		d.Fields = map[string]string{de.Field: msg(de)}
		if de.Key != "" {
			d.Keys = map[string]string{de.Field: de.Key}
		}
	}
	return domain.HTTPStatus(de.Code), d
}

// Write answers with err as a JSON error body, its messages in p's
// language (as Response), with Retry-After when err says when to try
// again, and returns the status it sent.
func Write(w http.ResponseWriter, err error, p *locale.Printer) int {
	status, d := Response(err, p)
	b, merr := json.Marshal(Body{Error: d})
	if merr != nil {
		// Only a programming error can get here: Detail is a plain struct.
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return http.StatusInternalServerError
	}
	if secs := domain.RetryAfterSeconds(err); secs > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
	return status
}

// Unrouted answers for a request that mux has no route for: whether that
// is 404 Not Found or 405 Method Not Allowed, as mux decides, and the Allow
// header for a 405. Front ends answer it in their own format and language
// instead of ServeMux's plain English text. ok is false when mux has a
// route for r.
func Unrouted(mux *http.ServeMux, r *http.Request) (status int, allow string, ok bool) {
	h, pattern := mux.Handler(r)
	if pattern != "" {
		return 0, "", false
	}
	rec := &statusRecorder{header: http.Header{}}
	h.ServeHTTP(rec, r)
	if rec.status == http.StatusMethodNotAllowed {
		return rec.status, rec.header.Get("Allow"), true
	}
	return http.StatusNotFound, "", true
}

// statusRecorder captures the status and headers a handler would write.
type statusRecorder struct {
	header http.Header
	status int
}

func (r *statusRecorder) Header() http.Header { return r.header }
func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return len(b), nil
}
