package web

import (
	"errors"
	"mime"
	"net/http"
	"net/url"

	"github.com/plenary-org/plenary/internal/domain"
)

// checkText is the pages' front door for text: it refuses a request whose
// path, query string or form values hold what [domain.CheckText] refuses
// (NUL and the other control characters but tab and line breaks, invalid
// UTF-8), with a page in the visitor's language naming the field, and
// turns CR LF in form values into LF. It runs after withActor, for the
// language, and leaves out what does not carry a person's text: static
// files, the API (whose decoder checks its own input), the operational
// endpoints and votes (an enumerated value and a "next" that safeNext
// checks, read without parsing the form on the hot path).
func (s *Server) checkText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if noActorNeeded(r.URL.Path) || isVote(r) {
			next.ServeHTTP(w, r)
			return
		}
		err := checkRequestText(r)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkRequestText checks r's path, query and form; it parses the form of
// a POST, PUT or PATCH (as the handler would: the handler then finds it
// parsed). A form that cannot be parsed is left for the handler to report
// as it does: a body too large is made to fail again when the handler
// parses it.
func checkRequestText(r *http.Request) error {
	if i, _ := domain.FirstBadRune(r.URL.Path); i >= 0 {
		return domain.NotFound("page")
	}
	if r.URL.RawQuery != "" {
		if err := checkValues(r.URL.Query()); err != nil {
			return err
		}
	}
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch || r.Body == nil {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var tooBig *http.MaxBytesError
	switch mt {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); errors.As(err, &tooBig) {
			r.Form, r.PostForm = nil, nil // the handler's own parse fails the same way
			return nil
		}
		if err := checkValues(r.PostForm); err != nil {
			return err
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(1 << 20); err != nil || r.MultipartForm == nil {
			return nil
		}
		if err := checkValues(r.MultipartForm.Value); err != nil {
			return err
		}
		for name, fhs := range r.MultipartForm.File {
			for _, fh := range fhs {
				if err := fieldText(name, fh.Filename); err != nil {
					return err
				}
			}
		}
		normalizeNewlines(r.PostForm)
	default:
		return nil
	}
	normalizeNewlines(r.Form)
	return nil
}

// checkValues returns the first problem of a set of form or query values,
// their names included.
func checkValues(vs url.Values) error {
	for name, list := range vs {
		if err := fieldText(name, name); err != nil {
			return err
		}
		for _, v := range list {
			if err := fieldText(name, v); err != nil {
				return err
			}
		}
	}
	normalizeNewlines(vs)
	return nil
}

// fieldText is [domain.CheckText] for a form field, with a message that
// names the field, since the page that shows it is not the form.
func fieldText(name, v string) error {
	err := domain.CheckText(name, v)
	if err == nil {
		return nil
	}
	var e *domain.Error
	if errors.As(err, &e) && e.Key == "error.control_char" {
		return domain.Invalid("", "error.form_control_char", "the field %s holds a control character (%U) that text may not hold: go back, remove it and send the form again", name, e.Args[0])
	}
	return domain.Invalid("", "error.form_encoding", "the field %s is not valid UTF-8 text: go back, correct it and send the form again", name)
}

// normalizeNewlines turns CR LF (as browsers send line breaks) into LF in
// every value.
func normalizeNewlines(vs url.Values) {
	for _, list := range vs {
		for i, v := range list {
			list[i] = domain.NormalizeNewlines(v)
		}
	}
}
