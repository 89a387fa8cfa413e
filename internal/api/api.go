// Package api serves plenary's JSON API under /api/v1: bodies, processes,
// meetings and their agendas, breakout groups, memberships, contributions
// (search, workflow, versions, translations, attachments), the plenary's
// synthesis, meetings' outcome documents (versions, amendments, adoption,
// publication, translations, exports), the audit trail and user accounts,
// with the OpenAPI 3.1 document that describes it at /api/v1/openapi.json.
//
// Every request but the document's and a published outcome document's
// carries an API token
// ("Authorization: Bearer <token>"); handlers check the caller's role with
// the [domain.Actor] permission methods, or leave it to the use case they
// call (package deliberation for the breakout groups, the same the pages
// call), and answer 404 for objects the caller may not see, so that the API
// does not reveal what exists.
package api

import (
	_ "embed"
	"log/slog"
	"net/http"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/calendar"
	"github.com/plenary-org/plenary/internal/contribution"
	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/httperr"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/structure"
	"github.com/plenary-org/plenary/internal/synthesis"
	"github.com/plenary-org/plenary/internal/texts"
	"github.com/plenary-org/plenary/internal/themes"
)

//go:embed openapi.json
var openAPIDoc []byte

// Server is the API's handler. Build it with [New].
type Server struct {
	db  *store.DB
	log *slog.Logger
	mux *http.ServeMux
	// accounts runs API tokens, accounts and invitations (see WithAccounts).
	accounts *account.Service
	live     *live.Service // takes votes; nil turns voting off
	// delib runs the breakout groups' use cases.
	delib *deliberation.Service
	// contribs runs the contributions' workflow.
	contribs *contribution.Service
	// themes translates words for the themes engine (see WithThemes).
	themes themes.Translator
	// synth runs the plenary's use cases (package synthesis).
	synth *synthesis.Service
	// outcome runs the outcome document's use cases.
	outcome *outcome.Service
	// followup runs the commitments' and indicators' use cases.
	followup *followup.Service
	// partnership runs the registry's partnerships.
	partnership *partnership.Service
	// calendar runs meeting times and calendars.
	calendar *calendar.Service
	// texts runs the translations of names and texts.
	texts *texts.Service
	// mail runs the e-mail preferences' use cases.
	mail *mail.Service
	// structure runs the use cases that shape meetings.
	structure *structure.Service
}

// route is one registered endpoint. The table in [Server.routes] is the only
// place routes are declared, so that the OpenAPI test can compare it with
// the document.
type route struct {
	method  string
	path    string
	public  bool // served without a token
	handler func(w http.ResponseWriter, r *http.Request)
}

// pattern returns the route's net/http ServeMux pattern.
func (rt route) pattern() string { return rt.method + " " + rt.path }

// New returns the API handler for paths that begin with /api/v1/. log
// receives internal errors; nil discards them.
func New(db *store.DB, log *slog.Logger, opts ...Option) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{db: db, log: log, mux: http.NewServeMux()}
	for _, o := range opts {
		o(s)
	}
	if s.accounts == nil {
		s.accounts = account.New(db, account.Options{})
	}
	s.synth = synthesis.New(db, s.live, s.themes)
	s.delib = deliberation.New(db, s.live)
	s.contribs = contribution.New(db)
	s.outcome = outcome.New(db, s.synth, s.delib, catalog())
	s.followup = followup.New(db).WithCatalog(catalog())
	s.partnership = partnership.New(db, s.themes)
	s.calendar = calendar.New(db)
	s.structure = structure.New(db)
	s.texts = texts.New(db)
	s.mail = mail.NewService(db, mail.NewComposer(catalog(), db, ""), nil)
	for _, rt := range s.routes() {
		h := http.HandlerFunc(rt.handler)
		if !rt.public {
			h = s.authenticate(h)
		}
		s.mux.Handle(rt.pattern(), h)
	}
	return s
}

const prefix = "/api/v1"

