package contribio

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/reference"
	"github.com/plenary-org/plenary/internal/store"
)

// Resolver finds what rows refer to: meetings, bodies, guiding questions,
// framework items, accounts and existing contributions. *store.DB is one.
// Lookups of something that does not exist return ENOTFOUND.
type Resolver interface {
	Meeting(ctx context.Context, id string) (*domain.Meeting, error)
	Bodies(ctx context.Context, f store.BodyFilter) ([]*domain.Body, int, error)
	GuidingQuestions(ctx context.Context, meetingID string) ([]*domain.AgendaItem, error)
	Frameworks(ctx context.Context) ([]*domain.Framework, error)
	Framework(ctx context.Context, id string) (*domain.Framework, error)
	UserByEmail(ctx context.Context, email string) (*domain.User, string, error)
	UserByID(ctx context.Context, id string) (*domain.User, error)
	ContributionsByID(ctx context.Context, ids []string) ([]*domain.Contribution, error)
}

var _ Resolver = (*store.DB)(nil)

// itemRef is a framework item as the format writes it.
type itemRef struct {
	id, framework, code, kind string
}

// names caches what a file refers to, loaded once per read or write.
type names struct {
	ctx context.Context
	res Resolver

	bodiesLoaded bool
	bodyByID     map[string]*domain.Body
	bodyByKey    map[string][]*domain.Body // lower-case acronyms and names

	itemsLoaded bool
	itemByID    map[string]itemRef
	itemByCode  map[string]string // "framework:lower-case code" to item ID

	meetings  map[string]bool
	questions map[string][]*domain.AgendaItem
	userIDs   map[string]string // lower-case e-mail to user ID, "" when unknown
	emails    map[string]string // user ID to e-mail
}

func newNames(ctx context.Context, res Resolver) *names {
	return &names{ctx: ctx, res: res, meetings: map[string]bool{}, questions: map[string][]*domain.AgendaItem{},
		userIDs: map[string]string{}, emails: map[string]string{}}
}

func notFound(err error) bool { return domain.ErrorCode(err) == domain.ENOTFOUND }

func (n *names) loadBodies() error {
	if n.bodiesLoaded {
		return nil
	}
	n.bodyByID, n.bodyByKey = map[string]*domain.Body{}, map[string][]*domain.Body{}
	for off := 0; ; {
		bs, total, err := n.res.Bodies(n.ctx, store.BodyFilter{Offset: off, Limit: 500})
		if err != nil {
			return fmt.Errorf("contribio: bodies: %w", err)
		}
		for _, b := range bs {
			n.bodyByID[b.ID] = b
			for _, k := range []string{b.Acronym, b.Name} {
				if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
					n.bodyByKey[k] = appendUnique(n.bodyByKey[k], b)
				}
			}
		}
		off += len(bs)
		if len(bs) == 0 || off >= total {
			break
		}
	}
	n.bodiesLoaded = true
	return nil
}

func appendUnique(bs []*domain.Body, b *domain.Body) []*domain.Body {
	for _, x := range bs {
		if x.ID == b.ID {
			return bs
		}
	}
	return append(bs, b)
}

// body resolves a body's ID, acronym or name.
func (n *names) body(v string) (string, *domain.Error, error) {
	if err := n.loadBodies(); err != nil {
		return "", nil, err
	}
	if b, ok := n.bodyByID[v]; ok {
		return b.ID, nil, nil
	}
	switch bs := n.bodyByKey[strings.ToLower(v)]; len(bs) {
	case 0:
		return "", domain.Invalid(ColBody, "error.io_body_unknown", "no body has the ID, acronym or name %s", v), nil
	case 1:
		return bs[0].ID, nil, nil
	default:
		ids := make([]string, len(bs))
		for i, b := range bs {
			ids[i] = b.ID
		}
		return "", domain.Invalid(ColBody, "error.io_body_ambiguous", "%s names several bodies: write the ID of one of them (%s)", v, strings.Join(ids, ", ")), nil
	}
}

// bodyLabel is how a body is written: its acronym or name when that names
// it alone, otherwise its ID.
func (n *names) bodyLabel(id string) (string, error) {
	if id == "" {
		return "", nil
	}
	if err := n.loadBodies(); err != nil {
		return "", err
	}
	b, ok := n.bodyByID[id]
	if !ok {
		return id, nil
	}
	for _, k := range []string{b.Acronym, b.Name} {
		k = strings.TrimSpace(k)
		if k != "" && len(n.bodyByKey[strings.ToLower(k)]) == 1 && n.bodyByID[k] == nil {
			return k, nil
		}
	}
	return id, nil
}

func (n *names) loadItems() error {
	if n.itemsLoaded {
		return nil
	}
	n.itemByID, n.itemByCode = map[string]itemRef{}, map[string]string{}
	fws, err := n.res.Frameworks(n.ctx)
	if err != nil {
		return fmt.Errorf("contribio: frameworks: %w", err)
	}
	for _, f := range fws {
		full, err := n.res.Framework(n.ctx, f.ID)
		if err != nil {
			return fmt.Errorf("contribio: framework %s: %w", f.Code, err)
		}
		for _, it := range full.Items {
			n.itemByID[it.ID] = itemRef{id: it.ID, framework: f.Code, code: it.Code, kind: it.Kind}
			n.itemByCode[f.Code+":"+strings.ToLower(it.Code)] = it.ID
		}
	}
	n.itemsLoaded = true
	return nil
}

// The kinds of the built-in framework's items that have columns of their own.
const (
	kindObjective = "objective"
	kindPrinciple = "principle"
)

