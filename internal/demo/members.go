package demo

import (
	"fmt"
	"slices"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/geo"
)

// membership is what the demo knows of a body's members: the member
// states, joined in the year given unless a state has its own year, the
// observer states, the website and where the list comes from. Lists are
// the mechanisms' public ones as published by them or their secretariats;
// where a list or a year is uncertain, the note says so and marks it as
// demonstration content.
type membership struct {
	members   string // tokens, see expandStates
	since     string // the year the founding members joined
	joined    string // "CODE YEAR" pairs of states that joined later
	observers string
	website   string
	note      string
}

// Notes on the sources of the lists.
const (
	notePublic = "Member states as published by the body."
	noteDemo   = "Demonstration content: the list and years are approximate, after the body's public information."
	noteUN     = "Demonstration content: participation is open to all UN member states; the list is the UN membership."
)

// euStates are the 27 member states of the European Union.
const euStates = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"

// memberships are the demo bodies' members, by label (acronym, else name).
var memberships = map[string]membership{
	"RCM": {members: "BZ CA CR DO SV GT HN MX NI PA US", since: "1996", joined: "BZ 1997 PA 1997 DO 1999",
		observers: "AR CO EC JM PE", website: "https://crmsv.org", note: notePublic + " Years of joining after 1996 are demonstration content."},
	"SACM": {members: "AR BO BR CL CO EC GY PY PE SR UY VE", since: "2000", website: "https://www.csmigraciones.org", note: notePublic},
	"CMC": {members: "AG BS BB BZ DM GD GY HT JM KN LC VC SR TT AI BM VG KY MS TC AW CW SX", since: "2016",
		website: "https://www.iom.int/caribbean-migration-consultations", note: noteDemo},
	"MIDSA":    {members: "AO BW KM CD SZ LS MG MW MU MZ NA SC ZA TZ ZM ZW", since: "2000", website: "https://www.sadc.int", note: notePublic + " (the SADC member states)"},
	"MIDWA":    {members: "BJ BF CV CI GM GH GN GW LR ML NE NG SN SL TG MR", since: "2001", joined: "MR 2017", website: "https://www.ecowas.int", note: notePublic + " Mauritania's year is demonstration content."},
	"IGAD-RCP": {members: "DJ ER ET KE SO SS SD UG", since: "2008", joined: "SS 2011", website: "https://igad.int", note: notePublic},
	"MIDCOM":   {members: "BI KM CD DJ EG ER ET KE LY MG MW MU RW SC SO SD SZ TN UG ZM ZW", since: "2013", website: "https://www.comesa.int", note: noteDemo},
	"MIDCAS":   {members: "AO BI CM CF TD CG CD GQ GA ST RW", since: "2012", website: "https://ceeac-eccas.org", note: noteDemo},
	"ARCP": {members: "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE", since: "2015",
		website: "https://www.lasportal.org", note: notePublic + " (the member states of the League of Arab States)"},
	"Colombo Process": {members: "AF BD KH CN IN ID NP PK PH LK TH VN", since: "2003", joined: "AF 2005 KH 2013",
		observers: "AU BH IT JP KR KW MY OM QA SA SE CH TR AE GB US", website: "https://www.colomboprocess.org", note: notePublic + " Observers are demonstration content."},
	"ADD": {members: "AF BH BD IN ID KW MY NP OM PK PH QA SA LK TH AE VN", since: "2008", website: "http://abudhabidialogue.org.ae", note: notePublic},
	"Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime": {
		members: "AF AU BD BT BN KH CN KP FJ FR HK IN ID IR IQ JP JO KI LA MO MY MV MN MM NR NP NZ PK PW PG PH KR WS SG SB LK SY TH TL TO TR AE US VU VN",
		since:   "2002", website: "https://www.baliprocess.net", note: notePublic + " Years of joining are demonstration content."},
	"PIDC": {members: "AS AU CK FJ PF GU KI MH FM NR NC NZ NU MP PW PG WS SB TK TO TV VU", since: "1996",
		website: "https://www.pidcsec.org", note: noteDemo},
	"Almaty Process": {members: "AF AZ IR KZ KG TJ TR TM", since: "2011", observers: "UZ", note: noteDemo},
	"Budapest Process": {members: "EU AL AM AZ BY BA GE IS LI MD ME MK NO RS CH TR UA GB RU AF BD CN IN IR IQ PK KZ KG TJ TM UZ", since: "1993",
		joined: "AF 2010 BD 2010 CN 2010 IN 2010 IR 2010 IQ 2010 PK 2010", website: "https://www.budapestprocess.org", note: noteDemo},
	"Prague Process": {members: "EU AL AM AZ BY BA GE IS KZ KG LI MD ME MK NO RS RU CH TJ TR TM UA GB UZ", since: "2009",
		website: "https://www.pragueprocess.eu", note: noteDemo},
	"Rabat Process (Euro-African Dialogue on Migration and Development)": {
		members: "EU NO CH BJ BF CM CV CF TD CG CD CI GQ GA GM GH GN GW LR ML MR MA NE NG SN SL TG TN", since: "2006",
		observers: "DZ LY", website: "https://www.rabat-process.org", note: noteDemo},
	"Khartoum Process (EU-Horn of Africa Migration Route Initiative)": {
		members: "EU NO CH GB DJ EG ER ET KE LY SO SS SD TN UG", since: "2014", website: "https://www.khartoumprocess.net", note: noteDemo},
	"MTM": {members: "EU CH NO DZ EG JO LB LY MA TN", since: "2002", website: "https://www.icmpd.org", note: noteDemo},
	"5+5 Dialogue on Migration in the Western Mediterranean": {members: "DZ LY MR MA TN FR IT MT PT ES", since: "2002", note: notePublic},
	"IGC":   {members: "AU BE CA DK FI DE GR IE NL NZ NO ES SE CH GB US", since: "1985", website: "https://igc.ch", note: notePublic + " Years of joining are demonstration content."},
	"PAFOM": {members: "AFRICA", since: "2015", website: "https://au.int", note: noteDemo + " (the member states of the African Union)"},
	"FIBEMYD": {members: "AD AR BO BR CL CO CR CU DO EC ES GT HN MX NI PA PE PT PY SV UY VE", since: "2008",
		website: "https://www.segib.org", note: notePublic + " (the Ibero-American states)"},
	"Quito Process": {members: "AR BR CL CO CR DO EC GY MX PA PY PE UY", since: "2018", website: "https://www.procesodequito.org", note: noteDemo},
	"GFMD":          {members: "UN", since: "2007", website: "https://www.gfmd.org", note: noteUN},
	"IDM":           {members: "UN", since: "2001", website: "https://www.iom.int/idm", note: noteUN + " (IOM's member states are invited)"},
	// Partners: the states that are members of the organisation.
	"ECA":   {members: "AFRICA -EH", since: "1958", website: "https://www.uneca.org", note: notePublic},
	"ECLAC": {members: "LAC CA FR DE IT JP NL NO PT KR ES TR GB US", since: "1948", website: "https://www.cepal.org", note: notePublic + " Years of joining are demonstration content."},
	"ESCAP": {members: "AF AM AU AZ BD BT BN KH CN KP FJ FR GE IN ID IR JP KZ KI KG LA MY MV MH FM MN MM NR NP NL NZ PK PW PG PH KR RU WS SG SB LK TJ TH TL TO TR TM TV GB US UZ VU VN",
		since: "1947", website: "https://www.unescap.org", note: notePublic + " Years of joining are demonstration content."},
	"ESCWA":  {members: "DZ BH EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE", since: "1973", website: "https://www.unescwa.org", note: noteDemo},
	"ECE":    {members: "EUROPE AM AZ CY GE IL KZ KG TJ TM TR UZ CA US", since: "1947", website: "https://unece.org", note: noteDemo},
	"ECOWAS": {members: "BJ BF CV CI GM GH GN GW LR ML NE NG SN SL TG", since: "1975", joined: "CV 1977", website: "https://www.ecowas.int", note: notePublic},
	"SADC":   {members: "AO BW KM CD SZ LS MG MW MU MZ NA SC ZA TZ ZM ZW", since: "1992", website: "https://www.sadc.int", note: notePublic + " Years of joining are demonstration content."},
	"IOM":    {members: "UN", since: "1951", website: "https://www.iom.int", note: "Demonstration content: IOM has 175 member states; the list here is the UN membership."},
	// A state is a member of itself, so that it counts in the overlap of
	// mechanisms the same way.
	"Kingdom of Morocco":          {members: "MA", note: "The state itself."},
	"Republic of the Philippines": {members: "PH", note: "The state itself."},
}

