package outcome

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Rounds of amendments: the secretariat opens the latest version for
// amendments until a deadline; delegations propose amendments to its
// blocks (replace, insert after, delete) with a justification and support
// each other's; the secretariat or the chair accepts, accepts with
// changes, or rejects each with a reason; closing the round applies the
// accepted ones in a new version. Two accepted amendments that replace or
// delete the same block conflict: the second acceptance is refused
// (reject one, or accept it with changes that combine both); insertions
// after a block never conflict and go in the order they were accepted.

// Applied is an accepted amendment as [Apply] applies it.
type Applied struct {
	BlockID string
	Op      store.AmendmentOp
	Text    string
	// NewID is the ID of the block an insertion makes.
	NewID string
}

// effective returns what an accepted amendment does: its text as
// accepted, and a deletion accepted with changes becomes a replacement.
func effective(a *store.OutcomeAmendment) Applied {
	ap := Applied{BlockID: a.BlockID, Op: a.Op, Text: a.Text, NewID: "a" + strings.ToLower(a.ID[len(a.ID)-10:])}
	if a.Status == store.AmendmentChanged {
		ap.Text = a.DecidedText
		if ap.Op == store.AmendDelete {
			ap.Op = store.AmendReplace
		}
	}
	return ap
}

// conflicts reports whether two accepted amendments cannot both apply:
// both replace or delete the same block.
func conflicts(x, y Applied) bool {
	return x.BlockID == y.BlockID && x.Op != store.AmendInsertAfter && y.Op != store.AmendInsertAfter
}

// Apply applies accepted amendments, in their order, to a text: each
// replacement changes its block's text (a table's caption), each deletion
// removes its block, each insertion adds a paragraph after its block
// (after the insertions made there before it), even when that block is
// deleted. Amendments naming a block the text lacks are left out and
// returned. Pure.
func Apply(t domain.OutcomeText, as []Applied) (domain.OutcomeText, []Applied) {
	out := cloneText(t)
	byBlock := map[string][]Applied{}
	have := map[string]bool{}
	for _, s := range t.Sections {
		for _, b := range s.Blocks {
			have[b.ID] = true
		}
	}
	var skipped []Applied
	for _, a := range as {
		if !have[a.BlockID] {
			skipped = append(skipped, a)
			continue
		}
		byBlock[a.BlockID] = append(byBlock[a.BlockID], a)
	}
	for i := range out.Sections {
		s := &out.Sections[i]
		var blocks []domain.OutcomeBlock
		for _, b := range s.Blocks {
			keep := true
			var inserts []domain.OutcomeBlock
			for _, a := range byBlock[b.ID] {
				switch a.Op {
				case store.AmendReplace:
					b.Text = a.Text
				case store.AmendDelete:
					keep = false
				case store.AmendInsertAfter:
					inserts = append(inserts, domain.OutcomeBlock{ID: a.NewID, Kind: domain.BlockParagraph, Text: a.Text})
				}
			}
			if keep {
				blocks = append(blocks, b)
			}
			blocks = append(blocks, inserts...)
		}
		if blocks == nil {
			blocks = []domain.OutcomeBlock{}
		}
		s.Blocks = blocks
	}
	return out, skipped
}

func errDeadline() error {
	return domain.Errorf(domain.ECONFLICT, "outcome.error_deadline", "the deadline for amendments has passed")
}

// RoundInput opens the latest version (as read) for amendments.
type RoundInput struct {
	MeetingID string
	Version   int
	Deadline  time.Time
	// Silence makes the round a silence procedure: the version is
	// adopted at the deadline unless a delegation breaks silence.
	Silence bool
}

