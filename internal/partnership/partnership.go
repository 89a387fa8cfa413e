// Package partnership holds the use cases of a process's partnerships
// (docs/REGISTRY.md): recording a partnership between two or more bodies
// and changing it, with its status history; turning a partnership
// proposal contribution into a partnership with one action, keeping the
// link; each partner's engagement across the process's meetings and each
// mechanism's partners by type and objective; matchmaking suggestions for
// a proposal; and the registry's import and export.
//
// Each operation is one method of [Service] that takes the acting person
// ([domain.Actor]) and its input, authorises (the rules are on
// domain.Actor: CanViewPartnerships, CanManagePartnership), validates
// ([domain.Partnership.Validate]) and reads or changes the store, which
// audits every change. A process or partnership the actor may not see
// answers [domain.ENOTFOUND]; an action the role does not allow
// [domain.EFORBIDDEN]; a change based on a version that is no longer the
// stored one [domain.ECONFLICT].
package partnership

import (
	"context"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/reference"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// Service runs the partnerships' use cases over one database.
type Service struct {
	db *store.DB
	// tr translates words for the themes engine's textual similarity
	// (matchmaking); nil compares each language with itself only.
	tr themes.Translator
}

// New returns the partnerships' use cases over db; tr may be nil.
func New(db *store.DB, tr themes.Translator) *Service {
	return &Service{db: db, tr: tr}
}

// ObjectiveCodes are the codes of the Global Compact's 23 objectives, in
// order: what a partnership may serve.
var ObjectiveCodes = func() []string {
	var out []string
	for _, it := range reference.GCM().Items {
		if it.Kind == "objective" {
			out = append(out, it.Code)
		}
	}
	return out
}()

// Objective is one objective of the Global Compact, labelled in a
// language.
type Objective struct {
	Code  string
	Title string
	Short string
}

// Objectives returns the Global Compact's objectives labelled in lang
// (English where a label is missing), for forms and charts. Anyone may
// read them.
func (s *Service) Objectives(ctx context.Context, lang string) ([]Objective, error) {
	ref := reference.GCM()
	out := make([]Objective, 0, len(ObjectiveCodes))
	labels := map[string]domain.FrameworkLabel{}
	if fs, err := s.db.Frameworks(ctx); err == nil {
		for _, f := range fs {
			if f.Code != reference.GCMCode {
				continue
			}
			full, err := s.db.Framework(ctx, f.ID)
			if err != nil {
				return nil, err
			}
			for _, it := range full.Items {
				l, _ := it.Label(lang)
				labels[it.Code] = l
			}
		}
	} else {
		return nil, err
	}
	for _, it := range ref.Items {
		if it.Kind != "objective" {
			continue
		}
		o := Objective{Code: it.Code, Title: it.Title, Short: it.ShortLabel}
		if l, ok := labels[it.Code]; ok && l.Title != "" {
			o.Title, o.Short = l.Title, l.ShortLabel
		}
		if o.Short == "" {
			o.Short = o.Title
		}
		out = append(out, o)
	}
	return out, nil
}

// process finds a process the actor may read partnerships of:
// [domain.EUNAUTHORIZED] for an anonymous actor, [domain.ENOTFOUND] for
// one they may not see.
func (s *Service) process(ctx context.Context, a *domain.Actor, processID string) (*domain.Process, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	if !a.CanViewPartnerships(processID) {
		return nil, domain.NotFound("process")
	}
	return s.db.Process(ctx, processID)
}

// partnership finds a partnership the actor may see.
func (s *Service) partnership(ctx context.Context, a *domain.Actor, id string) (*domain.Partnership, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	p, err := s.db.Partnership(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.CanViewPartnerships(p.ProcessID) {
		return nil, domain.NotFound("partnership")
	}
	return p, nil
}

func errNotSecretariat() error {
	return domain.Errorf(domain.EFORBIDDEN, "partnership.error_not_secretariat", "only the secretariat records and changes partnerships")
}

// Can says what the actor may do with a partnership or a list of them.
type Can struct {
	Manage bool // record, edit, delete
	// Next are the statuses the partnership may move to.
	Next []domain.PartnershipStatus
}

// ListInput selects a process's partnerships.
type ListInput struct {
	ProcessID string
	BodyID    string
	Status    domain.PartnershipStatus
	Objective string
	Offset    int
	Limit     int
}

// List is a page of a process's partnerships with the bodies they name.
type List struct {
	Process      *domain.Process
	Partnerships []*domain.Partnership
	Total        int
	Bodies       map[string]*domain.Body
	Can          Can
}

// List returns the process's partnerships that in selects, newest first.
func (s *Service) List(ctx context.Context, a *domain.Actor, in ListInput) (*List, error) {
	p, err := s.process(ctx, a, in.ProcessID)
	if err != nil {
		return nil, err
	}
	ps, total, err := s.db.Partnerships(ctx, store.PartnershipFilter{ProcessID: p.ID, BodyID: in.BodyID, Status: in.Status, Objective: in.Objective, Offset: in.Offset, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	if ps, err = s.visible(ctx, a, p.ID, ps); err != nil {
		return nil, err
	}
	bodies, err := s.bodiesOf(ctx, ps)
	if err != nil {
		return nil, err
	}
	return &List{Process: p, Partnerships: ps, Total: total, Bodies: bodies, Can: Can{Manage: a.CanManagePartnership(p.ID, "")}}, nil
}

// bodiesOf returns the bodies the partnerships name, by ID.
func (s *Service) bodiesOf(ctx context.Context, ps []*domain.Partnership) (map[string]*domain.Body, error) {
	out := map[string]*domain.Body{}
	for _, p := range ps {
		for _, id := range p.Parties {
			if out[id] != nil {
				continue
			}
			b, err := s.db.Body(ctx, id)
			if err != nil {
				return nil, err
			}
			out[id] = b
		}
	}
	return out, nil
}

// View is one partnership with what its page shows.
type View struct {
	Partnership *domain.Partnership
	Process     *domain.Process
	Meeting     *domain.Meeting // where it was made, nil at the process's level
	Bodies      map[string]*domain.Body
	// Contributions are the sources the actor may read (others are left
	// out, never named).
	Contributions []*domain.Contribution
	// Commitments are the follow-up commitments it serves, when the actor
	// may read the process's follow-up.
	Commitments []*domain.Commitment
	// Documents are its uploaded documents, without their content.
	Documents []*domain.Attachment
	Can       Can
}

// Get returns a partnership the actor may see: [domain.ENOTFOUND] for
// one of a process they are not in.
func (s *Service) Get(ctx context.Context, a *domain.Actor, id string) (*View, error) {
	p, err := s.partnership(ctx, a, id)
	if err != nil {
		return nil, err
	}
	v := &View{}
	vis, err := s.visible(ctx, a, p.ProcessID, []*domain.Partnership{p})
	if err != nil {
		return nil, err
	}
	v.Partnership = vis[0]
	if v.Process, err = s.db.Process(ctx, p.ProcessID); err != nil {
		return nil, err
	}
	if p.MeetingID != "" {
		if v.Meeting, err = s.db.Meeting(ctx, p.MeetingID); err != nil {
			return nil, err
		}
	}
	if v.Bodies, err = s.bodiesOf(ctx, []*domain.Partnership{p}); err != nil {
		return nil, err
	}
	if v.Contributions, err = s.db.ContributionsByID(ctx, v.Partnership.Contributions); err != nil {
		return nil, err
	}
	if v.Documents, err = s.db.PartnershipDocuments(ctx, p.ID); err != nil {
		return nil, err
	}
	if a.CanViewFollowUp(p.ProcessID) {
		for _, id := range p.Commitments {
			c, err := s.db.Commitment(ctx, id)
			if err != nil {
				return nil, err
			}
			v.Commitments = append(v.Commitments, c)
		}
	}
	if a.CanManagePartnership(p.ProcessID, p.MeetingID) {
		v.Can = Can{Manage: true, Next: domain.NextPartnershipStatuses(p.Status)}
	}
	return v, nil
}

// OfContribution returns the partnerships a contribution the actor may
// read is a source of, the one made from it first: what its page shows as
// "partnership made from this".
func (s *Service) OfContribution(ctx context.Context, a *domain.Actor, contributionID string) ([]*domain.Partnership, error) {
	c, processID, err := s.contribution(ctx, a, contributionID)
	if err != nil {
		return nil, err
	}
	if !a.CanViewPartnerships(processID) {
		return nil, nil
	}
	ps, err := s.db.PartnershipsOfContribution(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	return s.visible(ctx, a, processID, ps)
}

// OfCommitment returns the partnerships that serve a follow-up
// commitment, to whoever sees the commitment's process's partnerships and
// follow-up: what the commitment's page lists. ENOTFOUND for a commitment
// of a process the actor is not in.
func (s *Service) OfCommitment(ctx context.Context, a *domain.Actor, commitmentID string) ([]*domain.Partnership, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	c, err := s.db.Commitment(ctx, commitmentID)
	if err != nil {
		return nil, err
	}
	if !a.CanViewFollowUp(c.ProcessID) {
		return nil, domain.NotFound("commitment")
	}
	if !a.CanViewPartnerships(c.ProcessID) {
		return nil, nil
	}
	ps, err := s.db.PartnershipsOfCommitment(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	return s.visible(ctx, a, c.ProcessID, ps)
}

// visible returns copies of a process's partnerships holding only what
// the actor may learn of them: the source contributions they may read
// (the others, and the proposal it was made from when that is one of
// them, are left out, never named) and the commitments it serves when
// they see the process's follow-up. Every use case that hands out a
// partnership passes it through here.
func (s *Service) visible(ctx context.Context, a *domain.Actor, processID string, ps []*domain.Partnership) ([]*domain.Partnership, error) {
	readable, err := s.readableSources(ctx, a, processID, ps)
	if err != nil {
		return nil, err
	}
	followUp := a.CanViewFollowUp(processID)
	out := make([]*domain.Partnership, len(ps))
	for i, p := range ps {
		c := *p
		c.Contributions = nil
		for _, id := range p.Contributions {
			if readable[id] {
				c.Contributions = append(c.Contributions, id)
			}
		}
		if !readable[c.MadeFrom] {
			c.MadeFrom = ""
		}
		if !followUp {
			c.Commitments = nil
		}
		out[i] = &c
	}
	return out, nil
}

// readableSources says which of the partnerships' source contributions
// the actor may read.
func (s *Service) readableSources(ctx context.Context, a *domain.Actor, processID string, ps []*domain.Partnership) (map[string]bool, error) {
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.Contributions...)
	}
	readable := map[string]bool{}
	if len(ids) == 0 {
		return readable, nil
	}
	cs, err := s.db.ContributionsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		readable[c.ID] = a.CanViewContribution(processID, c)
	}
	return readable, nil
}

// contribution finds a contribution the actor may read, with its
// process.
func (s *Service) contribution(ctx context.Context, a *domain.Actor, id string) (*domain.Contribution, string, error) {
	if !a.LoggedIn() {
		return nil, "", domain.Unauthorized()
	}
	c, err := s.db.Contribution(ctx, id)
	if err != nil {
		return nil, "", err
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", c.MeetingID)
	if err != nil {
		return nil, "", err
	}
	if !a.CanViewContribution(sc.ProcessID, c) {
		return nil, "", domain.NotFound("contribution")
	}
	return c, sc.ProcessID, nil
}

// checkSources checks that the contributions a partnership comes from
// are of its process's meetings and readable by the actor, and that its
// meeting is the process's.
// Sources in kept (unreadable ones the partnership already had) are not
// checked again.
func (s *Service) checkSources(ctx context.Context, a *domain.Actor, p *domain.Partnership, kept map[string]bool) error {
	if p.MeetingID != "" {
		sc, err := s.db.ScopeOf(ctx, "meeting", p.MeetingID)
		if err != nil || sc.ProcessID != p.ProcessID {
			return domain.Invalid("meeting", "partnership.error_meeting", "the meeting is not one of the process's")
		}
	}
	for _, id := range p.Contributions {
		if _, ok := kept[id]; ok && !kept[id] {
			continue
		}
		_, processID, err := s.contribution(ctx, a, id)
		if err != nil || processID != p.ProcessID {
			return domain.Invalid("contributions", "partnership.error_contribution", "%s is not a contribution of this process that you can read", id)
		}
	}
	return nil
}

// Create records a partnership of p.ProcessID (at meeting p.MeetingID,
// or the process's level): the secretariat only.
func (s *Service) Create(ctx context.Context, a *domain.Actor, p *domain.Partnership) (*domain.Partnership, error) {
	if _, err := s.process(ctx, a, p.ProcessID); err != nil {
		return nil, err
	}
	if !a.CanManagePartnership(p.ProcessID, p.MeetingID) {
		return nil, errNotSecretariat()
	}
	p.MadeFrom = ""
	if err := p.Validate(ObjectiveCodes); err != nil {
		return nil, err
	}
	if err := s.checkSources(ctx, a, p, nil); err != nil {
		return nil, err
	}
	if err := s.db.CreatePartnerships(domain.NewContextWithActor(ctx, a), []*domain.Partnership{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// UpdateInput is a partnership's new fields, based on Version.
type UpdateInput struct {
	ID            string
	Version       int
	Title         string
	Purpose       string
	Phase         domain.PartnershipPhase
	Mechanism     domain.Collaboration
	Status        domain.PartnershipStatus
	StartsOn      string
	EndsOn        string
	Parties       []string
	Objectives    []string
	Links         []domain.PartnershipLink
	Contributions []string
	// Commitments are the follow-up commitments it serves.
	Commitments []string
	// Note says why the status changed, kept in its history.
	Note string
}

func errStatusStep(from, to domain.PartnershipStatus) error {
	return domain.Invalid("status", "partnership.error_status_step", "a partnership %s cannot become %s", from, to)
}

// Update changes a partnership: the secretariat only. A change of status
// follows [domain.NextPartnershipStatuses] and is kept in its history.
func (s *Service) Update(ctx context.Context, a *domain.Actor, in UpdateInput) (*domain.Partnership, error) {
	cur, err := s.partnership(ctx, a, in.ID)
	if err != nil {
		return nil, err
	}
	if !a.CanManagePartnership(cur.ProcessID, cur.MeetingID) {
		return nil, errNotSecretariat()
	}
	var errs domain.Errors
	checkNote(&errs, in.Note)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	// The sources the actor cannot read (a contribution withdrawn since,
	// say) were not shown to them: they stay as they are.
	readable, err := s.readableSources(ctx, a, cur.ProcessID, []*domain.Partnership{cur})
	if err != nil {
		return nil, err
	}
	for _, id := range cur.Contributions {
		if !readable[id] && !slices.Contains(in.Contributions, id) {
			in.Contributions = append(in.Contributions, id)
		}
	}
	if !a.CanViewFollowUp(cur.ProcessID) {
		in.Commitments = cur.Commitments
	}
	p, err := s.db.ChangePartnership(domain.NewContextWithActor(ctx, a), in.ID, in.Version, in.Note, func(p *domain.Partnership) error {
		from := p.Status
		p.Title, p.Purpose, p.Phase, p.Mechanism, p.Status = in.Title, in.Purpose, in.Phase, in.Mechanism, in.Status
		p.StartsOn, p.EndsOn, p.Parties, p.Objectives, p.Links, p.Contributions = in.StartsOn, in.EndsOn, in.Parties, in.Objectives, in.Links, in.Contributions
		p.Commitments = in.Commitments
		if p.MadeFrom != "" && !slices.Contains(p.Contributions, p.MadeFrom) {
			p.Contributions = append([]string{p.MadeFrom}, p.Contributions...)
		}
		if err := p.Validate(ObjectiveCodes); err != nil {
			return err
		}
		if p.Status != from && !slices.Contains(domain.NextPartnershipStatuses(from), p.Status) {
			return errStatusStep(from, p.Status)
		}
		return s.checkSources(ctx, a, p, readable)
	})
	if err != nil {
		return nil, err
	}
	vis, err := s.visible(ctx, a, p.ProcessID, []*domain.Partnership{p})
	if err != nil {
		return nil, err
	}
	return vis[0], nil
}

func checkNote(errs *domain.Errors, note string) {
	if len([]rune(note)) > domain.MaxName {
		*errs = append(*errs, domain.Invalid("note", "error.too_long", "must be at most %d characters", domain.MaxName))
	} else if err := domain.CheckLine("note", note); err != nil {
		*errs = append(*errs, err.(*domain.Error))
	}
}

// Delete removes a partnership recorded by mistake: the secretariat only.
func (s *Service) Delete(ctx context.Context, a *domain.Actor, id string, version int) error {
	p, err := s.partnership(ctx, a, id)
	if err != nil {
		return err
	}
	if !a.CanManagePartnership(p.ProcessID, p.MeetingID) {
		return errNotSecretariat()
	}
	return s.db.DeletePartnership(domain.NewContextWithActor(ctx, a), id, version)
}

// Options are what a partnership's form offers: the process, its
// meetings the actor may see, the registry's bodies and the Global
// Compact's objectives in lang.
type Options struct {
	Process    *domain.Process
	Meetings   []*domain.Meeting
	Bodies     []*domain.Body
	Objectives []Objective
}

// FormOptions returns what a partnership's form of a process offers:
// whoever may see the process (the form's actions check the rest).
func (s *Service) FormOptions(ctx context.Context, a *domain.Actor, processID, lang string) (*Options, error) {
	p, err := s.process(ctx, a, processID)
	if err != nil {
		return nil, err
	}
	o := &Options{Process: p}
	ms, err := s.db.Meetings(ctx, p.ID, "")
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if a.CanViewMeeting(p.ID, m.ID) {
			o.Meetings = append(o.Meetings, m)
		}
	}
	for offset := 0; ; offset += 500 {
		bs, total, err := s.db.Bodies(ctx, store.BodyFilter{Offset: offset, Limit: 500})
		if err != nil {
			return nil, err
		}
		o.Bodies = append(o.Bodies, bs...)
		if offset+500 >= total {
			break
		}
	}
	if o.Objectives, err = s.Objectives(ctx, lang); err != nil {
		return nil, err
	}
	return o, nil
}

// Pair is two bodies and the partnerships they share.
type Pair struct {
	A, B         *domain.Body
	Partnerships int
}

// Network is who partners with whom in a process: each pair of bodies
// that share a partnership, most partnerships first, and the bodies in
// them, most connected first.
type Network struct {
	Process *domain.Process
	Bodies  []*domain.Body
	Pairs   []Pair
}

// Network returns who partners with whom in a process: whoever may see
// the process.
func (s *Service) Network(ctx context.Context, a *domain.Actor, processID string) (*Network, error) {
	p, err := s.process(ctx, a, processID)
	if err != nil {
		return nil, err
	}
	ps, _, err := s.db.Partnerships(ctx, store.PartnershipFilter{ProcessID: p.ID, Limit: -1})
	if err != nil {
		return nil, err
	}
	bodies, err := s.bodiesOf(ctx, ps)
	if err != nil {
		return nil, err
	}
	type key struct{ a, b string }
	count := map[key]int{}
	degree := map[string]int{}
	for _, pa := range ps {
		for i, x := range pa.Parties {
			for _, y := range pa.Parties[i+1:] {
				if bodies[y].Name < bodies[x].Name {
					x, y = y, x
				}
				if count[key{x, y}] == 0 {
					degree[x]++
					degree[y]++
				}
				count[key{x, y}]++
			}
		}
	}
	n := &Network{Process: p}
	for k, c := range count {
		n.Pairs = append(n.Pairs, Pair{A: bodies[k.a], B: bodies[k.b], Partnerships: c})
	}
	slices.SortFunc(n.Pairs, func(x, y Pair) int {
		if x.Partnerships != y.Partnerships {
			return y.Partnerships - x.Partnerships
		}
		if x.A.Name != y.A.Name {
			return strings.Compare(x.A.Name, y.A.Name)
		}
		return strings.Compare(x.B.Name, y.B.Name)
	})
	for id := range degree {
		n.Bodies = append(n.Bodies, bodies[id])
	}
	slices.SortFunc(n.Bodies, func(x, y *domain.Body) int {
		if degree[x.ID] != degree[y.ID] {
			return degree[y.ID] - degree[x.ID]
		}
		return strings.Compare(x.Name, y.Name)
	})
	return n, nil
}