// gcmItems resolves codes of the built-in framework of one kind ("O1 O7",
// "Pa Pc"); an objective may be written by its number alone.
func (n *names) gcmItems(col, kind, v string) ([]string, *domain.Error, error) {
	if err := n.loadItems(); err != nil {
		return nil, nil, err
	}
	var ids, bad []string
	for _, code := range splitList(v) {
		if _, err := strconv.Atoi(code); err == nil && kind == kindObjective {
			code = "O" + code
		}
		id, ok := n.itemByCode[reference.GCMCode+":"+strings.ToLower(code)]
		if !ok || n.itemByID[id].kind != kind {
			bad = append(bad, code)
			continue
		}
		ids = append(ids, id)
	}
	if len(bad) > 0 {
		if kind == kindObjective {
			return nil, domain.Invalid(col, "error.io_objectives", "unknown objectives of the Global Compact: %s (write O1 to O23)", strings.Join(bad, ", ")), nil
		}
		return nil, domain.Invalid(col, "error.io_principles", "unknown guiding principles of the Global Compact: %s (write Pa to Pj)", strings.Join(bad, ", ")), nil
	}
	return ids, nil, nil
}

// tags resolves "framework:code" pairs.
func (n *names) tags(v string) ([]string, *domain.Error, error) {
	if err := n.loadItems(); err != nil {
		return nil, nil, err
	}
	var ids, bad []string
	for _, t := range splitList(v) {
		fw, code, ok := strings.Cut(t, ":")
		id, found := n.itemByCode[strings.ToLower(fw)+":"+strings.ToLower(code)]
		if !ok || !found {
			bad = append(bad, t)
			continue
		}
		ids = append(ids, id)
	}
	if len(bad) > 0 {
		return nil, domain.Invalid(ColTags, "error.io_tags", "unknown framework items: %s (write the framework's code, a colon and the item's code, e.g. sdg:10.7)", strings.Join(bad, ", ")), nil
	}
	return ids, nil, nil
}

// tagColumns splits item IDs into the objectives, principles and other
// tags columns.
func (n *names) tagColumns(ids []string) (objectives, principles, tags []string, err error) {
	if err := n.loadItems(); err != nil {
		return nil, nil, nil, err
	}
	for _, id := range ids {
		it, ok := n.itemByID[id]
		switch {
		case !ok:
			return nil, nil, nil, fmt.Errorf("contribio: unknown framework item %s", id)
		case it.framework == reference.GCMCode && it.kind == kindObjective:
			objectives = append(objectives, it.code)
		case it.framework == reference.GCMCode && it.kind == kindPrinciple:
			principles = append(principles, it.code)
		default:
			tags = append(tags, it.framework+":"+it.code)
		}
	}
	return objectives, principles, tags, nil
}

func (n *names) meeting(id string) (bool, error) {
	if ok, seen := n.meetings[id]; seen {
		return ok, nil
	}
	_, err := n.res.Meeting(n.ctx, id)
	if err != nil && !notFound(err) {
		return false, fmt.Errorf("contribio: meeting %s: %w", id, err)
	}
	n.meetings[id] = err == nil
	return err == nil, nil
}

// question resolves a guiding question of a meeting by its ID, its number
// in the meeting's list of guiding questions, or its exact text.
func (n *names) question(meetingID, v string) (string, *domain.Error, error) {
	qs, ok := n.questions[meetingID]
	if !ok {
		var err error
		qs, err = n.res.GuidingQuestions(n.ctx, meetingID)
		if err != nil {
			return "", nil, fmt.Errorf("contribio: guiding questions of %s: %w", meetingID, err)
		}
		n.questions[meetingID] = qs
	}
	num := strings.TrimPrefix(strings.TrimPrefix(v, "Q"), "q")
	if i, err := strconv.Atoi(num); err == nil && i >= 1 && i <= len(qs) {
		return qs[i-1].ID, nil, nil
	}
	var byText []string
	for _, q := range qs {
		if q.ID == v {
			return q.ID, nil, nil
		}
		if strings.EqualFold(strings.TrimSpace(q.Text), v) {
			byText = append(byText, q.ID)
		}
	}
	if len(byText) == 1 {
		return byText[0], nil, nil
	}
	return "", domain.Invalid(ColQuestion, "error.io_question", "the meeting has no guiding question %s: write its ID, its number (1 to %d) or its exact text", v, len(qs)), nil
}

func (n *names) userID(email string) (string, error) {
	key := strings.ToLower(email)
	if id, ok := n.userIDs[key]; ok {
		return id, nil
	}
	u, _, err := n.res.UserByEmail(n.ctx, email)
	if err != nil && !notFound(err) {
		return "", fmt.Errorf("contribio: account %s: %w", email, err)
	}
	id := ""
	if err == nil {
		id = u.ID
	}
	n.userIDs[key] = id
	return id, nil
}

func (n *names) email(userID string) (string, error) {
	if userID == "" {
		return "", nil
	}
	if e, ok := n.emails[userID]; ok {
		return e, nil
	}
	u, err := n.res.UserByID(n.ctx, userID)
	if err != nil {
		return "", fmt.Errorf("contribio: account %s: %w", userID, err)
	}
	n.emails[userID] = u.Email
	return u.Email, nil
}

// splitList splits a cell of codes on spaces, commas and semicolons.
func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool {
		return r == ' ' || r == ',' || r == ';' || r == '\t' || r == '\n' || r == '\r'
	})
}
