package registry

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/geo"
	"github.com/plenary-org/plenary/internal/store"
)

// OverlapInput asks for the states x mechanisms view.
type OverlapInput struct {
	// RegionID keeps the states of one region (an M49 code or a
	// grouping's ID); "" for all.
	RegionID string
	// Lang is the language of the states' names and their order.
	Lang string
}

// StateOverlap is one state and the mechanisms it sits in.
type StateOverlap struct {
	Country string // ISO 3166-1 alpha-2
	Alpha3  string
	Name    string
	// Roles gives, by mechanism ID, "member" or "observer".
	Roles map[string]string
	// Members and Observers count the mechanisms it is a member and an
	// observer of.
	Members, Observers int
}

// Overlap is which states sit in which mechanisms.
type Overlap struct {
	Region *domain.Region // nil for all states
	// Mechanisms are the consultation mechanisms with at least one member
	// or observer among the states, by label.
	Mechanisms []*domain.Body
	// States are those in at least one mechanism, most mechanisms first,
	// then by name.
	States []StateOverlap
	// Distribution[n] is the number of states that are members of exactly
	// n mechanisms (n from 1).
	Distribution []int
}

// Overlap returns which states are members or observers of which
// consultation mechanisms (bodies of a mechanism kind), and how many
// mechanisms each state is a member of, to anyone with an account. An
// unknown region is EINVALID.
func (s *Service) Overlap(ctx context.Context, a *domain.Actor, in OverlapInput) (*Overlap, error) {
	if err := canView(a); err != nil {
		return nil, err
	}
	out := &Overlap{}
	var keep []string
	if in.RegionID != "" {
		r, err := s.db.Region(ctx, in.RegionID)
		if err != nil {
			return nil, domain.Invalid("region", "region.error_unknown", "choose one of the regions")
		}
		out.Region, keep = r, r.Countries()
	}
	bs, _, err := s.db.Bodies(ctx, store.BodyFilter{Limit: 100000})
	if err != nil {
		return nil, err
	}
	states := map[string]*StateOverlap{}
	for _, b := range bs {
		if !b.Kind.IsMechanism() {
			continue
		}
		used := false
		add := func(c, role string) {
			if keep != nil {
				if _, ok := slices.BinarySearch(keep, c); !ok {
					return
				}
			}
			st := states[c]
			if st == nil {
				st = &StateOverlap{Country: c, Alpha3: geo.Alpha3(c), Name: geo.CountryName(c, in.Lang), Roles: map[string]string{}}
				states[c] = st
			}
			st.Roles[b.ID] = role
			if role == "member" {
				st.Members++
			} else {
				st.Observers++
			}
			used = true
		}
		for _, c := range b.Countries {
			add(c, "member")
		}
		for _, c := range b.Observers {
			add(c, "observer")
		}
		if used {
			out.Mechanisms = append(out.Mechanisms, b)
		}
	}
	slices.SortFunc(out.Mechanisms, func(x, y *domain.Body) int {
		return strings.Compare(strings.ToLower(x.Label()), strings.ToLower(y.Label()))
	})
	tag, err := language.Parse(in.Lang)
	if err != nil {
		tag = language.English
	}
	col := collate.New(tag)
	for _, st := range states {
		out.States = append(out.States, *st)
		for len(out.Distribution) <= st.Members {
			out.Distribution = append(out.Distribution, 0)
		}
		if st.Members > 0 {
			out.Distribution[st.Members]++
		}
	}
	slices.SortFunc(out.States, func(x, y StateOverlap) int {
		if x.Members != y.Members {
			return y.Members - x.Members
		}
		if x.Observers != y.Observers {
			return y.Observers - x.Observers
		}
		return col.CompareString(x.Name, y.Name)
	})
	if len(out.Distribution) > 0 {
		out.Distribution = out.Distribution[1:]
	}
	return out, nil
}

// Table returns the view as a header and rows of text, one row per
// state: its codes, name, the number of mechanisms it is a member and an
// observer of, then one column per mechanism ("member", "observer" or
// empty). It is what the CSV, XLSX and JSON exports hold.
func (o *Overlap) Table() ([]string, [][]string) {
	header := []string{"alpha2", "alpha3", "name", "members_of", "observer_of"}
	for _, m := range o.Mechanisms {
		header = append(header, m.Label())
	}
	rows := make([][]string, len(o.States))
	for i, st := range o.States {
		row := []string{st.Country, st.Alpha3, st.Name, strconv.Itoa(st.Members), strconv.Itoa(st.Observers)}
		for _, m := range o.Mechanisms {
			row = append(row, st.Roles[m.ID])
		}
		rows[i] = row
	}
	return header, rows
}
