package httperr

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
)

// tooLarge is a failure of a request, answered as it says.
type tooLarge struct{}

func (tooLarge) Error() string { return "the body is too large" }

func (tooLarge) Answer(p *locale.Printer) (int, Detail) {
	d := Detail{Code: "too_large", Message: "the body is too large"}
	if p != nil {
		d.Message = "translated"
	}
	return http.StatusRequestEntityTooLarge, d
}

func TestResponse(t *testing.T) {
	t.Parallel()
	cat := locale.MustLoad()
	fr := cat.Printer("fr")
	tests := []struct {
		name   string
		err    error
		p      *locale.Printer
		status int
		want   Detail
	}{
		{name: "internal detail is hidden", err: errors.New("sql: connection refused at 10.0.0.1"), status: 500,
			want: Detail{Code: "internal", Message: "internal error; it has been logged", Key: "error.internal"}},
		{name: "internal, in French", err: errors.New("sql: connection refused at 10.0.0.1"), p: fr, status: 500,
			want: Detail{Code: "internal", Message: fr.T("error.internal"), Key: "error.internal"}},
		{name: "wrapped not found", err: fmt.Errorf("load: %w", domain.NotFound("meeting")), status: 404,
			want: Detail{Code: "not_found", Message: "meeting not found", Key: "error.not_found"}},
		{name: "conflict", err: domain.Conflict("this body"), status: 409,
			want: Detail{Code: "conflict", Message: domain.Conflict("this body").Msg, Key: "error.conflict"}},
		{name: "unavailable", err: &domain.Error{Code: domain.EUNAVAILABLE, Msg: "the database is unavailable; try again shortly", Err: errors.New("busy")}, status: 503,
			want: Detail{Code: "unavailable", Message: "the database is unavailable; try again shortly"}},
		{name: "forbidden", err: domain.Forbidden(), status: 403,
			want: Detail{Code: "forbidden", Message: "your role does not allow this action", Key: "error.forbidden"}},
		{name: "forbidden, in French", err: domain.Forbidden(), p: fr, status: 403,
			want: Detail{Code: "forbidden", Message: fr.T("error.forbidden"), Key: "error.forbidden"}},
		{name: "forbidden, English printer", err: domain.Forbidden(), p: cat.Printer("en"), status: 403,
			want: Detail{Code: "forbidden", Message: "your role does not allow this action", Key: "error.forbidden"}},
		{name: "unauthorized", err: domain.Unauthorized(), status: 401,
			want: Detail{Code: "unauthorized", Message: "log in first", Key: "error.unauthorized"}},
		{name: "a field", err: domain.Invalid("value", "error.vote_value", "vote agree, disagree or pass"), status: 422,
			want: Detail{Code: "invalid", Message: "value: vote agree, disagree or pass", Key: "error.vote_value",
				Fields: map[string]string{"value": "vote agree, disagree or pass"}, Keys: map[string]string{"value": "error.vote_value"}}},
		{name: "several fields", err: domain.Errors{domain.Invalid("a", "", "bad a"), domain.Invalid("b", "", "bad b"), domain.Invalid("a", "", "worse a")}, status: 422,
			want: Detail{Code: "invalid", Message: "some fields are invalid: a: bad a; b: bad b; a: worse a",
				Fields: map[string]string{"a": "bad a", "b": "bad b"}, Keys: map[string]string{"a": "", "b": ""}}},
		{name: "a request's failure", err: fmt.Errorf("decode: %w", tooLarge{}), status: 413,
			want: Detail{Code: "too_large", Message: "the body is too large"}},
		{name: "a request's failure, in French", err: tooLarge{}, p: fr, status: 413,
			want: Detail{Code: "too_large", Message: "translated"}},
		{name: "a file's problems", err: contribio.CellErrors{{Row: 2, Column: "title", Err: domain.Invalid("title", "error.required", "this field is required")}}, status: 422,
			want: Detail{Code: "invalid", Message: "the file has 1 problem; nothing was imported", Key: "error.io_problems",
				Problems: []Problem{{Row: 2, Column: "title", Key: "error.required", Message: "this field is required"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, d := Response(tt.err, tt.p)
			if status != tt.status || !reflect.DeepEqual(d, tt.want) {
				t.Errorf("got %d %+v\nwant %d %+v", status, d, tt.status, tt.want)
			}
			if strings.Contains(d.Message, "10.0.0.1") {
				t.Errorf("the message leaks the cause: %q", d.Message)
			}
		})
	}
}

func TestWrite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		err        error
		status     int
		body       string
		retryAfter string
	}{
		{"not found", domain.NotFound("meeting"), http.StatusNotFound,
			`{"error":{"code":"not_found","message":"meeting not found","key":"error.not_found"}}`, ""},
		{"try again later", &domain.Error{Code: domain.EUNAVAILABLE, Msg: "too many attempts", RetryAfter: 1500 * time.Millisecond}, http.StatusServiceUnavailable,
			`{"error":{"code":"unavailable","message":"too many attempts"}}`, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := httptest.NewRecorder()
			if status := Write(w, tt.err, nil); status != tt.status || w.Code != tt.status {
				t.Fatalf("Write returned %d and sent %d, want %d", status, w.Code, tt.status)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if got := w.Body.String(); got != tt.body+"\n" {
				t.Errorf("body %s, want %s", got, tt.body)
			}
			if got := w.Header().Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After %q, want %q", got, tt.retryAfter)
			}
			var b Body
			if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil || b.Error.Code == "" {
				t.Errorf("the body does not decode into Body: %v %+v", err, b)
			}
		})
	}
}
