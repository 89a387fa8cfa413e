package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Who may do what. Members are the roles of the process and its meeting.
var (
	everyone  = roles
	anyUser   = roles[1:]
	members   = []string{"admin", "secretariat", "chair", "rapporteur", "delegate", "observer"}
	managers  = []string{"admin", "secretariat"}
	bodyAdmin = []string{"admin", "secretariat", "outsider"}
	admins    = []string{"admin"}
	// contributors may submit contributions: every member but observers.
	contributors = []string{"admin", "secretariat", "chair", "rapporteur", "delegate"}
	// authorAndManagers are the fixture's contributions' author (the
	// delegate) and whoever manages the meeting.
	authorAndManagers = []string{"admin", "secretariat", "delegate"}
	// groupWorkers are those who work in the fixture's breakout group: its
	// rapporteur and whoever manages the meeting. The fixture's delegate
	// belongs to no group.
	groupWorkers = []string{"admin", "secretariat", "rapporteur"}
	// draftReaders read the outcome document's drafts: the meeting's
	// participants, not its observers.
	draftReaders = []string{"admin", "secretariat", "chair", "rapporteur", "delegate"}
	// deciders decide amendments; delegations (the fixture's delegate)
	// propose and support them; the chair adopts.
	deciders    = []string{"admin", "secretariat", "chair"}
	delegations = []string{"delegate"}
	chairs      = []string{"chair"}
	// reporters report progress on the fixture's commitment: the
	// delegate of its owner; reportReaders read its submitted report:
	// its owners and whoever reviews it.
	reporters     = []string{"delegate"}
	reportReaders = []string{"admin", "secretariat", "delegate"}
)

type routeCase struct {
	pattern     string // as registered
	path        string // with {name} placeholders from fixture.ids
	form        url.Values
	allowed     []string
	destructive bool // needs a fresh fixture for every role
}