// routes lists every endpoint of the API.
func (s *Server) routes() []route {
	return append([]route{
		{method: "GET", path: prefix + "/openapi.json", public: true, handler: s.openAPI},
		{method: "GET", path: prefix + "/me", handler: s.me},
		{method: "POST", path: prefix + "/invitations/accept", handler: s.acceptInvitation},

		{method: "GET", path: prefix + "/bodies", handler: s.listBodies},
		{method: "POST", path: prefix + "/bodies", handler: s.createBody},
		{method: "GET", path: prefix + "/bodies/{id}", handler: s.getBody},
		{method: "PUT", path: prefix + "/bodies/{id}", handler: s.updateBody},
		{method: "GET", path: prefix + "/regions", handler: s.listRegions},

		{method: "GET", path: prefix + "/processes", handler: s.listProcesses},
		{method: "POST", path: prefix + "/processes", handler: s.createProcess},
		{method: "GET", path: prefix + "/processes/{id}", handler: s.getProcess},
		{method: "PUT", path: prefix + "/processes/{id}", handler: s.updateProcess},
		{method: "GET", path: prefix + "/processes/{id}/meetings", handler: s.listMeetings},
		{method: "POST", path: prefix + "/processes/{id}/meetings", handler: s.createMeeting},
		{method: "GET", path: prefix + "/processes/{id}/members", handler: s.listProcessMembers},
		{method: "POST", path: prefix + "/processes/{id}/members", handler: s.addProcessMember},

		{method: "GET", path: prefix + "/meetings/{id}", handler: s.getMeeting},
		{method: "PUT", path: prefix + "/meetings/{id}", handler: s.updateMeeting},
		{method: "DELETE", path: prefix + "/meetings/{id}", handler: s.deleteMeeting},
		{method: "GET", path: prefix + "/meetings/{id}/agenda", handler: s.getAgenda},
		{method: "PUT", path: prefix + "/meetings/{id}/schedule", handler: s.putSchedule},
		{method: "GET", path: prefix + "/meetings/{id}/calendar", handler: s.getMeetingCalendar},
		{method: "POST", path: prefix + "/meetings/{id}/sessions", handler: s.createSession},
		{method: "POST", path: prefix + "/meetings/{id}/items", handler: s.createItem},
		{method: "GET", path: prefix + "/meetings/{id}/groups", handler: s.listGroups},
		{method: "POST", path: prefix + "/meetings/{id}/groups", handler: s.createGroup},
		{method: "GET", path: prefix + "/meetings/{id}/members", handler: s.listMeetingMembers},
		{method: "POST", path: prefix + "/meetings/{id}/members", handler: s.addMeetingMember},
		{method: "GET", path: prefix + "/meetings/{id}/audit", handler: s.meetingAudit},
		{method: "POST", path: prefix + "/meetings/{id}/contributions", handler: s.createContribution},
		{method: "POST", path: prefix + "/meetings/{id}/contributions/import", handler: s.importContributions},

		{method: "GET", path: prefix + "/contributions", handler: s.searchContributions},
		{method: "GET", path: prefix + "/contributions/export", handler: s.exportContributions},
		{method: "GET", path: prefix + "/contributions/template", handler: s.contributionTemplate},
		{method: "GET", path: prefix + "/contributions/{id}", handler: s.getContribution},
		{method: "PATCH", path: prefix + "/contributions/{id}", handler: s.updateContribution},
		{method: "POST", path: prefix + "/contributions/{id}/transition", handler: s.transitionContribution},
		{method: "GET", path: prefix + "/contributions/{id}/versions", handler: s.listContributionVersions},
		{method: "GET", path: prefix + "/contributions/{id}/versions/{n}", handler: s.getContributionVersion},
		{method: "PUT", path: prefix + "/contributions/{id}/translations/{lang}", handler: s.putTranslation},
		{method: "DELETE", path: prefix + "/contributions/{id}/translations/{lang}", handler: s.deleteTranslation},
		{method: "PUT", path: prefix + "/contributions/{id}/endorsement", handler: s.putEndorsement},
		{method: "DELETE", path: prefix + "/contributions/{id}/endorsement", handler: s.deleteEndorsement},
		{method: "GET", path: prefix + "/meetings/{id}/endorsements", handler: s.listEndorsed},
		{method: "GET", path: prefix + "/meetings/{id}/overall/candidates/{cid}/provenance", handler: s.getProvenance},
		{method: "POST", path: prefix + "/contributions/{id}/attachments", handler: s.addAttachment},
		{method: "GET", path: prefix + "/attachments/{id}", handler: s.getAttachment},
		{method: "DELETE", path: prefix + "/attachments/{id}", handler: s.deleteAttachment},

		{method: "PUT", path: prefix + "/sessions/{id}", handler: s.updateSession},
		{method: "DELETE", path: prefix + "/sessions/{id}", handler: s.deleteSession},
		{method: "POST", path: prefix + "/sessions/{id}/parts", handler: s.createPart},
		{method: "PUT", path: prefix + "/parts/{id}", handler: s.updatePart},
		{method: "DELETE", path: prefix + "/parts/{id}", handler: s.deletePart},
		{method: "PUT", path: prefix + "/items/{id}", handler: s.updateItem},
		{method: "DELETE", path: prefix + "/items/{id}", handler: s.deleteItem},
		{method: "PUT", path: prefix + "/groups/{id}", handler: s.updateGroup},
		{method: "DELETE", path: prefix + "/groups/{id}", handler: s.deleteGroup},
		{method: "DELETE", path: prefix + "/memberships/{id}", handler: s.deleteMembership},

		{method: "GET", path: prefix + "/groups/{id}/statements", handler: s.listStatements},
		{method: "POST", path: prefix + "/groups/{id}/statements", handler: s.createStatement},
		{method: "POST", path: prefix + "/statements/{id}/vote", handler: s.voteStatement},
		{method: "GET", path: prefix + "/groups/{id}/ballot", handler: s.getBallot},
		{method: "PUT", path: prefix + "/groups/{id}/ballot", handler: s.putBallot},
		{method: "GET", path: prefix + "/groups/{id}/results", handler: s.groupResults},
		{method: "GET", path: prefix + "/groups/{id}/report", handler: s.getReport},
		{method: "PUT", path: prefix + "/groups/{id}/report", handler: s.putReport},
		{method: "POST", path: prefix + "/groups/{id}/report/submit", handler: s.submitReport},

		{method: "GET", path: prefix + "/meetings/{id}/plenary", handler: s.getPlenary},
		{method: "POST", path: prefix + "/meetings/{id}/plenary/themes", handler: s.editPlenaryThemes},
		{method: "GET", path: prefix + "/meetings/{id}/overall", handler: s.getOverall},
		{method: "PUT", path: prefix + "/meetings/{id}/overall/settings", handler: s.putOverallSettings},
		{method: "POST", path: prefix + "/meetings/{id}/overall/candidates", handler: s.createOverallCandidate},
		{method: "PUT", path: prefix + "/meetings/{id}/overall/candidates/{cid}", handler: s.updateOverallCandidate},
		{method: "DELETE", path: prefix + "/meetings/{id}/overall/candidates/{cid}", handler: s.deleteOverallCandidate},
		{method: "GET", path: prefix + "/meetings/{id}/overall/ballot", handler: s.getOverallBallot},
		{method: "PUT", path: prefix + "/meetings/{id}/overall/ballot", handler: s.putOverallBallot},
		{method: "POST", path: prefix + "/meetings/{id}/overall/confirm", handler: s.confirmOverallAPI},
		{method: "POST", path: prefix + "/meetings/{id}/overall/reopen", handler: s.reopenOverallAPI},

		{method: "GET", path: prefix + "/meetings/{id}/outcome", handler: s.getOutcome},
		{method: "POST", path: prefix + "/meetings/{id}/outcome", handler: s.createOutcome},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/versions", handler: s.editOutcome},
		{method: "GET", path: prefix + "/meetings/{id}/outcome/versions/{n}", handler: s.getOutcomeVersion},
		{method: "GET", path: prefix + "/meetings/{id}/outcome/diff", handler: s.diffOutcome},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/sections/{key}/regenerate", handler: s.regenerateOutcomeSection},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/sections/{key}/freeze", handler: s.freezeOutcomeSection},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/round", handler: s.openOutcomeRound},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/round/close", handler: s.closeOutcomeRound},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/silence/break", handler: s.breakOutcomeSilence},
		{method: "GET", path: prefix + "/meetings/{id}/outcome/amendments", handler: s.listOutcomeAmendments},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/amendments", handler: s.proposeAmendment},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/amendments/{aid}/support", handler: s.supportAmendment},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/amendments/{aid}/withdraw", handler: s.withdrawAmendment},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/amendments/{aid}/decision", handler: s.decideAmendment},
		{method: "POST", path: prefix + "/meetings/{id}/outcome/adopt", handler: s.adoptOutcome},
		{method: "PUT", path: prefix + "/meetings/{id}/outcome/publication", handler: s.publishOutcome},
		{method: "PUT", path: prefix + "/meetings/{id}/outcome/translations/{lang}", handler: s.putOutcomeTranslation},
		{method: "GET", path: prefix + "/meetings/{id}/outcome/export", handler: s.exportOutcome},
		{method: "GET", path: prefix + "/meetings/{id}/outcome/published", public: true, handler: s.getPublishedOutcome},
		{method: "GET", path: prefix + "/meetings/{id}/outcome/published/export", public: true, handler: s.exportPublishedOutcome},

		{method: "GET", path: prefix + "/processes/{id}/commitments", handler: s.listCommitments},
		{method: "POST", path: prefix + "/processes/{id}/commitments", handler: s.createCommitment},
		{method: "GET", path: prefix + "/processes/{id}/commitments/export", handler: s.exportCommitments},
		{method: "POST", path: prefix + "/processes/{id}/commitments/import", handler: s.importCommitments},
		{method: "GET", path: prefix + "/commitments/{id}", handler: s.getCommitment},
		{method: "PUT", path: prefix + "/commitments/{id}", handler: s.updateCommitment},
		{method: "DELETE", path: prefix + "/commitments/{id}", handler: s.deleteCommitment},

		{method: "GET", path: prefix + "/processes/{id}/partnerships", handler: s.listPartnerships},
		{method: "POST", path: prefix + "/processes/{id}/partnerships", handler: s.createPartnership},
		{method: "GET", path: prefix + "/processes/{id}/bodies/{bid}/engagement", handler: s.bodyEngagement},
		{method: "GET", path: prefix + "/partnerships/{id}", handler: s.getPartnership},
		{method: "PUT", path: prefix + "/partnerships/{id}", handler: s.updatePartnership},
		{method: "DELETE", path: prefix + "/partnerships/{id}", handler: s.deletePartnership},
		{method: "POST", path: prefix + "/contributions/{id}/partnership", handler: s.makePartnership},
		{method: "GET", path: prefix + "/contributions/{id}/matches", handler: s.partnershipMatches},
		{method: "GET", path: prefix + "/partnerships/{id}/documents", handler: s.listPartnershipDocuments},
		{method: "POST", path: prefix + "/partnerships/{id}/documents", handler: s.addPartnershipDocument},
		{method: "GET", path: prefix + "/partnerships/{id}/documents/{did}", handler: s.getPartnershipDocument},
		{method: "DELETE", path: prefix + "/partnerships/{id}/documents/{did}", handler: s.deletePartnershipDocument},

		{method: "POST", path: prefix + "/commitments/{id}/status", handler: s.changeCommitmentStatus},
		{method: "PUT", path: prefix + "/commitments/{id}/translations/{lang}", handler: s.putCommitmentTranslation},
		{method: "DELETE", path: prefix + "/commitments/{id}/translations/{lang}", handler: s.deleteCommitmentTranslation},
		{method: "GET", path: prefix + "/commitments/{id}/reports", handler: s.listProgressReports},
		{method: "POST", path: prefix + "/commitments/{id}/reports", handler: s.createProgressReport},
		{method: "GET", path: prefix + "/reports/{id}", handler: s.getProgressReport},
		{method: "PUT", path: prefix + "/reports/{id}", handler: s.updateProgressReport},
		{method: "DELETE", path: prefix + "/reports/{id}", handler: s.deleteProgressReport},
		{method: "POST", path: prefix + "/reports/{id}/submit", handler: s.submitProgressReport},
		{method: "POST", path: prefix + "/reports/{id}/accept", handler: s.acceptProgressReport},
		{method: "POST", path: prefix + "/reports/{id}/return", handler: s.returnProgressReport},
		{method: "GET", path: prefix + "/reports/{id}/attachments", handler: s.listReportAttachments},
		{method: "POST", path: prefix + "/reports/{id}/attachments", handler: s.addReportAttachment},
		{method: "GET", path: prefix + "/reports/{id}/attachments/{aid}", handler: s.getReportAttachment},
		{method: "DELETE", path: prefix + "/reports/{id}/attachments/{aid}", handler: s.deleteReportAttachment},
		{method: "GET", path: prefix + "/processes/{id}/cycles", handler: s.listCycles},
		{method: "POST", path: prefix + "/processes/{id}/cycles", handler: s.openCycle},
		{method: "GET", path: prefix + "/processes/{id}/reminders", handler: s.getReminders},
		{method: "POST", path: prefix + "/processes/{id}/reminders", handler: s.sendReminders},
		{method: "GET", path: prefix + "/cycles/{id}", handler: s.getCycle},
		{method: "PUT", path: prefix + "/cycles/{id}", handler: s.updateCycle},
		{method: "POST", path: prefix + "/cycles/{id}/close", handler: s.closeCycle},
		{method: "GET", path: prefix + "/cycles/{id}/report", handler: s.getReviewReport},
		{method: "POST", path: prefix + "/cycles/{id}/report/sections/{key}", handler: s.editReviewReportSection},
		{method: "POST", path: prefix + "/cycles/{id}/report/regenerate", handler: s.regenerateReviewReport},
		{method: "POST", path: prefix + "/cycles/{id}/report/finalise", handler: s.finaliseReviewReport},
		{method: "GET", path: prefix + "/cycles/{id}/report/export", handler: s.exportReviewReport},
		{method: "GET", path: prefix + "/me/follow-up", handler: s.myFollowUp},
		{method: "POST", path: prefix + "/me/notifications/read", handler: s.markNotificationsRead},
		{method: "GET", path: prefix + "/me/mail-preferences", handler: s.getMailPreferences},
		{method: "PUT", path: prefix + "/me/mail-preferences", handler: s.putMailPreferences},
		{method: "GET", path: prefix + "/me/identities", handler: s.listIdentities},
		{method: "DELETE", path: prefix + "/me/identities/{id}", handler: s.unlinkIdentity},
		{method: "GET", path: prefix + "/commitments/{id}/indicators", handler: s.listIndicators},
		{method: "POST", path: prefix + "/commitments/{id}/indicators", handler: s.createIndicator},
		{method: "GET", path: prefix + "/indicators/{id}", handler: s.getIndicator},
		{method: "PUT", path: prefix + "/indicators/{id}", handler: s.updateIndicator},
		{method: "DELETE", path: prefix + "/indicators/{id}", handler: s.deleteIndicator},
		{method: "GET", path: prefix + "/contributions/{id}/commitments", handler: s.contributionCommitments},
		{method: "GET", path: prefix + "/meetings/{id}/outcome/recommendations", handler: s.outcomeRecommendations},

		{method: "GET", path: prefix + "/frameworks", handler: s.listFrameworks},
		{method: "GET", path: prefix + "/frameworks/{id}", handler: s.getFramework},

		{method: "GET", path: prefix + "/audit", handler: s.audit},

		{method: "GET", path: prefix + "/users", handler: s.listUsers},
		{method: "POST", path: prefix + "/users", handler: s.createUser},
		{method: "GET", path: prefix + "/users/{id}", handler: s.getUser},
		{method: "PUT", path: prefix + "/users/{id}", handler: s.updateUser},
	}, s.textRoutes()...)
}

// ServeHTTP dispatches r to its route. Requests that match no route get the
// API's JSON error instead of ServeMux's plain-text 404 and 405 pages.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if err := checkRequestText(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	status, allow, unrouted := httperr.Unrouted(s.mux, r)
	if !unrouted {
		s.mux.ServeHTTP(w, r)
		return
	}
	if status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", allow)
		s.writeError(w, r, &requestError{status: status, code: "method_not_allowed",
			msg: r.Method + " is not allowed on this path; allowed: " + allow,
			key: "error.api_method_not_allowed", args: []any{r.Method, allow}})
		return
	}
	s.writeError(w, r, &requestError{status: http.StatusNotFound, code: "not_found", msg: "no such API path: " + r.URL.Path,
		key: "error.api_no_such_path", args: []any{r.URL.Path}})
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openAPIDoc)
}
