package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/plenary-org/plenary/internal/domain"
)

// errorBody is the JSON body of every error response.
type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// requestError is a failure of the HTTP request itself (bad JSON, wrong
// content type, body too large...) rather than of the domain.
type requestError struct {
	status int
	code   string
	msg    string
	fields map[string]string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(msg string) *requestError {
	return &requestError{status: http.StatusBadRequest, code: "bad_request", msg: msg}
}

// statusOf maps a domain error code to its HTTP status.
func statusOf(code string) int { return domain.HTTPStatus(code) }

// errorResponse turns err into a status and the body a client sees.
// Internal errors keep their detail out of the body.
func errorResponse(err error) (int, errorJSON) {
	var re *requestError
	if errors.As(err, &re) {
		return re.status, errorJSON{Code: re.code, Message: re.msg, Fields: re.fields}
	}
	var es domain.Errors
	if errors.As(err, &es) && len(es) > 1 {
		body := errorJSON{Code: domain.EINVALID, Message: "some fields are invalid: " + es.Error(), Fields: map[string]string{}}
		for _, e := range es {
			if e.Field != "" {
				if _, dup := body.Fields[e.Field]; !dup {
					body.Fields[e.Field] = e.Msg
				}
			}
		}
		return statusOf(domain.EINVALID), body
	}
	var de *domain.Error
	if !errors.As(err, &de) || de.Code == domain.EINTERNAL || statusOf(de.Code) == http.StatusInternalServerError {
		return http.StatusInternalServerError, errorJSON{Code: domain.EINTERNAL, Message: "internal error; it has been logged"}
	}
	body := errorJSON{Code: de.Code, Message: de.Error()}
	if de.Field != "" {
		body.Fields = map[string]string{de.Field: de.Msg}
	}
	return statusOf(de.Code), body
}

// writeError answers r with err as a JSON error and logs internal errors.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, body := errorResponse(err)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "api: request failed", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", status), slog.Any("err", err))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="plenary"`)
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
