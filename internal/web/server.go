// Package web serves plenary's HTML pages: server-rendered, accessible,
// usable without JavaScript. Handlers stay thin: parse the request, call
// the use case (package deliberation for the breakout groups) or, where
// there is none yet, check the actor's permission and call the store, and
// render a typed view.
package web

import (
	"context"
	"errors"
	"fmt"
	"golang.org/x/sync/singleflight"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/calendar"
	"github.com/plenary-org/plenary/internal/contribution"
	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/httperr"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/structure"
	"github.com/plenary-org/plenary/internal/synthesis"
	"github.com/plenary-org/plenary/internal/texts"
	"github.com/plenary-org/plenary/internal/themes"
)

// Config is what the web server needs.
type Config struct {
	DB      *store.DB
	Catalog *locale.Catalog
	Log     *slog.Logger
	// SecureCookies marks cookies Secure; on unless serving plain HTTP
	// on a loopback address for a laptop.
	SecureCookies bool
	// BaseURL is the public address, for links in invitations; when empty
	// the request's host is used.
	BaseURL string
	// API serves /api/v1/.
	API http.Handler
	// Live takes votes and analyses conversations; nil turns voting off.
	Live *live.Service
	// Themes translates words between languages for the themes engine
	// (bilingual dictionaries), so that the plenary's themes group
	// statements written in different languages; nil compares each
	// language with itself only. When it also implements
	// themes.WordVectors, English statements are compared on those word
	// vectors too.
	Themes themes.Translator
	// Extra routes (health, metrics) mounted as they are.
	Extra map[string]http.Handler
	// Accounts runs logins, passwords, API tokens and invitations; nil
	// makes one with the defaults (see account.New). Give the pages and
	// the API the same one, so that they share its cap on password
	// hashing.
	Accounts *account.Service
	// Observe, when set, is told of every request answered (method,
	// status, time taken), for the metrics: counted where each request is
	// logged, with no wrapper of its own around every response.
	Observe func(method string, status int, d time.Duration)
	// ActorCacheTTL, when positive, is how long who is behind a session is
	// kept in memory between requests (see actorCache); 0 reads it from the
	// database on every request.
	ActorCacheTTL time.Duration
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For header names the client; requests from anywhere else
	// are taken at their connection's address.
	TrustedProxies []netip.Prefix
	// Mail runs the e-mail use cases (preferences, unsubscribe, the
	// outbox); nil makes one that only fills the outbox. MailOn says that
	// a sender delivers it (the pages offer to send invitations).
	Mail   *mail.Service
	MailOn bool
	// Mailbox, when set, is the demo's mailbox the administrator reads.
	Mailbox *mail.Mailbox
}

// Server is the web application.
type Server struct {
	cfg      Config
	db       *store.DB
	accounts *account.Service
	cat      *locale.Catalog
	log      *slog.Logger
	tmpl     *templates
	assets   *assets
	mux      *http.ServeMux
	routes   []route

	// synth runs the plenary's use cases (package synthesis); delib the
	// breakout groups' (package deliberation).
	synth *synthesis.Service
	delib *deliberation.Service
	// contribs runs the contributions' workflow (package contribution).
	contribs *contribution.Service
	// outcomes runs the outcome document's use cases (package outcome).
	outcomes *outcome.Service
	// followups runs the follow-up's use cases (package followup).
	followups *followup.Service
	// dashboards keeps the dashboards' drawings (dashcache.go).
	dashboards *drawnDashboards
	// facetDrawings keeps the contribution lists' filters with their
	// counts, drawn (drawContribFacets).
	facetDrawings *drawnDashboards
	// partners runs the registry's partnerships (package partnership).
	partners *partnership.Service
	// cal runs meeting times and calendars (package calendar).
	cal *calendar.Service
	// texts runs the translations of names and texts (package texts).
	texts *texts.Service
	// mail runs the e-mail use cases (package mail).
	mail *mail.Service
	// structure runs the use cases that shape meetings (package structure).
	structure *structure.Service

	actors *actorCache
	// actorLoads merges the reads of one session's actor that arrive
	// together (loadActor).
	actorLoads singleflight.Group
	closing    chan struct{} // closed by CloseStreams
	closeOnce  sync.Once
}