// OpenRound opens the latest version of a draft for amendments until a
// deadline in the future: the secretariat. While the round is open the
// document takes no edit.
func (s *Service) OpenRound(ctx context.Context, a *domain.Actor, in RoundInput) (*store.OutcomeDocument, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	if _, err := s.drafter(ctx, a, in.MeetingID); err != nil {
		return nil, err
	}
	if !in.Deadline.After(s.now()) {
		return nil, domain.Invalid("deadline", "outcome.error_deadline_past", "the deadline must be in the future")
	}
	m, err := s.db.Meeting(ctx, in.MeetingID)
	if err != nil {
		return nil, err
	}
	members, err := s.db.Members(ctx, m.ProcessID, m.ID)
	if err != nil {
		return nil, err
	}
	return s.db.ChangeOutcome(ctx, in.MeetingID, "open_round", func(o *store.OutcomeTx) error {
		if err := draftable(o.Doc, in.Version); err != nil {
			return err
		}
		d := o.Doc
		d.Status, d.Round, d.RoundVersion, d.Deadline, d.Silence = domain.OutcomeOpen, d.Round+1, d.Latest, in.Deadline, in.Silence
		d.SilenceBody, d.SilenceBy, d.SilenceReason, d.SilenceAt = "", "", "", time.Time{}
		return o.Notify(ctx, roundNotices(m, members, d.Round, in.Deadline))
	})
}

// roundNotices tell the meeting's delegations (its delegates and
// partners) that the outcome document is open for amendments.
func roundNotices(m *domain.Meeting, members []store.MemberView, round int, deadline time.Time) []*store.Notification {
	var out []*store.Notification
	seen := map[string]bool{}
	for _, v := range members {
		if (v.Role != domain.RoleDelegate && v.Role != domain.RolePartner) || seen[v.UserID] {
			continue
		}
		seen[v.UserID] = true
		out = append(out, &store.Notification{UserID: v.UserID, Kind: "amendments_open", Dedupe: "amendments_open:" + m.ID + ":" + strconv.Itoa(round),
			ProcessID: m.ProcessID, ObjectType: "outcome_document", ObjectID: m.ID, Link: "/meetings/" + m.ID + "/outcome",
			Params: map[string]string{"meeting": m.Name(), "until": deadline.UTC().Format("2006-01-02 15:04 UTC")}})
	}
	return out
}

// ProposeInput is a delegation's amendment to a block of the version the
// open round amends.
type ProposeInput struct {
	MeetingID string
	// Body is the delegation; empty for the actor's only one.
	Body          string
	BlockID       string
	Op            store.AmendmentOp
	Text          string
	Lang          string
	Justification string
}

// AmendmentOps lists the operations of an amendment.
var AmendmentOps = []store.AmendmentOp{store.AmendReplace, store.AmendInsertAfter, store.AmendDelete}

func checkProposal(in *ProposeInput) error {
	var errs domain.Errors
	in.Text, in.Justification = strings.TrimSpace(in.Text), strings.TrimSpace(in.Justification)
	if !slices.Contains(AmendmentOps, in.Op) {
		errs = append(errs, domain.Invalid("op", "outcome.error_op", "choose replace, insert_after or delete"))
	}
	if in.Op != store.AmendDelete {
		errs = append(errs, textErrs("text", in.Text, true)...)
	} else if in.Text != "" {
		errs = append(errs, domain.Invalid("text", "outcome.error_delete_text", "a deletion has no text"))
	}
	errs = append(errs, textErrs("justification", in.Justification, true)...)
	if !slices.Contains(domain.Locales, in.Lang) {
		errs = append(errs, domain.Invalid("lang", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", ")))
	}
	return errs.Err()
}

// textErrs checks a paragraph's text: required when asked, at most
// MaxText characters, allowed characters only.
func textErrs(field, v string, required bool) domain.Errors {
	switch {
	case required && v == "":
		return domain.Errors{domain.Invalid(field, "error.required", "this field is required")}
	case utf8.RuneCountInString(v) > domain.MaxText:
		return domain.Errors{domain.Invalid(field, "error.too_long", "must be at most %d characters", domain.MaxText)}
	}
	if err := domain.CheckText(field, v); err != nil {
		var e *domain.Error
		if errors.As(err, &e) {
			return domain.Errors{e}
		}
	}
	return nil
}