func routeCases() []routeCase {
	v := func(kv ...string) url.Values {
		out := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	return []routeCase{
		{"GET /{$}", "/", nil, anyUser, false},
		{"GET /login", "/login", nil, everyone, false},
		{"POST /login", "/login", v("email", "x@example.org", "password", "wrong password"), everyone, false},
		{"POST /logout", "/logout", nil, everyone, true},
		{"GET /login/sso/{provider}", "/login/sso/demo?next=/account", nil, everyone, false},
		{"GET /login/sso/{provider}/callback", "/login/sso/demo/callback?state=made-up&code=x", nil, everyone, false},
		{"GET /account/identities/link/{provider}", "/account/identities/link/demo", nil, anyUser, false},
		{"POST /account/identities/{id}/delete", "/account/identities/nobodys/delete", nil, nil, false},
		{"POST /language", "/language", v("lang", "fr", "next", "/"), everyone, false},
		{"GET /invite/{token}", "/invite/{invite_token}", nil, everyone, false},
		// An invitation is for its address (new@example.org): no account
		// of the fixture has it, so only a visitor creating it accepts.
		{"POST /invite/{token}", "/invite/{invite_token}", v("name", "New", "password", "long enough password"), []string{"anonymous"}, true},
		{"GET /account", "/account", nil, anyUser, false},
		{"POST /account/password", "/account/password", v("current", "x"), anyUser, false},
		{"POST /account/tokens", "/account/tokens", v("name", "t", "days", "3"), anyUser, false},
		{"POST /account/tokens/{id}/delete", "/account/tokens/{token}/delete", nil, admins, true},
		{"GET /account/tokens/revoke", "/account/tokens/revoke", nil, anyUser, false},
		{"POST /account/tokens/revoke", "/account/tokens/revoke", v("confirm", "on"), anyUser, true},
		{"GET /processes/new", "/processes/new", nil, admins, false},
		{"POST /processes", "/processes", v("name", "P2"), admins, false},
		{"GET /processes/{id}", "/processes/{process}", nil, members, false},
		{"GET /processes/{id}/edit", "/processes/{process}/edit", nil, managers, false},
		{"POST /processes/{id}", "/processes/{process}", v("name", "Renamed", "version", "1"), managers, true},
		{"GET /processes/{id}/meetings/new", "/processes/{process}/meetings/new", nil, managers, false},
		{"POST /processes/{id}/meetings", "/processes/{process}/meetings", v("title", "M2"), managers, false},
		{"GET /processes/{id}/import", "/processes/{process}/import", nil, managers, false},
		{"POST /processes/{id}/import", "/processes/{process}/import", v("text", testAgenda), managers, false},
		{"GET /processes/{id}/members", "/processes/{process}/members", nil, members, false},
		{"GET /processes/{id}/dashboard", "/processes/{process}/dashboard", nil, members, false},
		// The fixture has no indicator: nobody sees one that does not exist.
		{"GET /indicators/{id}/chart", "/indicators/none/chart", nil, nil, false},
		{"POST /processes/{id}/members", "/processes/{process}/members", v("email", "observer@example.org", "role", "observer"), managers, true},
		{"POST /processes/{id}/invitations", "/processes/{process}/invitations", v("email", "z@example.org", "role", "observer", "days", "3"), managers, false},
		{"GET /meetings/{id}", "/meetings/{meeting}", nil, members, false},
		{"GET /meetings/{id}/edit", "/meetings/{meeting}/edit", nil, managers, false},
		{"GET /meetings/{id}/translations", "/meetings/{meeting}/translations", nil, managers, false},
		{"GET /meetings/{id}/translations/edit", "/meetings/{meeting}/translations/edit", nil, managers, false},
		{"POST /meetings/{id}/translations", "/meetings/{meeting}/translations", v("lang", "fr"), managers, false},
		{"POST /meetings/{id}/translations/language", "/meetings/{meeting}/translations/language", v("lang", "en"), managers, false},
		{"GET /processes/{id}/translations", "/processes/{process}/translations", nil, managers, false},
		{"GET /processes/{id}/translations/edit", "/processes/{process}/translations/edit", nil, managers, false},
		{"POST /processes/{id}/translations", "/processes/{process}/translations", v("lang", "fr"), managers, false},
		{"GET /bodies/translations", "/bodies/translations", nil, bodyAdmin, false},
		{"GET /bodies/translations/edit", "/bodies/translations/edit", nil, bodyAdmin, false},
		{"POST /bodies/translations", "/bodies/translations", v("lang", "fr"), bodyAdmin, false},
		{"POST /meetings/{id}", "/meetings/{meeting}", v("title", "Renamed", "version", "1"), managers, true},
		{"GET /meetings/{id}/delete", "/meetings/{meeting}/delete", nil, managers, false},
		{"POST /meetings/{id}/delete", "/meetings/{meeting}/delete", v("confirm", "on"), managers, true},
		{"GET /meetings/{id}/agenda.md", "/meetings/{meeting}/agenda.md", nil, members, false},
		{"GET /meetings/{id}/schedule", "/meetings/{meeting}/schedule", nil, managers, false},
		{"POST /meetings/{id}/schedule", "/meetings/{meeting}/schedule", v("time_zone", "Europe/Zurich", "version", "0"), managers, false},
		{"GET /meetings/{id}/calendar.ics", "/meetings/{meeting}/calendar.ics", nil, members, false},
		{"GET /account/calendar.ics", "/account/calendar.ics", nil, anyUser, false},
		{"POST /account/calendar/zone", "/account/calendar/zone", v("time_zone", "UTC"), anyUser, false},
		{"POST /account/calendar/feed", "/account/calendar/feed", nil, anyUser, true},
		{"POST /account/calendar/feed/revoke", "/account/calendar/feed/revoke", nil, anyUser, true},
		// The secret address is the key: it answers anyone who has it.
		{"GET /calendar/feed/{file}", "/calendar/feed/{feed_file}", nil, everyone, false},
		{"GET /meetings/{id}/agenda.json", "/meetings/{meeting}/agenda.json", nil, members, false},
		{"GET /meetings/{id}/structure", "/meetings/{meeting}/structure", nil, managers, false},
		{"POST /meetings/{id}/sessions", "/meetings/{meeting}/sessions", v("number", "2", "title", "Second"), managers, false},
		{"POST /meetings/{id}/items", "/meetings/{meeting}/items", v("kind", "objective", "text", "New objective"), managers, false},
		{"POST /meetings/{id}/footnotes", "/meetings/{meeting}/footnotes", v("number", "1", "text", "A note"), managers, false},
		{"GET /meetings/{id}/groups", "/meetings/{meeting}/groups", nil, members, false},
		{"POST /meetings/{id}/groups", "/meetings/{meeting}/groups", v("name", "Asia"), managers, true},
		{"GET /meetings/{id}/members", "/meetings/{meeting}/members", nil, members, false},
		{"POST /meetings/{id}/members", "/meetings/{meeting}/members", v("email", "outsider@example.org", "role", "observer"), managers, true},
		{"POST /meetings/{id}/invitations", "/meetings/{meeting}/invitations", v("email", "z@example.org", "role", "observer", "days", "3"), managers, false},
		{"GET /meetings/{id}/audit", "/meetings/{meeting}/audit", nil, managers, false},
		{"GET /meetings/{id}/events", "/meetings/{meeting}/events", nil, members, false},
		{"GET /meetings/{id}/contributions", "/meetings/{meeting}/contributions", nil, members, false},
		{"GET /meetings/{id}/contributions/new", "/meetings/{meeting}/contributions/new", nil, contributors, false},
		{"POST /meetings/{id}/contributions", "/meetings/{meeting}/contributions", v("kind", "recommendation", "title", "New", "text", "Some text to read.", "lang", "en", "body", "{body}"), contributors, false},
		{"GET /meetings/{id}/contributions/export", "/meetings/{meeting}/contributions/export?format=csv", nil, members, false},
		{"GET /meetings/{id}/contributions/import", "/meetings/{meeting}/contributions/import", nil, managers, false},
		{"POST /meetings/{id}/contributions/import", "/meetings/{meeting}/contributions/import", v("valid_only", "on"), managers, false},
		{"GET /meetings/{id}/contributions/template", "/meetings/{meeting}/contributions/template?format=xlsx", nil, managers, false},
		{"GET /contributions/export", "/contributions/export?format=json", nil, anyUser, false},
		{"GET /meetings/{id}/moderation", "/meetings/{meeting}/moderation", nil, managers, false},
		{"GET /contributions", "/contributions", nil, anyUser, false},
		{"GET /contributions/{id}", "/contributions/{contribution}", nil, members, false},
		{"GET /contributions/{id}/edit", "/contributions/{submitted}/edit", nil, authorAndManagers, false},
		{"POST /contributions/{id}", "/contributions/{submitted}", v("kind", "recommendation", "title", "Changed", "text", "Changed text.", "lang", "en", "body", "{body}", "version", "1"), authorAndManagers, true},
		{"POST /contributions/{id}/transition", "/contributions/{submitted}/transition", v("step", "publish", "version", "1"), managers, true},
		{"POST /contributions/{id}/translations", "/contributions/{submitted}/translations", v("lang", "fr", "title", "Une recommandation", "text", "Des voies régulières.", "version", "1"), authorAndManagers, true},
		{"POST /contributions/{id}/translations/{lang}/delete", "/contributions/{contribution}/translations/fr/delete", v("confirm", "on", "version", "2"), authorAndManagers, true},
		// Only delegates and partners endorse, for their own body.
		{"POST /contributions/{id}/endorsement", "/contributions/{endorsed}/endorsement", v("region", "Europe", "conditions", "Funding.", "version", "1"), []string{"delegate"}, true},
		{"POST /contributions/{id}/endorsement/delete", "/contributions/{endorsed}/endorsement/delete", v("confirm", "on", "version", "1"), []string{"delegate"}, true},
		{"GET /meetings/{id}/endorsements", "/meetings/{meeting}/endorsements", nil, members, false},
		{"GET /contributions/{id}/versions", "/contributions/{submitted}/versions", nil, authorAndManagers, false},
		{"GET /contributions/{id}/versions/{n}", "/contributions/{submitted}/versions/1", nil, authorAndManagers, false},
		{"GET /attachments/{id}", "/attachments/{attachment}", nil, members, false},
		{"GET /attachments/{id}/delete", "/attachments/{submitted_attachment}/delete", nil, authorAndManagers, false},
		{"POST /attachments/{id}/delete", "/attachments/{submitted_attachment}/delete", v("confirm", "on"), authorAndManagers, true},
		// Only members of the statement's breakout group vote; the
		// secretariat runs the meeting and does not.
		{"POST /statements/{id}/vote", "/statements/{statement}/vote", v("value", "agree", "next", "/"), []string{"rapporteur"}, false},
		{"GET /sessions/{id}/edit", "/sessions/{session}/edit", nil, managers, false},
		{"POST /sessions/{id}", "/sessions/{session}", v("number", "1", "title", "Renamed", "version", "1"), managers, true},
		{"POST /sessions/{id}/delete", "/sessions/{session}/delete", v("confirm", "on"), managers, true},
		{"POST /sessions/{id}/parts", "/sessions/{session}/parts", v("title", "Plenary", "kind", "plenary"), managers, false},
		{"GET /parts/{id}/edit", "/parts/{part}/edit", nil, managers, false},
		{"POST /parts/{id}", "/parts/{part}", v("title", "Renamed", "kind", "breakout", "version", "1"), managers, true},
		{"POST /parts/{id}/delete", "/parts/{part}/delete", v("confirm", "on"), managers, true},
		{"GET /items/{id}/edit", "/items/{item}/edit", nil, managers, false},
		{"POST /items/{id}", "/items/{item}", v("kind", "objective", "text", "Changed", "version", "1"), managers, true},
		{"POST /items/{id}/delete", "/items/{item}/delete", v("confirm", "on"), managers, true},
		{"POST /items/{id}/move", "/items/{item}/move", v("dir", "down"), managers, false},
		{"GET /groups/{id}", "/groups/{group}", nil, groupWorkers, false},
		{"GET /groups/{id}/members", "/groups/{group}/members", nil, members, false},
		{"POST /groups/{id}/statements", "/groups/{group}/statements", v("text", "Open more regular pathways.", "kind", "recommendation", "lang", "en"), groupWorkers, false},
		{"GET /groups/{id}/vote", "/groups/{group}/vote", nil, groupWorkers, false},
		{"GET /groups/{id}/live", "/groups/{group}/live", nil, groupWorkers, false},
		{"GET /groups/{id}/live/events", "/groups/{group}/live/events", nil, groupWorkers, false},
		{"POST /groups/{id}/merges", "/groups/{group}/merges", v("into", "{statement}", "from", "{statement2}"), groupWorkers, true},
		{"POST /merges/{id}/undo", "/merges/{merge}/undo", nil, groupWorkers, true},
		// Only members of the group rank; anyone in the meeting sees the
		// totals; the rapporteur and the secretariat write the report.
		{"GET /groups/{id}/rank", "/groups/{group}/rank?part={part}", nil, []string{"rapporteur"}, false},
		{"POST /groups/{id}/rank", "/groups/{group}/rank", v("part", "{part}", "method", "schulze", "version", "0"), []string{"rapporteur"}, true},
		{"GET /groups/{id}/results", "/groups/{group}/results?part={part}", nil, members, false},
		{"GET /groups/{id}/report", "/groups/{group}/report?part={part}", nil, members, false},
		{"POST /groups/{id}/report", "/groups/{group}/report", v("part", "{part}", "lang", "en", "follow_up_en", "The Rabat Process.", "version", "0"), []string{"admin", "secretariat", "rapporteur"}, true},
		{"POST /groups/{id}/report/submit", "/groups/{group}/report/submit", v("part", "{part}", "version", "1"), []string{"admin", "secretariat", "rapporteur"}, false},
		{"POST /groups/{id}/report/reopen", "/groups/{group}/report/reopen", v("part", "{part}", "version", "1"), managers, false},
		{"GET /parts/{id}/ranking/settings", "/parts/{part}/ranking/settings", nil, managers, false},
		{"POST /parts/{id}/ranking/settings", "/parts/{part}/ranking/settings", v("method", "borda", "candidates", "recommendations", "score_min", "0", "score_max", "5", "open", "on", "version", "0"), managers, true},
		{"GET /meetings/{id}/reports", "/meetings/{meeting}/reports", nil, managers, false},
		// Anyone in the meeting reads the plenary's synthesis; the chair
		// and the secretariat edit its themes.
		{"GET /meetings/{id}/plenary", "/meetings/{meeting}/plenary?part={part}", nil, members, false},
		// The projector view too: a chair or the secretariat puts it on the screen.
		{"GET /meetings/{id}/projector", "/meetings/{meeting}/projector?part={part}", nil, members, false},
		{"GET /meetings/{id}/projector/events", "/meetings/{meeting}/projector/events", nil, members, false},
		{"POST /meetings/{id}/plenary/themes", "/meetings/{meeting}/plenary/themes", v("part", "{part}", "version", "0", "op", "rename", "theme", "t00000000", "label", "Pathways"), []string{"admin", "secretariat", "chair"}, false},
		// Everyone in the meeting reads the overall recommendations; members
		// of a breakout group who may vote rank them (here the rapporteur);
		// the chair and the secretariat draw candidates from themes and
		// confirm; the secretariat reopens.
		{"GET /meetings/{id}/overall", "/meetings/{meeting}/overall?part={part}", nil, members, false},
		{"POST /meetings/{id}/overall/candidates", "/meetings/{meeting}/overall/candidates", v("part", "{part}", "theme", "t00000000", "text", "Widen regular pathways."), []string{"admin", "secretariat", "chair"}, false},
		{"POST /meetings/{id}/overall/ballot", "/meetings/{meeting}/overall/ballot", v("part", "{part}", "version", "0"), []string{"rapporteur"}, false},
		{"POST /meetings/{id}/overall/confirm", "/meetings/{meeting}/overall/confirm", v("part", "{part}", "selected", "none"), []string{"admin", "secretariat", "chair"}, false},
		{"POST /meetings/{id}/overall/reopen", "/meetings/{meeting}/overall/reopen", v("part", "{part}"), managers, false},
		// Everyone in the meeting reads where a candidate comes from.
		{"GET /meetings/{id}/overall/candidates/{cid}", "/meetings/{meeting}/overall/candidates/{overall_candidate}", nil, members, false},
		// The chair and the secretariat set the plenary's method and edit or
		// remove a candidate (after a confirmation page).
		{"POST /meetings/{id}/overall/settings", "/meetings/{meeting}/overall/settings", v("part", "{part}", "method", "borda", "score_min", "0", "score_max", "5", "version", "0"), []string{"admin", "secretariat", "chair"}, true},
		{"POST /meetings/{id}/overall/candidates/{cid}", "/meetings/{meeting}/overall/candidates/{overall_candidate}", v("part", "{part}", "text", "Widen regular pathways for work.", "version", "1"), []string{"admin", "secretariat", "chair"}, true},
		{"GET /meetings/{id}/overall/candidates/{cid}/remove", "/meetings/{meeting}/overall/candidates/{overall_candidate}/remove?part={part}", nil, []string{"admin", "secretariat", "chair"}, false},
		{"POST /meetings/{id}/overall/candidates/{cid}/remove", "/meetings/{meeting}/overall/candidates/{overall_candidate}/remove?part={part}", v("confirm", "on", "version", "1"), []string{"admin", "secretariat", "chair"}, true},
		{"POST /groups/{id}", "/groups/{group}", v("name", "Renamed", "version", "1"), managers, true},
		{"POST /groups/{id}/delete", "/groups/{group}/delete", v("confirm", "on"), managers, true},
		{"POST /groups/{id}/members", "/groups/{group}/members", v("membership", "{membership}"), managers, true},
		{"POST /memberships/{id}/delete", "/memberships/{membership}/delete", nil, managers, true},
		{"POST /invitations/{id}/revoke", "/invitations/{invitation}/revoke", nil, managers, true},
		{"GET /bodies", "/bodies", nil, anyUser, false},
		{"GET /bodies/new", "/bodies/new", nil, bodyAdmin, false},
		{"POST /bodies", "/bodies", v("name", "New body", "kind", "ngo"), bodyAdmin, true},
		{"GET /bodies/{id}", "/bodies/{body}", nil, anyUser, false},
		{"GET /registry/overlap", "/registry/overlap", nil, anyUser, false},
		{"GET /registry/regions", "/registry/regions", nil, anyUser, false},
		{"POST /registry/regions/map", "/registry/regions/map", v("text", "Atlantis", "region_id", "002"), bodyAdmin, true},
		{"GET /registry/partner-types", "/registry/partner-types", nil, anyUser, false},
		{"POST /registry/partner-types", "/registry/partner-types", v("version", "0", "id", "foundation", "name_en", "Foundation"), bodyAdmin, true},
		{"GET /bodies/{id}/edit", "/bodies/{body}/edit", nil, bodyAdmin, false},
		{"POST /bodies/{id}", "/bodies/{body}", v("name", "Body", "kind", "rcp", "version", "1", "country_codes", "FR"), bodyAdmin, true},
		{"GET /frameworks", "/frameworks", nil, anyUser, false},
		{"POST /frameworks", "/frameworks", v("code", "sdg", "name", "SDG targets", "lang", "en", "text", "code,title\n10.7,Migration policies\n"), bodyAdmin, true},
		{"GET /frameworks/{id}", "/frameworks/{framework}", nil, anyUser, false},
		{"POST /frameworks/{id}/labels", "/frameworks/{framework}/labels", v("lang", "fr", "text", "code,title\nO1,Données\n"), bodyAdmin, true},
		{"GET /password/forgot", "/password/forgot", nil, everyone, false},
		{"POST /password/forgot", "/password/forgot", v("email", "someone@example.org"), everyone, false},
		{"GET /reset/{token}", "/reset/{reset_token}", nil, everyone, false},
		{"POST /reset/{token}", "/reset/{reset_token}", v("password", "a long new password", "password2", "a long new password"), everyone, true},
		{"POST /account/mail", "/account/mail", v("mode_voting", "digest"), anyUser, false},
		{"GET /unsubscribe/{token}", "/unsubscribe/{unsubscribe_token}", nil, everyone, false},
		{"POST /unsubscribe/{token}", "/unsubscribe/{unsubscribe_token}", nil, everyone, false},
		{"GET /admin/outbox", "/admin/outbox", nil, admins, false},
		{"POST /admin/outbox/{id}/retry", "/admin/outbox/{mail}/retry", nil, admins, true},
		// The demo's mailbox exists only in the demo: nobody reads it here.
		{"GET /admin/mailbox", "/admin/mailbox", nil, nil, false},
		{"GET /admin/users", "/admin/users", nil, admins, false},
		{"GET /admin/users/new", "/admin/users/new", nil, admins, false},
		{"POST /admin/users", "/admin/users", v("name", "N", "email", "n@example.org", "password", "long enough password"), admins, true},
		{"GET /admin/users/{id}/edit", "/admin/users/{user}/edit", nil, admins, false},
		{"POST /admin/users/{id}", "/admin/users/{user}", v("name", "D", "email", "delegate@example.org", "version", "1"), admins, true},
		{"GET /history/{type}/{id}", "/history/meeting/{meeting}", nil, managers, false},
		// The outcome document: its state to every member; drafts to the
		// participants; the secretariat drafts, edits, opens and closes
		// rounds, publishes and translates; delegations amend; the
		// secretariat and the chair decide; the chair adopts. The
		// fixture's document is open for amendments, so that changes
		// of the text answer 409 (let through, then refused by state).
		// Commitments are the process's: its members read them, its
		// secretariat makes and changes them; the adopted meeting's
		// recommendations are read by those who see that meeting.
		{"GET /processes/{id}/commitments", "/processes/{process}/commitments?status=planned", nil, members, false},
		{"GET /processes/{id}/commitments/new", "/processes/{process}/commitments/new", nil, managers, false},
		{"POST /processes/{id}/commitments", "/processes/{process}/commitments", v("title", "T", "text", "X", "lang", "en", "owner", "{body}"), managers, false},
		{"GET /processes/{id}/commitments/export", "/processes/{process}/commitments/export?format=csv", nil, members, false},
		{"GET /processes/{id}/commitments/import", "/processes/{process}/commitments/import", nil, managers, false},
		{"POST /processes/{id}/commitments/import", "/processes/{process}/commitments/import", nil, managers, false},
		{"GET /processes/{id}/commitments/template", "/processes/{process}/commitments/template?format=xlsx", nil, managers, false},
		{"GET /commitments/{id}", "/commitments/{fu_commitment}", nil, members, false},
		{"GET /commitments/{id}/edit", "/commitments/{fu_commitment}/edit", nil, managers, false},
		{"POST /commitments/{id}", "/commitments/{fu_commitment}", v("title", "T", "text", "X", "lang", "en", "owner", "{body}", "version", "1"), managers, true},
		{"POST /commitments/{id}/status", "/commitments/{fu_commitment}/status", v("status", "on_track", "version", "1"), managers, true},
		{"GET /commitments/{id}/delete", "/commitments/{fu_commitment}/delete", nil, managers, false},
		{"GET /commitments/{id}/translations", "/commitments/{fu_commitment}/translations?into=fr", nil, managers, false},
		{"POST /commitments/{id}/translations/{lang}", "/commitments/{fu_commitment}/translations/fr", v("title", "Plateforme", "text", "Texte.", "version", "1"), managers, true},
		{"POST /commitments/{id}/translations/{lang}/delete", "/commitments/{commitment}/translations/es/delete", v("version", "2"), managers, true},
		{"POST /commitments/{id}/delete", "/commitments/{fu_commitment}/delete?version=1", v("confirm", "on"), managers, true},
		{"POST /commitments/{id}/indicators", "/commitments/{fu_commitment}/indicators", v("name", "Staff trained"), managers, false},
		{"GET /indicators/{id}/edit", "/indicators/{fu_indicator}/edit", nil, managers, false},
		{"POST /indicators/{id}", "/indicators/{fu_indicator}", v("name", "Renamed", "version", "1"), managers, true},
		{"GET /indicators/{id}/delete", "/indicators/{fu_indicator}/delete", nil, managers, false},
		{"POST /indicators/{id}/delete", "/indicators/{fu_indicator}/delete?version=1", v("confirm", "on"), managers, true},
		{"GET /meetings/{id}/outcome/recommendations", "/meetings/{adopted_meeting}/outcome/recommendations", nil, managers, false},
		{"GET /meetings/{id}/outcome", "/meetings/{meeting}/outcome", nil, members, false},
		{"POST /meetings/{id}/outcome", "/meetings/{meeting}/outcome", v("lang", "en"), managers, false},
		{"GET /meetings/{id}/outcome/diff", "/meetings/{meeting}/outcome/diff?from=1&to=1", nil, draftReaders, false},
		{"POST /meetings/{id}/outcome/section", "/meetings/{meeting}/outcome/section", v("key", "participants", "version", "1", "heading", "Bodies"), managers, false},
		{"POST /meetings/{id}/outcome/regenerate", "/meetings/{meeting}/outcome/regenerate", v("key", "participants", "version", "1"), managers, false},
		{"POST /meetings/{id}/outcome/freeze", "/meetings/{meeting}/outcome/freeze", v("key", "participants", "version", "1"), managers, false},
		{"GET /meetings/{id}/outcome/open", "/meetings/{meeting}/outcome/open", nil, managers, false},
		{"POST /meetings/{id}/outcome/open", "/meetings/{meeting}/outcome/open", v("version", "1", "deadline", "2099-01-01T12:00", "confirm", "on"), managers, false},
		{"POST /meetings/{id}/outcome/close", "/meetings/{meeting}/outcome/close", nil, managers, false},
		{"GET /meetings/{id}/outcome/amend", "/meetings/{meeting}/outcome/amend?block={outcome_block}", nil, delegations, false},
		{"POST /meetings/{id}/outcome/amendments", "/meetings/{meeting}/outcome/amendments", v("block", "{outcome_block}", "op", "delete", "lang", "en", "justification", "Not needed."), delegations, true},
		{"POST /meetings/{id}/outcome/amendments/{aid}/support", "/meetings/{meeting}/outcome/amendments/{amendment}/support", nil, delegations, false},
		{"POST /meetings/{id}/outcome/amendments/{aid}/withdraw", "/meetings/{meeting}/outcome/amendments/{amendment}/withdraw", v("version", "1"), delegations, true},
		{"POST /meetings/{id}/outcome/amendments/{aid}/decide", "/meetings/{meeting}/outcome/amendments/{amendment}/decide", v("version", "1", "decision", "reject", "reason", "Not now."), deciders, true},
		{"POST /meetings/{id}/outcome/silence", "/meetings/{meeting}/outcome/silence", v("reason", "We object."), delegations, false},
		{"GET /meetings/{id}/outcome/adopt", "/meetings/{meeting}/outcome/adopt", nil, chairs, false},
		{"POST /meetings/{id}/outcome/adopt", "/meetings/{meeting}/outcome/adopt", v("version", "1", "confirm", "on"), chairs, false},
		{"GET /meetings/{id}/outcome/publish", "/meetings/{meeting}/outcome/publish", nil, managers, false},
		{"POST /meetings/{id}/outcome/publish", "/meetings/{meeting}/outcome/publish", v("publish", "on", "confirm", "on"), managers, false},
		{"GET /meetings/{id}/outcome/translate", "/meetings/{meeting}/outcome/translate?to=fr", nil, managers, false},
		{"POST /meetings/{id}/outcome/translations", "/meetings/{meeting}/outcome/translations", v("lang", "fr", "version", "1", "status", "translated", "part", "title", "tr.title", "Document final"), managers, true},
		// Anyone, without an account, reads a published outcome document.
		{"GET /meetings/{id}/outcome/export", "/meetings/{meeting}/outcome/export?format=md", nil, draftReaders, false},
		{"GET /p/{id}", "/p/{published_meeting}", nil, everyone, false},
		{"GET /p/{id}/export", "/p/{published_meeting}/export?format=md&lang=fr", nil, everyone, false},
		// Progress reports: the delegate reports for the commitment's
		// owner (the fixture's body); the secretariat reviews; a draft is
		// its owners' alone.
		{"GET /commitments/{id}/reports/new", "/commitments/{commitment}/reports/new", nil, reporters, false},
		{"POST /commitments/{id}/reports", "/commitments/{commitment}/reports", v("period_from", "2025-01-01", "period_to", "2025-06-30", "status", "on_track", "lang", "en",
			"narrative", "Half a year.", "row", "0", "indicator.0", "{indicator}", "on.0", "2025-06-30", "value.0", "1 234,5"), reporters, false},
		{"GET /reports/{id}", "/reports/{report}", nil, reportReaders, false},
		{"GET /reports/{id}/edit", "/reports/{draft_report}/edit", nil, reporters, false},
		{"POST /reports/{id}", "/reports/{draft_report}", v("version", "2", "period_from", "2023-01-01", "period_to", "2023-12-31", "status", "at_risk", "lang", "en", "narrative", "Changed."), reporters, true},
		{"POST /reports/{id}/submit", "/reports/{draft_report}/submit", v("version", "1"), reporters, true},
		{"POST /reports/{id}/accept", "/reports/{report}/accept", v("version", "2"), managers, true},
		{"POST /reports/{id}/return", "/reports/{report}/return", v("version", "2", "reason", "Give the figure by sex."), managers, true},
		{"POST /reports/{id}/delete", "/reports/{draft_report}/delete", v("version", "1"), reporters, true},
		{"POST /reports/{id}/attachments", "/reports/{draft_report}/attachments", nil, reporters, false},
		{"GET /reports/{id}/attachments/{aid}", "/reports/{draft_report}/attachments/{report_attachment}", nil, reporters, false},
		{"POST /reports/{id}/attachments/{aid}/delete", "/reports/{draft_report}/attachments/{report_attachment}/delete", nil, reporters, true},
		// Review cycles: every member of the process reads them; the
		// process's secretariat runs them.
		{"GET /processes/{id}/cycles", "/processes/{process}/cycles", nil, members, false},
		{"POST /processes/{id}/cycles", "/processes/{process}/cycles", v("name", "IMRF 2098", "deadline", "2098-03-31", "languages", "en"), managers, false},
		{"GET /processes/{id}/reminders", "/processes/{process}/reminders?days=30", nil, managers, false},
		{"POST /processes/{id}/reminders", "/processes/{process}/reminders", v("days", "30"), managers, false},
		{"GET /cycles/{id}", "/cycles/{cycle}", nil, members, false},
		{"POST /cycles/{id}", "/cycles/{cycle}", v("version", "1", "name", "Regional review 2030", "deadline", "2030-06-30", "commitments", "{commitment}"), managers, true},
		{"POST /cycles/{id}/close", "/cycles/{cycle}/close", v("version", "1"), managers, true},
		{"GET /cycles/{id}/report", "/cycles/{closed_cycle}/report", nil, members, false},
		{"GET /cycles/{id}/report/diff", "/cycles/{closed_cycle}/report/diff?lang=en&from=1&to=1", nil, members, false},
		{"POST /cycles/{id}/report/section", "/cycles/{closed_cycle}/report/section?lang=en", v("version", "1", "key", "summary", "heading", "Summary", "block", "0", "kind.0", "paragraph", "text.0", "Ours."), managers, true},
		{"POST /cycles/{id}/report/regenerate", "/cycles/{closed_cycle}/report/regenerate", nil, managers, true},
		{"POST /cycles/{id}/report/finalise", "/cycles/{closed_cycle}/report/finalise", v("lang", "en", "version", "1"), managers, true},
		{"GET /cycles/{id}/report/export", "/cycles/{closed_cycle}/report/export?format=md", nil, members, false},
		{"POST /account/notifications/read", "/account/notifications/read", nil, anyUser, false},
		// The process's partnerships: read by everyone in the process,
		// recorded, changed and made from proposals by the secretariat,
		// who alone sees matchmaking suggestions.
		{"GET /processes/{id}/partnerships", "/processes/{process}/partnerships", nil, members, false},
		{"GET /processes/{id}/partnerships/export", "/processes/{process}/partnerships/export?format=xlsx", nil, members, false},
		{"GET /processes/{id}/partnerships/new", "/processes/{process}/partnerships/new", nil, managers, false},
		{"POST /processes/{id}/partnerships", "/processes/{process}/partnerships", url.Values{"title": {"New"}, "purpose": {"P"}, "phase": {"preparation"},
			"mechanism": {"funding"}, "parties": {"{body}", "{body2}"}}, managers, false},
		{"GET /processes/{id}/network", "/processes/{process}/network", nil, members, false},
		{"GET /processes/{id}/bodies/{bid}/engagement", "/processes/{process}/bodies/{body}/engagement", nil, members, false},
		{"GET /partnerships/{id}", "/partnerships/{partnership}", nil, members, false},
		{"GET /partnerships/{id}/edit", "/partnerships/{partnership}/edit", nil, managers, false},
		{"POST /partnerships/{id}", "/partnerships/{partnership}", url.Values{"title": {"Changed"}, "purpose": {"P"}, "phase": {"preparation"}, "mechanism": {"funding"},
			"status": {"agreed"}, "parties": {"{body}", "{body2}"}, "version": {"1"}}, managers, true},
		{"GET /partnerships/{id}/delete", "/partnerships/{partnership}/delete", nil, managers, false},
		{"POST /partnerships/{id}/delete", "/partnerships/{partnership}/delete?version=1", v("confirm", "on"), managers, true},
		{"GET /contributions/{id}/partnership", "/contributions/{proposal}/partnership", nil, managers, false},
		{"POST /contributions/{id}/partnership", "/contributions/{proposal}/partnership", url.Values{"title": {"Made"}, "purpose": {"P"}, "phase": {"preparation"},
			"mechanism": {"funding"}, "parties": {"{body}", "{body2}"}}, managers, true},
		{"GET /contributions/{id}/matches", "/contributions/{proposal}/matches", nil, managers, false},
		{"GET /commitments/{id}/matches", "/commitments/{commitment}/matches", nil, managers, false},
		{"POST /partnerships/{id}/documents", "/partnerships/{partnership}/documents", nil, managers, false},
		{"GET /partnerships/{id}/documents/{did}", "/partnerships/{partnership}/documents/{partnership_document}", nil, members, false},
		{"POST /partnerships/{id}/documents/{did}/delete", "/partnerships/{partnership}/documents/{partnership_document}/delete", v("confirm", "on"), managers, true},
	}
}

// TestEveryRouteWithEveryRole asks every page route as every role and
// checks that exactly the allowed roles get through: the others are sent
// to the login page (anonymous), refused (403) or told it does not exist
// (404, so that existence does not leak).
func TestEveryRouteWithEveryRole(t *testing.T) {
	t.Parallel()
	cases := routeCases()
	shared := newFixture(t)
	var covered []string
	for _, c := range cases {
		covered = append(covered, c.pattern)
	}
	registered := shared.srv.Routes()
	sort.Strings(covered)
	sort.Strings(registered)
	if !slices.Equal(covered, registered) {
		t.Fatalf("the role matrix does not cover the routes exactly:\nregistered %v\ncovered    %v", registered, covered)
	}
	for _, c := range cases {
		method := strings.SplitN(c.pattern, " ", 2)[0]
		for _, role := range roles {
			t.Run(c.pattern+"/"+role, func(t *testing.T) {
				t.Parallel()
				f := shared
				if c.destructive {
					f = newFixture(t)
				}
				form := url.Values{}
				for k, v := range c.form {
					form[k] = append([]string(nil), v...)
				}
				rec := f.do(t, role, method, c.path, form)
				loc := rec.Header().Get("Location")
				denied := rec.Code == http.StatusForbidden || rec.Code == http.StatusNotFound || strings.HasPrefix(loc, "/login?")
				if rec.Code >= 500 {
					t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
				}
				want := slices.Contains(c.allowed, role)
				if want && denied {
					t.Fatalf("%s was refused (status %d, location %q); it should be allowed", role, rec.Code, loc)
				}
				if !want && !denied {
					t.Fatalf("%s got status %d (location %q); it should be refused", role, rec.Code, loc)
				}
				if role == "anonymous" && !want && !strings.HasPrefix(loc, "/login?") {
					t.Fatalf("anonymous was not sent to the login page: status %d", rec.Code)
				}
			})
		}
	}
}
