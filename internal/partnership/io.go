package partnership

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// ExportInput names the process whose partnerships are written, and how.
type ExportInput struct {
	ProcessID string
	Format    contribio.Format
}

// Export writes a process's partnerships to w: whoever may see the
// process. Parties are written by name (names are unique, so the file
// imports into an instance that holds the same bodies); the meeting and
// the contributions by ID, leaving out the contributions the actor may not
// read. JSON files carry the status history too.
func (s *Service) Export(ctx context.Context, a *domain.Actor, in ExportInput, w io.Writer) error {
	p, err := s.process(ctx, a, in.ProcessID)
	if err != nil {
		return err
	}
	ps, _, err := s.db.Partnerships(ctx, store.PartnershipFilter{ProcessID: p.ID, Limit: -1})
	if err != nil {
		return err
	}
	bodies, err := s.bodiesOf(ctx, ps)
	if err != nil {
		return err
	}
	if ps, err = s.visible(ctx, a, p.ID, ps); err != nil {
		return err
	}
	rs := make([]Record, len(ps))
	for i, pa := range ps {
		r := Record{ID: pa.ID, Title: pa.Title, Purpose: pa.Purpose, Objectives: pa.Objectives, Phase: string(pa.Phase), Mechanism: string(pa.Mechanism),
			Status: string(pa.Status), StartsOn: pa.StartsOn, EndsOn: pa.EndsOn, Meeting: pa.MeetingID, Demo: pa.Demo}
		for _, id := range pa.Parties {
			r.Parties = append(r.Parties, bodies[id].Name)
		}
		r.MadeFrom, r.Contributions = pa.MadeFrom, pa.Contributions
		for _, l := range pa.Links {
			r.Links = append(r.Links, Link(l))
		}
		if in.Format == contribio.JSON {
			for _, h := range pa.History {
				r.History = append(r.History, HistoryStep{Status: string(h.Status), At: h.At.UTC().Format(time.RFC3339), By: h.ActorName, Note: h.Note})
			}
		}
		rs[i] = r
	}
	return WriteRecords(w, in.Format, rs)
}

// ImportInput is a file of partnerships for a process.
type ImportInput struct {
	ProcessID string
	Format    contribio.Format
	Data      []byte
}

// Import records the partnerships of a file in a process, all or none:
// the process's secretariat only. Every row is checked first; a file with
// any problem is imported not at all, and the problems are returned as
// [contribio.CellErrors] (EINVALID), each with its row and column. Parties
// are bodies named by ID, name or a unique acronym; the phase defaults to
// implementation, the mechanism to other, the status to proposed. The IDs
// of the file are not kept: each row is a new partnership.
func (s *Service) Import(ctx context.Context, a *domain.Actor, in ImportInput) (int, error) {
	p, err := s.process(ctx, a, in.ProcessID)
	if err != nil {
		return 0, err
	}
	if !a.CanManagePartnership(p.ID, "") {
		return 0, errNotSecretariat()
	}
	recs, problems := ReadRecords(in.Format, in.Data)
	if len(problems) > 0 {
		return 0, problems
	}
	if len(recs) == 0 {
		return 0, contribio.CellErrors{fileErr("partnership.error_no_rows", "the file holds no partnership")}
	}
	names, err := s.bodyNames(ctx)
	if err != nil {
		return 0, err
	}
	var ps []*domain.Partnership
	madeFrom := map[string]int{}
	for _, r := range recs {
		pa := &domain.Partnership{ProcessID: p.ID, MeetingID: r.Meeting, MadeFrom: r.MadeFrom, Title: r.Title, Purpose: r.Purpose,
			Phase: domain.PartnershipPhase(r.Phase), Mechanism: domain.Collaboration(r.Mechanism), Status: domain.PartnershipStatus(r.Status),
			StartsOn: r.StartsOn, EndsOn: r.EndsOn, Objectives: r.Objectives, Contributions: r.Contributions, Demo: r.Demo}
		if pa.Phase == "" {
			pa.Phase = domain.PhaseImplementation
		}
		if pa.Mechanism == "" {
			pa.Mechanism = domain.CollabOther
		}
		for _, l := range r.Links {
			pa.Links = append(pa.Links, domain.PartnershipLink(l))
		}
		rowBad := false
		for _, party := range r.Parties {
			id, ok := names[strings.ToLower(party)]
			if !ok || id == "" {
				problems = append(problems, cellErr(r.Line, ColParties, "partnership.error_party_unknown", "%s is not a body of the registry", party))
				rowBad = true
				continue
			}
			pa.Parties = append(pa.Parties, id)
		}
		if pa.MadeFrom != "" && !contains(pa.Contributions, pa.MadeFrom) {
			pa.Contributions = append([]string{pa.MadeFrom}, pa.Contributions...)
		}
		if err := pa.Validate(ObjectiveCodes); err != nil {
			problems = append(problems, rowProblems(r.Line, err)...)
			continue
		}
		if rowBad {
			continue
		}
		if err := s.checkSources(ctx, a, pa, nil); err != nil {
			problems = append(problems, rowProblems(r.Line, err)...)
			continue
		}
		if pa.MadeFrom != "" {
			if prev, ok := madeFrom[pa.MadeFrom]; ok {
				problems = append(problems, cellErr(r.Line, ColMadeFrom, "partnership.error_made_twice", "row %d is made from the same proposal", prev))
				continue
			}
			madeFrom[pa.MadeFrom] = r.Line
			if err := s.checkProposal(ctx, a, p.ID, pa.MadeFrom); err != nil {
				problems = append(problems, rowProblems(r.Line, err)...)
				continue
			}
		}
		ps = append(ps, pa)
	}
	if len(problems) > 0 {
		return 0, problems
	}
	if err := s.db.CreatePartnerships(domain.NewContextWithActor(ctx, a), ps); err != nil {
		return 0, err
	}
	return len(ps), nil
}

