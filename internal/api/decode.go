package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// maxBody is the largest request body the API reads.
const maxBody = 1 << 20

// decode reads r's JSON body into dst, a pointer to a struct. It accepts
// only application/json, at most [maxBody] bytes, one JSON object and no
// field that dst does not know.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			msg: "send the request body as JSON with the header \"Content-Type: application/json\""}
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return &requestError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
			msg: fmt.Sprintf("the content type %q is not accepted; send application/json", ct)}
	}
	return decodeJSON(http.MaxBytesReader(w, r.Body, maxBody), dst)
}

// decodeJSON decodes exactly one JSON object from body into dst and turns
// every decoding failure into a client error that says what is wrong.
func decodeJSON(body io.Reader, dst any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return decodeError(err)
		}
		return badRequest("the request body must hold a single JSON object and nothing after it")
	}
	return domain.CheckStrings(dst)
}

// checkRequestText refuses a request whose path or query string holds
// text [domain.CheckText] refuses: a path with a control character names
// nothing (404), a query parameter with one is invalid (422, on the
// parameter's name).
func checkRequestText(r *http.Request) error {
	if i, _ := domain.FirstBadRune(r.URL.Path); i >= 0 {
		return &requestError{status: http.StatusNotFound, code: "not_found", msg: "no such API path: the path holds a control character"}
	}
	if r.URL.RawQuery == "" {
		return nil
	}
	var errs domain.Errors
	for name, vs := range r.URL.Query() {
		if err := domain.CheckText(name, name); err != nil {
			errs = append(errs, err.(*domain.Error))
			continue
		}
		for _, v := range vs {
			if err := domain.CheckText(name, v); err != nil {
				errs = append(errs, err.(*domain.Error))
				break
			}
		}
	}
	return errs.Err()
}

func decodeError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.Is(err, io.EOF):
		return badRequest("the request body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("the request body ends in the middle of a JSON value")
	case errors.As(err, &mbe):
		return &requestError{status: http.StatusRequestEntityTooLarge, code: "too_large",
			msg: fmt.Sprintf("the request body is larger than %d bytes", mbe.Limit)}
	case errors.As(err, &syn):
		return badRequest(fmt.Sprintf("the request body is not valid JSON (at byte %d)", syn.Offset))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return badRequest("the request body must be a JSON object")
		}
		msg := "must be " + jsonKind(typ.Type.Kind().String())
		return &requestError{status: http.StatusUnprocessableEntity, code: domain.EINVALID,
			msg: typ.Field + ": " + msg, fields: map[string]string{typ.Field: msg}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no error type for unknown fields.
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return &requestError{status: http.StatusBadRequest, code: "bad_request",
			msg: fmt.Sprintf("unknown field %q", name), fields: map[string]string{name: "unknown field"}}
	default:
		return badRequest("the request body could not be read as JSON: " + err.Error())
	}
}

// jsonKind names the JSON type a Go kind is decoded from.
func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "a number"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return "of another type"
}

// requireVersion returns the version an update is based on, or EINVALID
// when the request did not send one.
func requireVersion(v *int) (int, error) {
	if v == nil {
		return 0, domain.Invalid("version", "error.required",
			"this field is required: send the version you read, so that a concurrent change is not overwritten")
	}
	return *v, nil
}

// pageParams reads the offset and limit query parameters of a paginated list.
func pageParams(r *http.Request) (offset, limit int, err error) {
	q := r.URL.Query()
	var errs domain.Errors
	if s := q.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			errs = append(errs, domain.Invalid("offset", "error.offset", "must be a whole number from 0"))
		}
		offset = n
	}
	limit = defaultLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			errs = append(errs, domain.Invalid("limit", "error.limit", "must be a whole number from 1 to %d", maxLimit))
		}
		limit = n
	}
	return offset, limit, errs.Err()
}

// The page size of lists when the client sends none, and the largest one,
// as the store applies them.
const (
	defaultLimit = 50
	maxLimit     = 500
)
