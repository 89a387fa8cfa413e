package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
)

// voteAliases are the numbers a vote form may send for agree, disagree
// and pass (load tests send them).
var voteAliases = map[string]string{"1": "agree", "-1": "disagree", "0": "pass"}

// voteStatement takes a vote on a statement: value=agree|disagree|pass.
// It answers once the vote is on disk: 204 to a client that asks for JSON
// (the voting page's script, load tests), else a redirect to the form's
// "next" page. It is the hot path of a live session: no template, no
// more than the permission check and the group commit.
func (s *Server) voteStatement(w http.ResponseWriter, r *http.Request) {
	wantsJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	f, err := readVoteForm(r)
	if err == nil {
		value := f.value
		if v, ok := voteAliases[value]; ok {
			value = v
		}
		err = s.delib.Vote(r.Context(), actor(r), deliberation.VoteInput{StatementID: r.PathValue("id"), Value: value})
	}
	switch {
	case err == nil && wantsJSON:
		w.WriteHeader(http.StatusNoContent)
	case err == nil:
		redirectLocal(w, r, safeNext(f.next), http.StatusSeeOther)
	case wantsJSON:
		s.failJSON(w, r, err)
	default:
		s.fail(w, r, err)
	}
}

type voteForm struct{ value, next string }

// maxVoteBody is more than any vote form needs ("value=disagree&next=" and
// a page address).
const maxVoteBody = 4096

// readVoteForm reads the two fields of a vote, as r.FormValue would (the
// body's value first, then the query string's), without the cost of
// ParseMultipartForm on the hot path: a vote's body is a few bytes of
// application/x-www-form-urlencoded. Other bodies go through FormValue.
func readVoteForm(r *http.Request) (voteForm, error) {
	ct := r.Header.Get("Content-Type")
	if ct != "application/x-www-form-urlencoded" && !strings.HasPrefix(ct, "application/x-www-form-urlencoded;") || r.Body == nil {
		return voteForm{value: r.FormValue("value"), next: r.FormValue("next")}, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxVoteBody+1))
	if err != nil || len(b) > maxVoteBody {
		return voteForm{}, domain.Invalid("value", "error.vote_value", "vote agree, disagree or pass")
	}
	var f voteForm
	var haveValue, haveNext bool
	for rest := string(b); rest != ""; {
		var kv string
		kv, rest, _ = strings.Cut(rest, "&")
		k, v, _ := strings.Cut(kv, "=")
		if k != "value" && k != "next" {
			continue
		}
		if strings.ContainsAny(v, "%+") {
			u, err := url.QueryUnescape(v)
			if err != nil {
				continue // as url.ParseQuery, which skips what it cannot read
			}
			v = u
		}
		switch {
		case k == "value" && !haveValue:
			f.value, haveValue = v, true
		case k == "next" && !haveNext:
			f.next, haveNext = v, true
		}
	}
	if r.URL.RawQuery != "" && (!haveValue || !haveNext) {
		q := r.URL.Query()
		if !haveValue {
			f.value = q.Get("value")
		}
		if !haveNext {
			f.next = q.Get("next")
		}
	}
	return f, nil
}

// redirectLocal answers with a redirect to a local path (from safeNext),
// as http.Redirect does but without parsing the path again when it is
// plain ASCII with nothing to clean.
func redirectLocal(w http.ResponseWriter, r *http.Request, path string, code int) {
	for i := 0; i < len(path); i++ {
		if c := path[i]; c >= 0x80 || c < 0x20 || (c == '.' || c == '/') && i > 0 && path[i-1] == '/' {
			http.Redirect(w, r, path, code)
			return
		}
	}
	w.Header()["Location"] = []string{path}
	w.WriteHeader(code)
}