// checkProposal checks that a partnership may be made from contribution
// id: a published partnership proposal of the process not yet made into
// one.
func (s *Service) checkProposal(ctx context.Context, a *domain.Actor, processID, id string) error {
	c, pid, err := s.contribution(ctx, a, id)
	if err != nil || pid != processID || c.Kind != domain.KindPartnership || c.Status != domain.StatusPublished {
		return domain.Invalid(ColMadeFrom, "partnership.error_not_proposal", "only a published partnership proposal becomes a partnership")
	}
	ps, err := s.db.PartnershipsOfContribution(ctx, id)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.MadeFrom == id {
			return domain.Invalid(ColMadeFrom, "partnership.error_made_already", "a partnership was already made from this proposal")
		}
	}
	return nil
}

// rowProblems turns a validation error into the problems of a row: each
// field is a column of the file.
func rowProblems(line int, err error) contribio.CellErrors {
	var es domain.Errors
	if errors.As(err, &es) {
		out := make(contribio.CellErrors, len(es))
		for i, e := range es {
			out[i] = contribio.CellError{Row: line, Column: e.Field, Err: e}
		}
		return out
	}
	var e *domain.Error
	if errors.As(err, &e) {
		return contribio.CellErrors{{Row: line, Column: e.Field, Err: e}}
	}
	return contribio.CellErrors{{Row: line, Err: domain.Errorf(domain.EINVALID, "", "%v", err)}}
}

// bodyNames maps the lower-cased IDs, names and acronyms of the registry's
// bodies to their IDs; an acronym two bodies share maps to "".
func (s *Service) bodyNames(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	acronyms := map[string]string{}
	for offset := 0; ; offset += 500 {
		bs, total, err := s.db.Bodies(ctx, store.BodyFilter{Offset: offset, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			out[strings.ToLower(b.ID)] = b.ID
			out[strings.ToLower(b.Name)] = b.ID
			if k := strings.ToLower(b.Acronym); k != "" {
				if _, taken := acronyms[k]; taken {
					acronyms[k] = ""
				} else {
					acronyms[k] = b.ID
				}
			}
		}
		if offset+500 >= total {
			break
		}
	}
	for k, id := range acronyms {
		if _, ok := out[k]; !ok {
			out[k] = id
		}
	}
	return out, nil
}