// unTerritories are the ISO 3166-1 areas that are not UN member states.
var unTerritories = strings.Fields("AI AQ AS AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR PS RE SH SJ SX TC TF TK TW UM VA VG VI WF YT")

// unMembers returns the 193 UN member states, optionally within an M49
// region.
func unMembers(region string) []string {
	var out []string
	for _, c := range geo.RegionCountries(region) {
		if !slices.Contains(unTerritories, c) {
			out = append(out, c)
		}
	}
	return out
}

// expandStates turns tokens into country codes: a code, EU (the European
// Union's 27), UN (the UN member states), AFRICA, EUROPE and LAC (the UN
// member states of Africa, of Europe, of Latin America and the
// Caribbean), and -CODE to leave one out.
func expandStates(tokens string) ([]string, error) {
	var out, drop []string
	for _, t := range strings.Fields(tokens) {
		switch {
		case t == "EU":
			out = append(out, strings.Fields(euStates)...)
		case t == "UN":
			out = append(out, unMembers("001")...)
		case t == "AFRICA":
			out = append(out, append(unMembers("002"), "EH")...)
		case t == "EUROPE":
			out = append(out, unMembers("150")...)
		case t == "LAC":
			out = append(out, unMembers("419")...)
		case strings.HasPrefix(t, "-"):
			drop = append(drop, t[1:])
		case geo.IsCountry(t):
			out = append(out, t)
		default:
			return nil, fmt.Errorf("%q is not a country code", t)
		}
	}
	out = slices.DeleteFunc(out, func(c string) bool { return slices.Contains(drop, c) })
	slices.Sort(out)
	return slices.Compact(out), nil
}

// applyMembership gives a demo body its members.
func applyMembership(b *domain.Body) error {
	m, ok := memberships[b.Label()]
	if !ok {
		return nil
	}
	var err error
	if b.Countries, err = expandStates(m.members); err != nil {
		return fmt.Errorf("members of %s: %w", b.Label(), err)
	}
	if b.Observers, err = expandStates(m.observers); err != nil {
		return fmt.Errorf("observers of %s: %w", b.Label(), err)
	}
	b.Joined = map[string]string{}
	if m.since != "" {
		for _, c := range b.Countries {
			b.Joined[c] = m.since
		}
	}
	f := strings.Fields(m.joined)
	for i := 0; i+1 < len(f); i += 2 {
		b.Joined[f[i]] = f[i+1]
	}
	b.Website, b.MembersNote = m.website, m.note
	return nil
}
