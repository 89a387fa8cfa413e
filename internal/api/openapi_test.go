package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/calendar"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/httperr"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// openAPI is the part of an OpenAPI 3.1 document the tests read.
type openAPI struct {
	OpenAPI    string                                 `json:"openapi"`
	Info       struct{ Description string }           `json:"info"`
	Security   []map[string][]string                  `json:"security"`
	Paths      map[string]map[string]openAPIOperation `json:"paths"`
	Components struct {
		Schemas    map[string]openAPISchema    `json:"schemas"`
		Parameters map[string]openAPIParameter `json:"parameters"`
		Responses  map[string]json.RawMessage  `json:"responses"`
		Security   map[string]json.RawMessage  `json:"securitySchemes"`
	} `json:"components"`
}

type openAPIOperation struct {
	OperationID string                     `json:"operationId"`
	Parameters  []openAPIParameter         `json:"parameters"`
	RequestBody json.RawMessage            `json:"requestBody"`
	Responses   map[string]json.RawMessage `json:"responses"`
	Security    *[]map[string][]string     `json:"security"`
}

type openAPIParameter struct {
	Ref      string `json:"$ref"`
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
}

type openAPISchema struct {
	Properties map[string]json.RawMessage `json:"properties"`
	Required   []string                   `json:"required"`
}

func loadOpenAPI(t *testing.T) openAPI {
	t.Helper()
	var doc openAPI
	dec := json.NewDecoder(bytes.NewReader(openAPIDoc))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return doc
}

// TestOpenAPIMatchesRoutes checks that the document describes exactly the
// routes the handler registers, no more and no fewer.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	var documented, registered []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, rt := range (&Server{}).routes() {
		registered = append(registered, rt.pattern())
	}
	slices.Sort(documented)
	slices.Sort(registered)
	for _, r := range registered {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("openapi.json describes %s, which the handler does not serve", d)
		}
	}
	if len(registered) != len(slices.Compact(slices.Clone(registered))) {
		t.Errorf("a route is registered twice: %v", registered)
	}
}

// TestOpenAPIDocument checks the document's own consistency: every
// operation named once, path parameters declared, success and error
// answers given, security matching the routes, references resolving.
func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	for _, want := range []string{"Authorization: Bearer", "401", "404", "403", "409", `"fields"`, "1 MiB", "version"} {
		if !strings.Contains(doc.Info.Description, want) {
			t.Errorf("info.description does not mention %s", want)
		}
	}
	if len(doc.Security) != 1 || doc.Security[0]["bearerAuth"] == nil || doc.Components.Security["bearerAuth"] == nil {
		t.Errorf("the document must require bearerAuth by default and define it: %v", doc.Security)
	}
	public := map[string]bool{}
	for _, rt := range (&Server{}).routes() {
		public[rt.pattern()] = rt.public
	}
	ids := map[string]string{}
	pathParam := regexp.MustCompile(`\{([a-z_]+)\}`)
	for path, ops := range doc.Paths {
		for method, op := range ops {
			name := strings.ToUpper(method) + " " + path
			if op.OperationID == "" {
				t.Errorf("%s has no operationId", name)
			} else if other, dup := ids[op.OperationID]; dup {
				t.Errorf("%s and %s share operationId %s", name, other, op.OperationID)
			}
			ids[op.OperationID] = name
			declared := map[string]bool{}
			for _, p := range op.Parameters {
				if p.Ref != "" {
					p = doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
				}
				if p.In == "path" {
					declared[p.Name] = p.Required
				}
			}
			for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
				if !declared[m[1]] {
					t.Errorf("%s does not declare the required path parameter %s", name, m[1])
				}
			}
			var success bool
			for code := range op.Responses {
				success = success || strings.HasPrefix(code, "2")
			}
			if !success {
				t.Errorf("%s has no success response", name)
			}
			isPublic := op.Security != nil && len(*op.Security) == 0
			if isPublic != public[name] {
				t.Errorf("%s: documented as public %v, served as public %v", name, isPublic, public[name])
			}
			if _, ok := op.Responses["401"]; !public[name] && !ok {
				t.Errorf("%s needs a token but documents no 401", name)
			}
			if op.RequestBody != nil {
				for _, code := range []string{"400", "413", "415", "422"} {
					if _, ok := op.Responses[code]; !ok {
						t.Errorf("%s takes a body but documents no %s", name, code)
					}
				}
			}
		}
	}
	// Every reference resolves.
	var raw any
	if err := json.Unmarshal(openAPIDoc, &raw); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && !resolves(raw, ref) {
				t.Errorf("$ref %s does not resolve", ref)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(raw)
}