// CloseStreams ends every open event stream, so that a graceful shutdown
// does not wait for browsers that would stay connected for ever. Browsers
// reconnect to another instance by themselves.
func (s *Server) CloseStreams() { s.closeOnce.Do(func() { close(s.closing) }) }

// route is one page route, kept in a table so that tests can walk them all.
type route struct {
	pattern string // "GET /meetings/{id}"
	handler http.HandlerFunc
}

// New builds the server, parsing templates and hashing assets; it fails
// fast on a broken template.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Accounts == nil {
		cfg.Accounts = account.New(cfg.DB, account.Options{})
	}
	s := &Server{cfg: cfg, db: cfg.DB, accounts: cfg.Accounts, cat: cfg.Catalog, log: cfg.Log, mux: http.NewServeMux(), closing: make(chan struct{}), actors: newActorCache(cfg.ActorCacheTTL),
		synth: synthesis.New(cfg.DB, cfg.Live, cfg.Themes), delib: deliberation.New(cfg.DB, cfg.Live)}
	s.outcomes = outcome.New(cfg.DB, s.synth, s.delib, cfg.Catalog)
	s.contribs = contribution.New(cfg.DB)
	s.followups = followup.New(cfg.DB).WithCatalog(cfg.Catalog)
	s.dashboards = newDrawnDashboards(dashboardCacheBytes)
	s.facetDrawings = newDrawnDashboards(facetCacheBytes)
	s.partners = partnership.New(cfg.DB, cfg.Themes)
	s.cal = calendar.New(cfg.DB)
	s.structure = structure.New(cfg.DB)
	if cfg.DB != nil {
		s.texts = texts.New(cfg.DB)
	}
	s.mail = cfg.Mail
	if s.mail == nil {
		s.mail = mail.NewService(cfg.DB, mail.NewComposer(cfg.Catalog, cfg.DB, cfg.BaseURL), nil)
	}
	if s.actors != nil && cfg.DB != nil {
		cfg.DB.OnActorsChanged(s.actors.changed)
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.tmpl, err = parseTemplates(s.assets, s.cat); err != nil {
		return nil, err
	}
	s.routes = append(append(append(append(s.pageRoutes(), s.partnershipRoutes()...), s.calendarRoutes()...), s.translationRoutes()...), s.mailRoutes()...)
	for _, r := range s.routes {
		s.mux.HandleFunc(r.pattern, r.handler)
	}
	s.mux.Handle("GET /static/", s.assets)
	if cfg.API != nil {
		s.mux.Handle("/api/v1/", cfg.API)
	}
	for p, h := range cfg.Extra {
		s.mux.Handle(p, h)
	}
	return s, nil
}

// Routes returns the page route patterns, for tests.
func (s *Server) Routes() []string {
	out := make([]string, len(s.routes))
	for i, r := range s.routes {
		out[i] = r.pattern
	}
	return out
}

// Handler returns the whole application with its middleware.
// maxUploadMB bounds a request's body, an uploaded file included, in
// megabytes.
const maxUploadMB = 12