// Propose records a delegation's amendment while the round is open and
// before its deadline: a delegate or partner, for a body they speak for
// ([domain.Actor.AmendmentBody]). The block must be one of the version
// the round amends. Under a silence procedure an amendment breaks
// silence.
func (s *Service) Propose(ctx context.Context, a *domain.Actor, in ProposeInput) (*store.OutcomeAmendment, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	body, err := s.delegation(ctx, a, in.MeetingID, in.Body)
	if err != nil {
		return nil, err
	}
	if err := checkProposal(&in); err != nil {
		return nil, err
	}
	am := &store.OutcomeAmendment{BlockID: in.BlockID, Op: in.Op, Text: in.Text, Lang: in.Lang, Justification: in.Justification, BodyID: body, ProposedBy: a.User.ID}
	_, err = s.db.ChangeOutcome(ctx, in.MeetingID, "amend", func(o *store.OutcomeTx) error {
		d := o.Doc
		if err := proposable(d, s.now()); err != nil {
			return err
		}
		v, err := o.Version(ctx, d.RoundVersion)
		if err != nil {
			return err
		}
		if _, ok := blockOf(v.Text, in.BlockID); !ok {
			return domain.Invalid("block", "outcome.error_block", "version %d has no block %s", d.RoundVersion, in.BlockID)
		}
		am.Round, am.BasedOn = d.Round, d.RoundVersion
		if err := o.AddAmendment(ctx, am); err != nil {
			return err
		}
		if d.Silence && d.SilenceAt.IsZero() {
			d.SilenceBody, d.SilenceBy, d.SilenceReason, d.SilenceAt = body, a.User.ID, fmt.Sprintf("A%d", am.Number), o.Now()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return am, nil
}

// delegation returns the body the actor speaks for in a meeting they may
// see (named, or their only one), refused to anyone who speaks for none.
func (s *Service) delegation(ctx context.Context, a *domain.Actor, meetingID, named string) (string, error) {
	sc, err := s.meeting(ctx, a, meetingID)
	if err != nil {
		return "", err
	}
	body := a.AmendmentBody(sc.ProcessID, sc.MeetingID, named)
	if body == "" {
		return "", errNoDelegation()
	}
	return body, nil
}

// proposable checks that a round is open and before its deadline.
func proposable(d *store.OutcomeDocument, now time.Time) error {
	switch {
	case d.AdoptedVersion > 0:
		return ErrAdopted
	case d.Status != domain.OutcomeOpen:
		return errNotOpen()
	case deadlinePassed(d, now):
		return errDeadline()
	}
	return nil
}

// blockOf finds a block of a text.
func blockOf(t domain.OutcomeText, id string) (domain.OutcomeBlock, bool) {
	for _, s := range t.Sections {
		for _, b := range s.Blocks {
			if b.ID == id {
				return b, true
			}
		}
	}
	return domain.OutcomeBlock{}, false
}

// amendment finds an amendment of the document in the transaction.
func amendment(ctx context.Context, o *store.OutcomeTx, id string) (*store.OutcomeAmendment, []*store.OutcomeAmendment, error) {
	all, err := o.Amendments(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, am := range all {
		if am.ID == id {
			return am, all, nil
		}
	}
	return nil, nil, domain.NotFound("amendment")
}

// SupportInput is a delegation's support of an amendment.
type SupportInput struct {
	MeetingID   string
	AmendmentID string
	Body        string // empty for the actor's only delegation
}

// Support records a delegation's support of another's amendment while it
// awaits its decision in an open round: a delegate or partner, for a body
// they speak for. Supporting twice changes nothing.
func (s *Service) Support(ctx context.Context, a *domain.Actor, in SupportInput) (*store.OutcomeAmendment, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	body, err := s.delegation(ctx, a, in.MeetingID, in.Body)
	if err != nil {
		return nil, err
	}
	var out *store.OutcomeAmendment
	_, err = s.db.ChangeOutcome(ctx, in.MeetingID, "support", func(o *store.OutcomeTx) error {
		am, _, err := amendment(ctx, o, in.AmendmentID)
		if err != nil {
			return err
		}
		if err := open(o.Doc, am); err != nil {
			return err
		}
		if am.BodyID == body {
			return domain.Errorf(domain.ECONFLICT, "outcome.error_own", "a delegation does not support its own amendment")
		}
		if _, err := o.AddSupport(ctx, am.ID, store.OutcomeSupport{BodyID: body, UserID: a.User.ID}); err != nil {
			return err
		}
		out = am
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.amendmentNow(ctx, in.MeetingID, out.ID)
}

// open checks that an amendment awaits its decision in the open round.
func open(d *store.OutcomeDocument, am *store.OutcomeAmendment) error {
	switch {
	case d.AdoptedVersion > 0:
		return ErrAdopted
	case d.Status != domain.OutcomeOpen || am.Round != d.Round:
		return errNotOpen()
	case am.Status != store.AmendmentProposed:
		return domain.Errorf(domain.ECONFLICT, "outcome.error_decided", "amendment A%d is %s already", am.Number, am.Status)
	}
	return nil
}

func (s *Service) amendmentNow(ctx context.Context, meetingID, id string) (*store.OutcomeAmendment, error) {
	all, err := s.db.OutcomeAmendments(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	for _, am := range all {
		if am.ID == id {
			return am, nil
		}
	}
	return nil, domain.NotFound("amendment")
}

// AmendmentRef names an amendment and the version of it read.
type AmendmentRef struct {
	MeetingID   string
	AmendmentID string
	Version     int
}

// Withdraw withdraws an amendment that awaits its decision: a delegate
// or partner of the delegation that proposed it.
func (s *Service) Withdraw(ctx context.Context, a *domain.Actor, in AmendmentRef) (*store.OutcomeAmendment, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	sc, err := s.meeting(ctx, a, in.MeetingID)
	if err != nil {
		return nil, err
	}
	var out *store.OutcomeAmendment
	_, err = s.db.ChangeOutcome(ctx, in.MeetingID, "withdraw", func(o *store.OutcomeTx) error {
		am, _, err := amendment(ctx, o, in.AmendmentID)
		if err != nil {
			return err
		}
		if !a.SpeaksFor(sc.ProcessID, sc.MeetingID, am.BodyID) {
			return domain.Errorf(domain.EFORBIDDEN, "outcome.error_not_yours", "only the delegation that proposed an amendment withdraws it")
		}
		if err := open(o.Doc, am); err != nil {
			return err
		}
		if am.Version != in.Version {
			return domain.Conflict("the amendment")
		}
		before := *am
		am.Status = store.AmendmentWithdrawn
		out = am
		return o.UpdateAmendment(ctx, &before, am, "withdraw")
	})
	return out, err
}

// Decision is the secretariat's or the chair's decision on an amendment.
type Decision string

// The decisions.
const (
	Accept            Decision = "accept"
	AcceptWithChanges Decision = "accept_with_changes"
	Reject            Decision = "reject"
)

// DecideInput decides an amendment.
type DecideInput struct {
	AmendmentRef
	Decision Decision
	// Text is the text as accepted with changes.
	Text string
	// Reason is required for a rejection and an acceptance with changes.
	Reason string
}

// Decide accepts, accepts with changes or rejects an amendment that
// awaits its decision in the open round: the secretariat or the chair. A
// rejection and a change say why. An acceptance that would replace or
// delete a block another accepted amendment of the round replaces or
// deletes is refused, naming it.
func (s *Service) Decide(ctx context.Context, a *domain.Actor, in DecideInput) (*store.OutcomeAmendment, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	sc, err := s.meeting(ctx, a, in.MeetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanDecideAmendment(sc.ProcessID, sc.MeetingID) {
		return nil, errNotDecider()
	}
	in.Text, in.Reason = strings.TrimSpace(in.Text), strings.TrimSpace(in.Reason)
	var errs domain.Errors
	switch in.Decision {
	case Accept:
	case AcceptWithChanges:
		errs = append(errs, textErrs("text", in.Text, true)...)
		errs = append(errs, textErrs("reason", in.Reason, true)...)
	case Reject:
		errs = append(errs, textErrs("reason", in.Reason, true)...)
	default:
		errs = append(errs, domain.Invalid("decision", "outcome.error_decision", "choose accept, accept_with_changes or reject"))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	m, err := s.db.Meeting(ctx, in.MeetingID)
	if err != nil {
		return nil, err
	}
	var out *store.OutcomeAmendment
	_, err = s.db.ChangeOutcome(ctx, in.MeetingID, "decide", func(o *store.OutcomeTx) error {
		am, all, err := amendment(ctx, o, in.AmendmentID)
		if err != nil {
			return err
		}
		if err := open(o.Doc, am); err != nil {
			return err
		}
		if am.Version != in.Version {
			return domain.Conflict("the amendment")
		}
		before := *am
		am.Reason, am.DecidedBy, am.DecidedAt = in.Reason, a.User.ID, o.Now()
		switch in.Decision {
		case Accept:
			am.Status = store.AmendmentAccepted
		case AcceptWithChanges:
			am.Status, am.DecidedText = store.AmendmentChanged, in.Text
		case Reject:
			am.Status = store.AmendmentRejected
		}
		if am.Status != store.AmendmentRejected {
			mine := effective(am)
			for _, other := range all {
				if other.ID != am.ID && other.Round == am.Round && accepted(other) && conflicts(mine, effective(other)) {
					return domain.Errorf(domain.ECONFLICT, "outcome.error_conflicting",
						"amendment A%d to the same block is accepted already: reject one of the two, or accept this one with changes that combine both", other.Number)
				}
			}
		}
		out = am
		if err := o.UpdateAmendment(ctx, &before, am, "decide"); err != nil {
			return err
		}
		return o.Notify(ctx, decisionNotices(m, am))
	})
	return out, err
}

// decisionNotices tell an amendment's proposer and the people whose
// delegations supported it (its co-signers) how it was decided.
func decisionNotices(m *domain.Meeting, am *store.OutcomeAmendment) []*store.Notification {
	var out []*store.Notification
	seen := map[string]bool{}
	who := []string{am.ProposedBy}
	for _, sp := range am.Supports {
		who = append(who, sp.UserID)
	}
	for _, u := range who {
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, &store.Notification{UserID: u, Kind: "amendment_decided", Dedupe: "amendment_decided:" + am.ID,
			ProcessID: m.ProcessID, ObjectType: "outcome_amendment", ObjectID: am.ID, Link: "/meetings/" + m.ID + "/outcome#amendments",
			Params: map[string]string{"number": "A" + strconv.Itoa(am.Number), "meeting": m.Name(), "status": string(am.Status), "reason": am.Reason}})
	}
	return out
}

func accepted(am *store.OutcomeAmendment) bool {
	return am.Status == store.AmendmentAccepted || am.Status == store.AmendmentChanged
}

// CloseRound closes the open round: the secretariat, once every amendment
// of the round is decided or withdrawn. The accepted ones, in the order
// they were decided, make the next version ([Apply]); with none accepted
// the document stays at its version. The draft then takes edits again.
func (s *Service) CloseRound(ctx context.Context, a *domain.Actor, meetingID string) (*store.OutcomeDocument, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	if _, err := s.drafter(ctx, a, meetingID); err != nil {
		return nil, err
	}
	return s.db.ChangeOutcome(ctx, meetingID, "close_round", func(o *store.OutcomeTx) error {
		d := o.Doc
		switch {
		case d.AdoptedVersion > 0:
			return ErrAdopted
		case d.Status != domain.OutcomeOpen:
			return errNotOpen()
		}
		all, err := o.Amendments(ctx)
		if err != nil {
			return err
		}
		var acc []*store.OutcomeAmendment
		undecided := 0
		for _, am := range all {
			switch {
			case am.Round != d.Round:
			case am.Status == store.AmendmentProposed:
				undecided++
			case accepted(am):
				acc = append(acc, am)
			}
		}
		if undecided > 0 {
			return domain.Errorf(domain.ECONFLICT, "outcome.error_undecided", "%d amendments of the round are not decided yet", undecided)
		}
		d.Status = domain.OutcomeDraft
		if len(acc) == 0 {
			return nil
		}
		slices.SortStableFunc(acc, func(x, y *store.OutcomeAmendment) int {
			if c := x.DecidedAt.Compare(y.DecidedAt); c != 0 {
				return c
			}
			return x.Number - y.Number
		})
		v, err := o.Version(ctx, d.RoundVersion)
		if err != nil {
			return err
		}
		eff := make([]Applied, len(acc))
		for i, am := range acc {
			eff[i] = effective(am)
		}
		text, _ := Apply(v.Text, eff)
		nv, err := o.AddVersion(ctx, text, fmt.Sprintf("amendments:%d", d.Round), a.User.ID)
		if err != nil {
			return err
		}
		for _, am := range acc {
			before := *am
			am.AppliedIn = nv.Number
			if err := o.UpdateAmendment(ctx, &before, am, "apply"); err != nil {
				return err
			}
		}
		return nil
	})
}

// BreakInput breaks silence.
type BreakInput struct {
	MeetingID string
	Body      string
	Reason    string
}

// BreakSilence breaks the silence of an open round under silence before
// its deadline: a delegate or partner, for a body they speak for, with a
// reason. The first break is kept on the document (the audit trail keeps
// every one); the round then stays open for the secretariat to close.
func (s *Service) BreakSilence(ctx context.Context, a *domain.Actor, in BreakInput) (*store.OutcomeDocument, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	body, err := s.delegation(ctx, a, in.MeetingID, in.Body)
	if err != nil {
		return nil, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if errs := textErrs("reason", in.Reason, true); errs != nil {
		return nil, errs.Err()
	}
	return s.db.ChangeOutcome(ctx, in.MeetingID, "break_silence", func(o *store.OutcomeTx) error {
		d := o.Doc
		if err := proposable(d, s.now()); err != nil {
			return err
		}
		if !d.Silence {
			return domain.Errorf(domain.ECONFLICT, "outcome.error_no_silence", "the round is not a silence procedure")
		}
		if d.SilenceAt.IsZero() {
			d.SilenceBody, d.SilenceBy, d.SilenceReason, d.SilenceAt = body, a.User.ID, in.Reason, o.Now()
		}
		return nil
	})
}

// Record is the record of a meeting's amendments.
type Record struct {
	Document   *store.OutcomeDocument
	Amendments []*store.OutcomeAmendment
	// Bodies names the delegations of the record, by ID.
	Bodies map[string]string
}

// Amendments returns the record of every amendment of a meeting's
// document, with its supports and decision, to the meeting's
// participants (those who read drafts). Amendments are made by
// delegations in the open: the record names them, whatever the
// meeting's non-attribution rule for its breakout groups; it never
// names the person who acted for a delegation.
func (s *Service) Amendments(ctx context.Context, a *domain.Actor, meetingID string) (*Record, error) {
	sc, err := s.meeting(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanReadOutcomeDrafts(sc.ProcessID, sc.MeetingID) {
		return nil, errDraftsHidden()
	}
	d, err := s.settle(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	all, err := s.db.OutcomeAmendments(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, am := range all {
		am.ProposedBy, am.DecidedBy = "", ""
		ids = append(ids, am.BodyID)
		for i := range am.Supports {
			am.Supports[i].UserID = ""
			ids = append(ids, am.Supports[i].BodyID)
		}
	}
	if d.SilenceBody != "" {
		ids = append(ids, d.SilenceBody)
	}
	bodies, err := s.db.BodiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	r := &Record{Document: d, Amendments: all, Bodies: map[string]string{}}
	for id, b := range bodies {
		r.Bodies[id] = b.Label()
	}
	return r, nil
}
