package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// loggedIn returns the actor or errRedirectLogin.
func loggedIn(r *http.Request) (*domain.Actor, error) {
	a := actor(r)
	if !a.LoggedIn() {
		return nil, errRedirectLogin
	}
	return a, nil
}

// scope finds the process and meeting of an object and checks that the
// actor may see it (else ENOTFOUND, so that existence does not leak) and,
// with manage, may change it (else EFORBIDDEN).
func (s *Server) scope(r *http.Request, objType, id string, manage bool) (store.Scope, error) {
	if _, err := loggedIn(r); err != nil {
		return store.Scope{}, err
	}
	return s.structure.Scope(r.Context(), actor(r), objType, id, manage)
}

// processScope checks the actor's access to a process.
func (s *Server) processScope(r *http.Request, id string, manage bool) (*domain.Process, error) {
	if _, err := loggedIn(r); err != nil {
		return nil, err
	}
	return s.structure.Process(r.Context(), actor(r), id, manage)
}

func formInt(r *http.Request, name string) (int, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, domain.Invalid(name, "error.number", "must be a whole number")
	}
	return n, nil
}

func formBool(r *http.Request, name string) bool {
	v := r.PostFormValue(name)
	return v == "on" || v == "true" || v == "1"
}

func formList(v string) []string {
	f := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == ';' })
	return f
}

// pageOffset reads the offset query parameter.
func pageOffset(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	return max(n, 0)
}

// Pager describes the position in a paginated list. A list read by
// cursors (store.SearchResult's Next and Prev) links its pages by them,
// with the offset beside them only to show where the page is.
type Pager struct {
	Offset, Limit, Total int
	Base                 string // URL with the other query parameters, ending in & or ?
	// NextCursor and PrevCursor, when Keyset, are the cursors of the
	// pages after and before ("" when there is none).
	Keyset                 bool
	NextCursor, PrevCursor string
}

// keysetPager is the pager of a page of a list that has cursors, or one
// of pages by offset when it has none.
func keysetPager(r *http.Request, offset, limit, total int, cursor, next, prev string) Pager {
	return Pager{Offset: offset, Limit: limit, Total: total, Base: pagerBase(r),
		Keyset: cursor != "" || next != "" || prev != "", NextCursor: next, PrevCursor: prev}
}

// Prev returns the previous page's URL or "".
func (p Pager) Prev() string {
	if p.Keyset {
		if p.PrevCursor == "" {
			return ""
		}
		return p.Base + "cursor=" + url.QueryEscape(p.PrevCursor) + "&offset=" + strconv.Itoa(max(p.Offset-p.Limit, 0))
	}
	if p.Offset == 0 {
		return ""
	}
	return p.Base + "offset=" + strconv.Itoa(max(p.Offset-p.Limit, 0))
}

// Next returns the next page's URL or "".
func (p Pager) Next() string {
	if p.Keyset {
		if p.NextCursor == "" {
			return ""
		}
		return p.Base + "cursor=" + url.QueryEscape(p.NextCursor) + "&offset=" + strconv.Itoa(p.Offset+p.Limit)
	}
	if p.Offset+p.Limit >= p.Total {
		return ""
	}
	return p.Base + "offset=" + strconv.Itoa(p.Offset+p.Limit)
}

// From is the 1-based index of the first row shown.
func (p Pager) From() int { return min(p.Offset+1, p.Total) }

// To is the index of the last row shown.
func (p Pager) To() int { return min(p.Offset+p.Limit, p.Total) }

func pagerBase(r *http.Request) string {
	q := r.URL.Query()
	q.Del("offset")
	q.Del("cursor")
	if len(q) == 0 {
		return r.URL.Path + "?"
	}
	return r.URL.Path + "?" + q.Encode() + "&"
}

// safeNext returns next when it is a clean local path, else "/": it is
// where a form sends the browser afterwards, so it must not lead off the
// site.
func safeNext(next string) string {
	if localPath(next) {
		return next
	}
	return "/"
}

// localPath reports whether s is a path on this site and nothing else: it
// begins with a single "/", holds no control character, no space of any
// kind and no backslash (browsers drop tabs and newlines and read "\" as
// "/", so "/\t/evil.example" and "/\\evil.example" lead to another host),
// is valid UTF-8, and parses with net/url to neither scheme nor host.
func localPath(s string) bool {
	if len(s) == 0 || s[0] != '/' || len(s) > 1 && s[1] == '/' || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) {
			return false
		}
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == "" &&
		strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//")
}

func formIntQuery(r *http.Request, name string) (int64, error) {
	return strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