func (s *Server) Handler() http.Handler {
	var h http.Handler = http.HandlerFunc(s.serveRoutes)
	h = s.checkText(h)
	h = s.withActor(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = limitBody(h, maxUploadMB<<20)
	h = securityHeaders(h)
	h = s.recoverAndLog(h)
	return h
}

// serveRoutes hands r to its route; an address with no route, or a method
// the route does not take, gets a page in the reader's language with the
// layout (ServeMux would answer in plain English text).
func (s *Server) serveRoutes(w http.ResponseWriter, r *http.Request) {
	if id, ok := voteRoute(r); ok {
		// The vote, thousands a second in a plenary, goes straight to its
		// handler: asking the mux whether the address has a route and
		// then routing it cost more than reading the vote.
		r.SetPathValue("id", id)
		s.voteStatement(w, r)
		return
	}
	status, allow, unrouted := httperr.Unrouted(s.mux, r)
	if !unrouted {
		s.mux.ServeHTTP(w, r)
		return
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T(fmt.Sprintf("status.%d", status))
	if status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", allow)
		pg.FormError = pg.T("error.method_not_allowed")
	} else {
		pg.FormError = pg.T("error.page_not_found")
	}
	s.render(w, r, status, "error", pg)
}

// voteRoute returns the statement of a request that the route "POST
// /statements/{id}/vote" takes, as the mux would match it: a clean path
// (no segment "." or "..", no empty one) written without escapes that
// matter (RawPath empty), the id one segment.
func voteRoute(r *http.Request) (id string, ok bool) {
	if r.Method != http.MethodPost || r.URL.RawPath != "" {
		return "", false
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/statements/")
	if !ok {
		return "", false
	}
	id, ok = strings.CutSuffix(rest, "/vote")
	if !ok || id == "" || id == "." || id == ".." || strings.IndexByte(id, '/') >= 0 {
		return "", false
	}
	return id, true
}

func (s *Server) pageRoutes() []route {
	return []route{
		{"GET /{$}", s.home},
		{"GET /login", s.loginForm},
		{"POST /login", s.login},
		{"GET /login/sso/{provider}", s.signInWithProvider},
		{"GET /login/sso/{provider}/callback", s.ssoReturn},
		{"POST /logout", s.logout},
		{"POST /language", s.setLanguage},
		{"GET /invite/{token}", s.inviteForm},
		{"POST /invite/{token}", s.acceptInvite},

		{"GET /account", s.account},
		{"POST /account/password", s.changePassword},
		{"POST /account/tokens", s.createToken},
		{"POST /account/tokens/{id}/delete", s.deleteToken},
		{"GET /account/tokens/revoke", s.confirmRevokeTokens},
		{"POST /account/tokens/revoke", s.revokeTokens},
		{"POST /account/notifications/read", s.markNotificationsRead},
		{"GET /account/identities/link/{provider}", s.linkProvider},
		{"POST /account/identities/{id}/delete", s.unlinkIdentity},

		{"GET /commitments/{id}/reports/new", s.newProgressForm},
		{"POST /commitments/{id}/reports", s.createProgress},
		{"GET /reports/{id}", s.showProgress},
		{"GET /reports/{id}/edit", s.editProgressForm},
		{"POST /reports/{id}", s.updateProgress},
		{"POST /reports/{id}/submit", s.progressStep("submit")},
		{"POST /reports/{id}/accept", s.progressStep("accept")},
		{"POST /reports/{id}/return", s.progressStep("return")},
		{"POST /reports/{id}/delete", s.progressStep("delete")},
		{"POST /reports/{id}/attachments", s.attachToReport},
		{"GET /reports/{id}/attachments/{aid}", s.reportAttachment},
		{"POST /reports/{id}/attachments/{aid}/delete", s.detachFromReport},
		{"GET /processes/{id}/cycles", s.processCycles},
		{"POST /processes/{id}/cycles", s.openCycle},
		{"GET /processes/{id}/reminders", s.processReminders},
		{"POST /processes/{id}/reminders", s.sendReminders},
		{"GET /cycles/{id}", s.showCycle},
		{"POST /cycles/{id}", s.updateCycle},
		{"POST /cycles/{id}/close", s.closeCycle},
		{"GET /cycles/{id}/report", s.showReviewReport},
		{"GET /cycles/{id}/report/diff", s.reviewReportDiff},
		{"POST /cycles/{id}/report/section", s.editReviewSection},
		{"POST /cycles/{id}/report/regenerate", s.regenerateReviewReport},
		{"POST /cycles/{id}/report/finalise", s.finaliseReviewReport},
		{"GET /cycles/{id}/report/export", s.exportReviewReport},

		{"GET /processes/new", s.newProcess},
		{"POST /processes", s.createProcess},
		{"GET /processes/{id}", s.showProcess},
		{"GET /processes/{id}/edit", s.editProcess},
		{"POST /processes/{id}", s.updateProcess},
		{"GET /processes/{id}/meetings/new", s.newMeeting},
		{"POST /processes/{id}/meetings", s.createMeeting},
		{"GET /processes/{id}/import", s.importForm},
		{"POST /processes/{id}/import", s.importAgenda},
		{"GET /processes/{id}/members", s.processMembers},
		{"GET /processes/{id}/dashboard", s.followUpDashboard},
		{"GET /indicators/{id}/chart", s.indicatorChart},
		{"POST /processes/{id}/members", s.addProcessMember},
		{"POST /processes/{id}/invitations", s.inviteToProcess},

		{"GET /meetings/{id}", s.showMeeting},
		{"GET /meetings/{id}/edit", s.editMeeting},
		{"POST /meetings/{id}", s.updateMeeting},
		{"GET /meetings/{id}/delete", s.confirmDeleteMeeting},
		{"POST /meetings/{id}/delete", s.deleteMeeting},
		{"GET /meetings/{id}/agenda.md", s.exportAgendaMarkdown},
		{"GET /meetings/{id}/agenda.json", s.exportAgendaJSON},
		{"GET /meetings/{id}/structure", s.meetingStructure},
		{"POST /meetings/{id}/sessions", s.createSession},
		{"POST /meetings/{id}/items", s.createItem},
		{"POST /meetings/{id}/footnotes", s.setFootnote},
		{"GET /meetings/{id}/groups", s.meetingGroups},
		{"POST /meetings/{id}/groups", s.createGroup},
		{"GET /meetings/{id}/members", s.meetingMembers},
		{"POST /meetings/{id}/members", s.addMeetingMember},
		{"POST /meetings/{id}/invitations", s.inviteToMeeting},
		{"GET /meetings/{id}/audit", s.meetingAudit},
		{"GET /meetings/{id}/events", s.meetingEvents},

		{"GET /meetings/{id}/contributions", s.listContributions},
		{"GET /meetings/{id}/contributions/new", s.newContribution},
		{"POST /meetings/{id}/contributions", s.createContribution},
		{"GET /meetings/{id}/contributions/export", s.exportMeetingContributions},
		{"GET /meetings/{id}/contributions/import", s.contribImportForm},
		{"POST /meetings/{id}/contributions/import", s.importContributions},
		{"GET /meetings/{id}/contributions/template", s.contributionTemplate},
		{"GET /meetings/{id}/moderation", s.moderation},
		{"GET /contributions", s.listAllContributions},
		{"GET /contributions/export", s.exportAllContributions},
		{"GET /contributions/{id}", s.showContribution},
		{"GET /contributions/{id}/edit", s.editContribution},
		{"POST /contributions/{id}", s.updateContribution},
		{"POST /contributions/{id}/transition", s.transition},
		{"POST /contributions/{id}/translations", s.putTranslation},
		{"POST /contributions/{id}/translations/{lang}/delete", s.deleteTranslation},
		{"POST /contributions/{id}/endorsement", s.saveEndorsement},
		{"POST /contributions/{id}/endorsement/delete", s.withdrawEndorsement},
		{"GET /meetings/{id}/endorsements", s.listEndorsed},
		{"GET /contributions/{id}/versions", s.contributionVersions},
		{"GET /contributions/{id}/versions/{n}", s.contributionVersion},
		{"GET /attachments/{id}", s.downloadAttachment},
		{"GET /attachments/{id}/delete", s.confirmDeleteAttachment},
		{"POST /attachments/{id}/delete", s.deleteAttachment},

		{"POST /statements/{id}/vote", s.voteStatement},

		{"GET /sessions/{id}/edit", s.editSession},
		{"POST /sessions/{id}", s.updateSession},
		{"POST /sessions/{id}/delete", s.deleteSession},
		{"POST /sessions/{id}/parts", s.createPart},
		{"GET /parts/{id}/edit", s.editPart},
		{"POST /parts/{id}", s.updatePart},
		{"POST /parts/{id}/delete", s.deletePart},
		{"GET /items/{id}/edit", s.editItem},
		{"POST /items/{id}", s.updateItem},
		{"POST /items/{id}/delete", s.deleteItem},
		{"POST /items/{id}/move", s.moveItem},

		{"GET /groups/{id}", s.groupWorkspace},
		{"GET /groups/{id}/members", s.showGroup},
		{"POST /groups/{id}/statements", s.addStatement},
		{"GET /groups/{id}/vote", s.groupVote},
		{"GET /groups/{id}/live", s.groupLive},
		{"GET /groups/{id}/live/events", s.groupLiveEvents},
		{"POST /groups/{id}/merges", s.mergeStatements},
		{"POST /merges/{id}/undo", s.undoMerge},
		{"GET /groups/{id}/rank", s.showRank},
		{"POST /groups/{id}/rank", s.castBallot},
		{"GET /groups/{id}/results", s.showResults},
		{"GET /groups/{id}/report", s.showReport},
		{"POST /groups/{id}/report", s.saveReport},
		{"POST /groups/{id}/report/submit", s.submitReport},
		{"POST /groups/{id}/report/reopen", s.reopenReport},
		{"GET /parts/{id}/ranking/settings", s.rankingSettings},
		{"POST /parts/{id}/ranking/settings", s.saveRankingSettings},
		{"GET /meetings/{id}/reports", s.meetingReports},
		{"GET /meetings/{id}/plenary", s.showPlenary},
		{"GET /meetings/{id}/projector", s.showProjector},
		{"GET /meetings/{id}/projector/events", s.projectorEvents},
		{"POST /meetings/{id}/plenary/themes", s.editThemes},
		{"GET /meetings/{id}/overall", s.showOverall},
		{"POST /meetings/{id}/overall/candidates", s.addOverallCandidate},
		{"GET /meetings/{id}/overall/candidates/{cid}", s.showProvenance},
		{"POST /meetings/{id}/overall/ballot", s.castOverallBallot},
		{"POST /meetings/{id}/overall/confirm", s.confirmOverall},
		{"POST /meetings/{id}/overall/reopen", s.reopenOverall},
		{"POST /meetings/{id}/overall/settings", s.saveOverallSettings},
		{"POST /meetings/{id}/overall/candidates/{cid}", s.editOverallCandidate},
		{"GET /meetings/{id}/overall/candidates/{cid}/remove", s.confirmRemoveOverallCandidate},
		{"POST /meetings/{id}/overall/candidates/{cid}/remove", s.removeOverallCandidate},
		{"POST /groups/{id}", s.updateGroup},
		{"POST /groups/{id}/delete", s.deleteGroup},
		{"POST /groups/{id}/members", s.setGroupMember},
		{"POST /memberships/{id}/delete", s.deleteMembership},
		{"POST /invitations/{id}/revoke", s.revokeInvitation},

		{"GET /bodies", s.listBodies},
		{"GET /bodies/new", s.newBody},
		{"POST /bodies", s.createBody},
		{"GET /bodies/{id}", s.showBody},
		{"GET /registry/overlap", s.overlap},
		{"GET /registry/regions", s.regions},
		{"POST /registry/regions/map", s.mapRegion},
		{"GET /registry/partner-types", s.partnerTypes},
		{"POST /registry/partner-types", s.savePartnerType},
		{"GET /bodies/{id}/edit", s.editBody},
		{"POST /bodies/{id}", s.updateBody},

		{"GET /frameworks", s.listFrameworks},
		{"POST /frameworks", s.importFramework},
		{"GET /frameworks/{id}", s.showFramework},
		{"POST /frameworks/{id}/labels", s.importFrameworkLabels},

		{"GET /admin/users", s.listUsers},
		{"GET /admin/users/new", s.newUser},
		{"POST /admin/users", s.createUser},
		{"GET /admin/users/{id}/edit", s.editUser},
		{"POST /admin/users/{id}", s.updateUser},

		{"GET /history/{type}/{id}", s.objectHistory},

		{"GET /processes/{id}/commitments", s.listCommitments},
		{"GET /processes/{id}/commitments/new", s.newCommitment},
		{"POST /processes/{id}/commitments", s.createCommitment},
		{"GET /processes/{id}/commitments/export", s.exportCommitments},
		{"GET /processes/{id}/commitments/import", s.commitImportForm},
		{"POST /processes/{id}/commitments/import", s.importCommitments},
		{"GET /processes/{id}/commitments/template", s.commitmentTemplate},
		{"GET /commitments/{id}", s.showCommitment},
		{"GET /commitments/{id}/edit", s.editCommitment},
		{"POST /commitments/{id}", s.updateCommitment},
		{"POST /commitments/{id}/status", s.changeCommitmentStatus},
		{"GET /commitments/{id}/translations", s.commitmentTranslations},
		{"POST /commitments/{id}/translations/{lang}", s.putCommitmentTranslation},
		{"POST /commitments/{id}/translations/{lang}/delete", s.deleteCommitmentTranslation},
		{"GET /commitments/{id}/delete", s.confirmDeleteCommitment},
		{"POST /commitments/{id}/delete", s.deleteCommitment},
		{"POST /commitments/{id}/indicators", s.addIndicator},
		{"GET /indicators/{id}/edit", s.editIndicator},
		{"POST /indicators/{id}", s.updateIndicator},
		{"GET /indicators/{id}/delete", s.confirmDeleteIndicator},
		{"POST /indicators/{id}/delete", s.deleteIndicator},
		{"GET /meetings/{id}/outcome/recommendations", s.showRecommendations},
		{"GET /meetings/{id}/outcome", s.showOutcome},
		{"POST /meetings/{id}/outcome", s.draftOutcome},
		{"GET /meetings/{id}/outcome/diff", s.outcomeDiff},
		{"POST /meetings/{id}/outcome/section", s.editOutcomeSection},
		{"POST /meetings/{id}/outcome/regenerate", s.regenerateOutcomeSection},
		{"POST /meetings/{id}/outcome/freeze", s.freezeOutcomeSection},
		{"GET /meetings/{id}/outcome/open", s.confirmOpenRound},
		{"POST /meetings/{id}/outcome/open", s.openRound},
		{"POST /meetings/{id}/outcome/close", s.closeRound},
		{"GET /meetings/{id}/outcome/amend", s.amendForm},
		{"POST /meetings/{id}/outcome/amendments", s.proposeAmendment},
		{"POST /meetings/{id}/outcome/amendments/{aid}/support", s.supportAmendment},
		{"POST /meetings/{id}/outcome/amendments/{aid}/withdraw", s.withdrawAmendment},
		{"POST /meetings/{id}/outcome/amendments/{aid}/decide", s.decideAmendment},
		{"POST /meetings/{id}/outcome/silence", s.breakSilence},
		{"GET /meetings/{id}/outcome/adopt", s.confirmAdopt},
		{"POST /meetings/{id}/outcome/adopt", s.adoptOutcome},
		{"GET /meetings/{id}/outcome/publish", s.confirmPublish},
		{"POST /meetings/{id}/outcome/publish", s.publishOutcome},
		{"GET /meetings/{id}/outcome/translate", s.translateForm},
		{"POST /meetings/{id}/outcome/translations", s.putOutcomeTranslation},
		{"GET /meetings/{id}/outcome/export", s.exportOutcome},
		{"GET /p/{id}", s.publicOutcome},
		{"GET /p/{id}/export", s.exportPublicOutcome},
	}
}

// actor returns the request's actor (nil when anonymous).
func actor(r *http.Request) *domain.Actor { return domain.ActorFromContext(r.Context()) }

type ctxKey int

const (
	keyLang ctxKey = iota
	keySession
)

func langOf(ctx context.Context) string {
	l, _ := ctx.Value(keyLang).(string)
	if l == "" {
		return "en"
	}
	return l
}

// errRedirectLogin asks the error handler to send the visitor to the login page.
var errRedirectLogin = errors.New("login required")
