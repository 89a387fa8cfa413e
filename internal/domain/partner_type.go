package domain

import (
	"slices"
	"strings"
	"time"
)

// PartnerType is a type of partner organisation as the agenda names them
// (UN regional commission, regional IGO or regional economic
// organisation, other IGO, NGO and civil society, academia, private
// sector), or one a secretariat adds, with its name in each of the six
// languages.
type PartnerType struct {
	ID        string
	Names     map[string]string // by language; English at least
	Position  int
	Builtin   bool
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Name returns the type's name in lang, else in English.
func (t *PartnerType) Name(lang string) string {
	if n := t.Names[lang]; n != "" {
		return n
	}
	return t.Names["en"]
}

// partnerTypeOfKind maps the kinds of partner bodies onto the built-in
// partner types.
var partnerTypeOfKind = map[BodyKind]string{
	BodyUNRegionalComm: "un_regional_commission",
	BodyREO:            "regional_organisation",
	BodyIGO:            "other_igo",
	BodyNGO:            "ngo_civil_society",
	BodyAcademia:       "academia",
	BodyPrivateSector:  "private_sector",
}

// PartnerTypeOfKind returns the built-in partner type of a body kind, ""
// for mechanisms and states.
func PartnerTypeOfKind(k BodyKind) string { return partnerTypeOfKind[k] }

// Validate checks a partner type a secretariat adds: an English name and
// the other names as text, an ID of lower-case letters, digits and
// underscores.
func (t *PartnerType) Validate() error {
	var errs Errors
	t.ID = strings.TrimSpace(t.ID)
	if t.ID == "" || len(t.ID) > 60 || strings.Trim(t.ID, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		errs = append(errs, Invalid("id", "partner_type.error_id", "use lower-case letters, digits and _ (such as foundation)"))
	}
	names := map[string]string{}
	for lang, n := range t.Names {
		n = strings.TrimSpace(n)
		if !slices.Contains(Locales, lang) {
			errs = append(errs, Invalid("names", "partner_type.error_language", "names are given in English, French, Spanish, Arabic, Chinese or Russian"))
			continue
		}
		checkText(&errs, "name_"+lang, n, lang == "en", MaxName)
		if n != "" {
			names[lang] = n
		}
	}
	if names["en"] == "" {
		errs = append(errs, Invalid("name_en", "error.required", "required"))
	}
	t.Names = names
	return errs.Err()
}