// resolves reports whether a local JSON pointer reference points into doc.
func resolves(doc any, ref string) bool {
	if !strings.HasPrefix(ref, "#/") {
		return false
	}
	cur := doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[part]; !ok {
			return false
		}
	}
	return true
}

// TestOpenAPISchemasMatchTypes checks each schema's properties against the
// JSON fields of the Go type the API reads or writes for it, and that the
// fields a response may omit are the ones the schema does not require.
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	tests := []struct {
		schema   string
		v        any
		response bool // all fields but the omitempty ones are always present
	}{
		{"Me", meJSON{}, true},
		{"ProgressReport", progressReportJSON{}, true},
		{"ProgressReportList", list[progressReportJSON]{}, true},
		{"ProgressReportInput", progressReportInput{}, false},
		{"ReviewStepInput", reviewStepInput{}, false},
		{"IndicatorValue", domain.IndicatorValue{}, true},
		{"ReportPermissions", followup.ReportPermissions{}, true},
		{"ReviewCycle", reviewCycleJSON{}, true},
		{"ReviewCycleList", list[reviewCycleJSON]{}, true},
		{"ReviewCycleDetail", cycleDetailJSON{}, true},
		{"CycleLine", cycleLineJSON{}, true},
		{"ReviewCycleInput", cycleInput{}, false},
		{"ReviewReport", reviewReportJSON{}, true},
		{"ReviewSectionInput", reviewSectionInput{}, false},
		{"FinaliseInput", finaliseInput{}, false},
		{"ReportDue", dueJSON{}, true},
		{"Reminders", remindersJSON{}, true},
		{"Reminded", remindedJSON{}, true},
		{"Notification", notificationJSON{}, true},
		{"FollowUpInbox", inboxJSON{}, true},
		{"MarkReadInput", markReadInput{}, false},
		{"MailPreferences", mailPreferencesJSON{}, true},
		{"MailPreferencesInput", putMailPreferencesInput{}, false},
		{"Identity", identityJSON{}, true},
		{"IdentityList", list[identityJSON]{}, true},
		{"Marked", struct {
			Marked int `json:"marked"`
		}{}, true},
		{"InvitationAccept", acceptInput{}, false},
		{"User", userJSON{}, true},
		{"UserInput", userInput{}, false},
		{"UserUpdate", userUpdate{}, false},
		{"UserPage", page[userJSON]{}, true},
		{"Membership", membershipJSON{}, true},
		{"Member", memberJSON{}, true},
		{"MemberList", list[memberJSON]{}, true},
		{"MemberInput", memberInput{}, false},
		{"Endorsement", endorsementJSON{}, true},
		{"EndorsementInput", endorsementInput{}, false},
		{"EndorsedPractice", endorsedJSON{}, true},
		{"EndorsedPage", endorsedPage{}, true},
		{"Body", bodyJSON{}, true},
		{"Texts", textsJSON{}, true},
		{"TextEntry", textEntryJSON{}, true},
		{"TextTranslation", textTranslationJSON{}, true},
		{"TextEdit", textEditJSON{}, false},
		{"TextsInput", textsInput{}, false},
		{"TextsSaved", textsSaved{}, true},
		{"Partnership", partnershipJSON{}, true},
		{"PartnershipPage", page[partnershipJSON]{}, true},
		{"PartnershipInput", partnershipInput{}, false},
		{"PartnershipUpdate", partnershipUpdate{}, false},
		{"PartnershipMake", makePartnershipInput{}, false},
		{"PartnershipMatches", matchesJSON{}, true},
		{"Engagement", engagementJSON{}, true},
		{"Region", regionJSON{}, true},
		{"BodyInput", bodyInput{}, false},
		{"BodyUpdate", bodyUpdate{}, false},
		{"BodyPage", page[bodyJSON]{}, true},
		{"Process", processJSON{}, true},
		{"ProcessInput", processInput{}, false},
		{"ProcessUpdate", processUpdate{}, false},
		{"ProcessList", list[processJSON]{}, true},
		{"Meeting", meetingJSON{}, true},
		{"MeetingInput", meetingInput{}, false},
		{"MeetingUpdate", meetingUpdate{}, false},
		{"MeetingList", list[meetingJSON]{}, true},
		{"Session", sessionJSON{}, true},
		{"SessionInput", sessionInput{}, false},
		{"SessionUpdate", sessionUpdate{}, false},
		{"Part", partJSON{}, true},
		{"PartInput", partInput{}, false},
		{"PartUpdate", partUpdate{}, false},
		{"Item", itemJSON{}, true},
		{"ItemNode", itemNodeJSON{}, true},
		{"ItemInput", itemInput{}, false},
		{"ItemUpdate", itemUpdate{}, false},
		{"Footnote", footnoteJSON{}, true},
		{"PartNode", partNodeJSON{}, true},
		{"SessionNode", sessionNodeJSON{}, true},
		{"Agenda", agendaJSON{}, true},
		{"Group", groupJSON{}, true},
		{"GroupInput", groupInput{}, false},
		{"GroupUpdate", groupUpdate{}, false},
		{"GroupList", list[groupJSON]{}, true},
		{"AuditEvent", auditJSON{}, true},
		{"AuditPage", auditPageJSON{}, true},
		{"Error", httperr.Body{}, true},
		{"Framework", frameworkJSON{}, true},
		{"FrameworkList", list[frameworkJSON]{}, true},
		{"FrameworkDetail", frameworkDetailJSON{}, true},
		{"FrameworkItem", frameworkItemJSON{}, true},
		{"FrameworkLabel", frameworkLabelJSON{}, true},
		{"Contribution", contributionJSON{}, true},
		{"ContributionDetail", contributionDetailJSON{}, true},
		{"ContributionInput", contributionInput{}, false},
		{"ContributionPatch", contributionPatch{}, false},
		{"ContributionSearch", searchJSON{}, true},
		{"Facet", facetJSON{}, true},
		{"Translation", translationJSON{}, true},
		{"TranslationInput", translationInput{}, false},
		{"Attachment", attachmentJSON{}, true},
		{"AttachmentList", list[attachmentJSON]{}, true},
		{"TransitionInput", transitionInput{}, false},
		{"ContributionVersion", versionJSON{}, true},
		{"ContributionVersionList", list[versionJSON]{}, true},
		{"ContributionVersionDetail", versionDetailJSON{}, true},
		{"Problem", httperr.Problem{}, true},
		{"ImportResult", importJSON{}, true},
		{"Statement", statementJSON{}, true},
		{"StatementList", list[statementJSON]{}, true},
		{"StatementInput", statementInput{}, false},
		{"VoteInput", voteInput{}, false},
		{"Ballot", ballotJSON{}, true},
		{"BallotInput", ballotInput{}, false},
		{"Candidate", candidateJSON{}, true},
		{"Results", resultsJSON{}, true},
		{"ReportText", reportTextJSON{}, true},
		{"ReportTextInput", reportTextInput{}, false},
		{"ReportQuestion", reportQuestionJSON{}, true},
		{"Report", reportJSON{}, true},
		{"ReportInput", reportInput{}, false},
		{"VersionInput", versionInput{}, false},
		{"Plenary", plenaryJSON{}, true},
		{"PlenaryColumn", plenaryColumnJSON{}, true},
		{"PlenaryOverallItem", overallItemJSON{}, true},
		{"PlenaryAnswer", plenaryAnswerJSON{}, true},
		{"TopItem", topItemJSON{}, true},
		{"LiveSummary", liveJSON{}, true},
		{"Consensus", consensusJSON{}, true},
		{"Divisive", divisiveJSON{}, true},
		{"Theme", themeJSON{}, true},
		{"ThemeStatement", themeMemberJSON{}, true},
		{"ThemeEditInput", themeEditInput{}, false},
		{"OverallSettings", overallSettingsJSON{}, true},
		{"OverallSettingsInput", overallSettingsInput{}, false},
		{"OverallCandidate", overallCandidateJSON{}, true},
		{"OverallCandidateInput", overallCandidateInput{}, false},
		{"OverallCandidateUpdate", overallCandidateUpdate{}, false},
		{"OverallWeight", overallWeightJSON{}, true},
		{"OverallConfirmed", overallConfirmedJSON{}, true},
		{"OverallConfirmInput", overallConfirmInput{}, false},
		{"OverallBallot", overallBallotJSON{}, true},
		{"Overall", overallJSON{}, true},
		{"Provenance", provenanceJSON{}, true},
		{"ProvenancePlenary", synthesis.PlenaryPlace{}, true},
		{"ProvenanceTheme", synthesis.ProvenanceTheme{}, true},
		{"ProvenanceStatement", synthesis.ProvenanceStmt{}, true},
		{"ProvenanceVotes", synthesis.Votes{}, true},
		{"ProvenanceGroupPlace", synthesis.GroupPlace{}, true},
		{"ProvenanceInput", synthesis.ProvenanceInput{}, true},
		{"Outcome", outcomeJSON{}, true},
		{"OutcomePermissions", outcome.Permissions{}, true},
		{"OutcomeDocument", outcomeDocJSON{}, true},
		{"OutcomeVersion", outcomeVerJSON{}, true},
		{"OutcomeText", domain.OutcomeText{}, true},
		{"OutcomeSection", domain.OutcomeSection{}, true},
		{"OutcomeBlock", domain.OutcomeBlock{}, false}, // a new block's id may be empty
		{"OutcomeVersionText", outcomeTextJSON{}, true},
		{"OutcomeBlockLang", outcome.BlockLang{}, true},
		{"OutcomeDiff", outcomeDiffJSON{}, true},
		{"OutcomeDifference", outcome.Difference{}, true},
		{"OutcomeHeadingChange", outcome.HeadingChange{}, true},
		{"OutcomeBlockChange", outcome.BlockChange{}, true},
		{"Amendment", amendmentJSON{}, true},
		{"AmendmentSupport", supportJSON{}, true},
		{"AmendmentRecord", amendmentRecordJSON{}, true},
		{"OutcomeTranslationsResult", translationsResultJSON{}, true},
		{"OutcomeDraftInput", outcomeDraftInput{}, false},
		{"OutcomeEditInput", outcomeEditInput{}, false},
		{"OutcomeRoundInput", outcomeRoundInput{}, false},
		{"AmendmentInput", amendmentInput{}, false},
		{"AmendmentSupportInput", amendmentSupportInput{}, false},
		{"AmendmentDecisionInput", amendmentDecisionInput{}, false},
		{"SilenceBreakInput", silenceBreakInput{}, false},
		{"PublicationInput", publicationInput{}, false},
		{"OutcomeTranslationInput", outcomeTranslationInput{}, false},
		{"OutcomeBlockText", outcome.BlockText{}, false},
		{"Commitment", commitmentJSON{}, true},
		{"CommitmentDetail", commitmentDetailJSON{}, true},
		{"CommitmentPage", commitmentPageJSON{}, true},
		{"CommitmentList", list[commitmentJSON]{}, true},
		{"CommitmentPermissions", followup.Can{}, true},
		{"RecommendationRef", domain.RecommendationRef{}, true},
		{"Deliverable", domain.Deliverable{}, true},
		{"StatusChange", domain.StatusChange{}, true},
		{"CommitmentInput", commitmentInput{}, false},
		{"CommitmentUpdate", commitmentUpdate{}, false},
		{"CommitmentStatusInput", commitmentStatusInput{}, false},
		{"CommitmentTranslationInput", commitmentTranslationInput{}, false},
		{"Indicator", indicatorJSON{}, true},
		{"LatestValue", latestValueJSON{}, true},
		{"IndicatorList", list[indicatorJSON]{}, true},
		{"IndicatorInput", indicatorInput{}, false},
		{"IndicatorUpdate", indicatorUpdate{}, false},
		{"Recommendation", recommendationJSON{}, true},
		{"Recommendations", recommendationsJSON{}, true},
		{"CommitmentImportResult", commitmentImportJSON{}, true},
		{"ScheduleInput", scheduleInput{}, false},
		{"Span", calendar.Span{}, false},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.schema, func(t *testing.T) {
			seen[tt.schema] = true
			sc, ok := doc.Components.Schemas[tt.schema]
			if !ok {
				t.Fatalf("no schema %s", tt.schema)
			}
			fields, optional := jsonFields(reflect.TypeOf(tt.v))
			var props []string
			for p := range sc.Properties {
				props = append(props, p)
			}
			slices.Sort(props)
			if !slices.Equal(props, fields) {
				t.Errorf("schema properties %v, Go fields %v", props, fields)
			}
			if !tt.response {
				return
			}
			for _, f := range fields {
				if required := slices.Contains(sc.Required, f); required == optional[f] {
					t.Errorf("field %s: required in the schema %v, omitempty in Go %v", f, required, optional[f])
				}
			}
		})
	}
	for name := range doc.Components.Schemas {
		if !seen[name] {
			t.Errorf("schema %s is not checked against a Go type; add it to the table", name)
		}
	}
}

// jsonFields returns the sorted JSON field names of struct type typ,
// following embedded structs as encoding/json does, and which of them are
// omitempty.
func jsonFields(typ reflect.Type) ([]string, map[string]bool) {
	var names []string
	optional := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" {
			sub, opt := jsonFields(f.Type)
			names = append(names, sub...)
			for k, v := range opt {
				optional[k] = v
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
		optional[name] = strings.Contains(opts, "omitempty")
	}
	slices.Sort(names)
	return names, optional
}

func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	h := New(nil, nil) // the document needs no database
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), openAPIDoc) {
		t.Fatalf("status %d, body of %d bytes; want 200 and the document", w.Code, w.Body.Len())
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
}
