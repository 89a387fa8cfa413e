// Package domain holds plenary's types, their validation, the permission
// rules and the error kinds shared by every layer. It does no I/O.
package domain

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Error codes. Every layer maps its failures onto one of these; the web and
// API layers turn them into HTTP statuses in one place.
const (
	EINVALID      = "invalid"      // the input breaks a rule; Field and Key say which
	ENOTFOUND     = "not_found"    // the object does not exist or is not visible to the actor
	ECONFLICT     = "conflict"     // the object changed since it was read, or a unique value is taken
	EUNAUTHORIZED = "unauthorized" // no valid session or token
	EFORBIDDEN    = "forbidden"    // the actor's role does not allow the action
	EUNAVAILABLE  = "unavailable"  // the database cannot be reached, or the server is too busy
	ETHROTTLED    = "throttled"    // too many attempts: wait RetryAfter, then try again
	EINTERNAL     = "internal"     // a bug or an unexpected failure
)

// Error is the product's error. Msg is an English message a person can act
// on; Key and Args name the same message in the interface catalogues so that
// pages can show it in the user's language. Field names the form field the
// error belongs to, if any.
type Error struct {
	Code  string
	Field string
	Key   string
	Args  []any
	Msg   string
	Err   error // wrapped cause, never shown to users
	// RetryAfter, when positive, is how long the client should wait before
	// trying again: the Retry-After header of a 429 or 503 answer.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Msg
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// LogValue lets a log line name what Error leaves out for users: the code
// and the wrapped cause (a driver's message, say), so that the log of an
// internal error tells what went wrong.
func (e *Error) LogValue() slog.Value {
	if e.Err == nil {
		return slog.StringValue(e.Error())
	}
	return slog.StringValue(e.Error() + " [" + e.Code + "]: " + e.Err.Error())
}

// Invalid returns an EINVALID error for field with the catalogue key and the
// English message msg (a fmt format applied to args).
func Invalid(field, key, msg string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Key: key, Args: args, Msg: fmt.Sprintf(msg, args...)}
}

// Errorf returns an error with the given code and an English message.
func Errorf(code, key, msg string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args, Msg: fmt.Sprintf(msg, args...)}
}

// NotFound returns an ENOTFOUND error naming what was looked for.
func NotFound(what string) *Error {
	return &Error{Code: ENOTFOUND, Key: "error.not_found", Msg: what + " not found"}
}

// Conflict reports an edit based on an old version of an object.
func Conflict(what string) *Error {
	return &Error{Code: ECONFLICT, Key: "error.conflict",
		Msg: what + " was changed by someone else since you opened it; reload it, then apply your change again"}
}

// Forbidden reports an action the actor's role does not allow.
func Forbidden() *Error {
	return &Error{Code: EFORBIDDEN, Key: "error.forbidden", Msg: "your role does not allow this action"}
}

// ErrorCode returns the code of err's first [*Error] in its chain, or
// EINTERNAL when there is none.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// Errors collects several validation errors, one per field.
type Errors []*Error

func (es Errors) Error() string {
	if len(es) == 0 {
		return "no errors"
	}
	s := es[0].Error()
	for _, e := range es[1:] {
		s += "; " + e.Error()
	}
	return s
}

// Err returns es as an error, or nil when it is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// As lets errors.As find the first error of the list, so ErrorCode reports EINVALID.
func (es Errors) As(target any) bool {
	if p, ok := target.(**Error); ok && len(es) > 0 {
		*p = es[0]
		return true
	}
	return false
}

// HTTPStatus returns the HTTP status of an error code: the one mapping the
// pages and the API share.
func HTTPStatus(code string) int {
	switch code {
	case EINVALID:
		return http.StatusUnprocessableEntity
	case ENOTFOUND:
		return http.StatusNotFound
	case ECONFLICT:
		return http.StatusConflict
	case EUNAUTHORIZED:
		return http.StatusUnauthorized
	case EFORBIDDEN:
		return http.StatusForbidden
	case EUNAVAILABLE:
		return http.StatusServiceUnavailable
	case ETHROTTLED:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// Unauthorized reports an action that needs a logged-in person (a valid
// session or token) where there is none.
func Unauthorized() *Error {
	return &Error{Code: EUNAUTHORIZED, Key: "error.unauthorized", Msg: "log in first"}
}

// RetryAfter returns how long the client should wait before trying again
// after err, or 0 when err does not say.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// RetryAfterSeconds returns RetryAfter(err) in whole seconds, rounded up,
// as the Retry-After header writes it; 0 when err does not say.
func RetryAfterSeconds(err error) int {
	d := RetryAfter(err)
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}
