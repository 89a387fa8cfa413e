package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// plenaryView is the plenary's side-by-side synthesis of the breakout
// groups of one session part (synthesis.Plenary): a column per group, then
// the themes repeated across groups. It names no author and no body:
// statements are shown by their text and their group only.
type plenaryView struct {
	Meeting *domain.Meeting
	Parts   []partChoice
	Part    *domain.Part // nil when the meeting has no breakout part
	CanEdit bool
	// From says whose statements the page shows (?from=).
	From synthesis.From
	// P is the synthesis; nil until read, and when the meeting has no
	// breakout part.
	P *synthesis.Plenary
}

// FromQuery returns the URL query naming the part and the filter f.
func (v *plenaryView) FromQuery(f synthesis.From) string {
	q := v.Query()
	if f == synthesis.FromAll {
		return q
	}
	if q == "" {
		return "?from=" + string(f)
	}
	return q + "&from=" + string(f)
}

// Froms lists the filters for the page.
func (v *plenaryView) Froms() []synthesis.From { return synthesis.Froms }

// Query returns the URL query naming the part.
func (v *plenaryView) Query() string {
	if v.Part == nil {
		return ""
	}
	return "?part=" + url.QueryEscape(v.Part.ID)
}

// fromOf reads the filter of ?from=: an unknown one shows everything.
func fromOf(r *http.Request) synthesis.From {
	if f := synthesis.From(r.FormValue("from")); slices.Contains(synthesis.Froms, f) {
		return f
	}
	return synthesis.FromAll
}

// plenaryPart finds the meeting of the path and the breakout part of the
// "part" parameter (the first breakout part when none is given) that the
// actor may see (synthesis.Service.BreakoutPart).
func (s *Server) plenaryPart(r *http.Request) (store.Scope, *plenaryView, error) {
	a := actor(r)
	p, err := s.synth.BreakoutPart(r.Context(), a, r.PathValue("id"), r.FormValue("part"))
	if err != nil {
		return store.Scope{}, nil, err
	}
	return p.Scope, s.plenaryViewOf(r, p.Meeting, p.Part, p.Parts, p.CanEdit(a)), nil
}

// plenaryViewOf is the page's view of a meeting's breakout part, with the
// parts to choose from labelled in the reader's language.
func (s *Server) plenaryViewOf(r *http.Request, m *domain.Meeting, part *domain.Part, parts []synthesis.PartChoice, canEdit bool) *plenaryView {
	v := &plenaryView{Meeting: m, Part: part, CanEdit: canEdit, From: fromOf(r)}
	pg := s.page(r, "", nil)
	for _, p := range parts {
		v.Parts = append(v.Parts, partChoice{ID: p.ID, Label: pg.T("breakout.part_label", p.Session, p.Title), Selected: p.Selected})
	}
	return v
}

// readPlenary reads the synthesis of the part of the request, in the
// reader's language and under the page's filter.
func (s *Server) readPlenary(r *http.Request) (*plenaryView, error) {
	p, err := s.synth.Plenary(r.Context(), actor(r), synthesis.PlenaryInput{MeetingID: r.PathValue("id"), PartID: r.FormValue("part"),
		Lang: langOf(r.Context()), From: fromOf(r)})
	if err != nil {
		return nil, err
	}
	v := s.plenaryViewOf(r, p.Meeting, p.Part, p.Parts, p.CanEdit)
	if p.Part != nil {
		v.P = p
	}
	return v, nil
}

// showPlenary shows the plenary's synthesis of a breakout part to anyone
// who may see the meeting.
func (s *Server) showPlenary(w http.ResponseWriter, r *http.Request) {
	s.renderPlenary(w, r, http.StatusOK, nil)
}

func (s *Server) renderPlenary(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, err := s.readPlenary(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("plenary.title")
	if formErr != nil {
		pg.FormError = pg.message(formErr)
	}
	s.render(w, r, status, "plenary", pg)
}

// editThemes applies one edit of the chair or the secretariat to a part's
// themes (merge, split, rename, move): synthesis.Service.EditThemes.
func (s *Server) editThemes(w http.ResponseWriter, r *http.Request) {
	in := synthesis.ThemeEditInput{MeetingID: r.PathValue("id"), PartID: r.FormValue("part"), Op: r.FormValue("op"), Theme: r.FormValue("theme"),
		Into: r.FormValue("into"), Label: r.FormValue("label"), Statement: r.FormValue("statement"), To: r.FormValue("to")}
	var err error
	if in.Version, err = formInt(r, "version"); err == nil {
		_, err = s.synth.EditThemes(r.Context(), actor(r), in)
	}
	var de *domain.Error
	switch {
	case err == nil:
		q := "?part=" + url.QueryEscape(in.PartID)
		s.redirect(w, r, "/meetings/"+in.MeetingID+"/plenary"+q+"#themes", "plenary.edited")
	case domain.ErrorCode(err) == domain.ECONFLICT, errors.As(err, &de) && de.Code == domain.EINVALID && de.Field != "part":
		// The page again, with the message above it.
		s.renderPlenary(w, r, statusOf(err), err)
	default:
		s.fail(w, r, err)
	}
}

// shortText shortens a statement's text for a list of choices.
func shortText(s string) string {
	r := []rune(s)
	if len(r) <= 80 {
		return s
	}
	return string(r[:79]) + "…"
}
