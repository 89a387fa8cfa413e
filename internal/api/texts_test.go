package api

import (
	"net/http"
	"strings"
	"testing"
)

// Who reads and saves translations through the API: the same use cases
// and permissions as the pages. A meeting's: its process's secretariat
// and administrators; others who see it are refused, the other process's
// secretariat does not see it. Bodies': whoever manages bodies.
func TestTextsRoleMatrix(t *testing.T) {
	t.Parallel()
	const (
		ok   = http.StatusOK
		anon = http.StatusUnauthorized
		hid  = http.StatusNotFound
		no   = http.StatusForbidden
	)
	m := "/api/v1/meetings/{meetingA1}/translations"
	save := `{"translations":[{"kind":"session","id":"{sessionS1}","field":"title","lang":"fr","text":"Ouverture","machine":false,"unofficial":true,"version":0}]}`
	for _, tt := range []struct {
		name string
		row  matrixRow
	}{
		{"read a meeting's", matrixRow{method: "GET", url: m, want: [8]int{anon, hid, no, no, no, hid, ok, ok}}},
		{"save a meeting's", matrixRow{method: "PUT", url: m, body: save, want: [8]int{anon, hid, no, no, no, hid, ok, ok}}},
		{"read a process's", matrixRow{method: "GET", url: "/api/v1/processes/{processA}/translations", want: [8]int{anon, hid, no, no, no, hid, ok, ok}}},
		{"read bodies'", matrixRow{method: "GET", url: "/api/v1/bodies/translations", want: [8]int{anon, no, no, no, no, ok, ok, ok}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runMatrixRow(t, tt.row)
		})
	}
}

func TestTextsScenarios(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := "/api/v1/meetings/{meetingA1}/translations"
	first := `{"translations":[{"kind":"session","id":"{sessionS1}","field":"title","lang":"ar","text":"الافتتاح","machine":false,"unofficial":true,"version":0}]}`
	f.run(t, []scenario{
		{name: "save", method: "PUT", url: m, as: "secretariat", body: first, status: http.StatusOK, want: []string{`"changed":1`}},
		{name: "read", method: "GET", url: m, as: "secretariat", status: http.StatusOK, want: []string{`"lang":"en"`, `"ar":{"text":"الافتتاح","machine":false,"unofficial":true,"translator":"User secretariat"`, `"version":1`}},
		{name: "stale", method: "PUT", url: m, as: "admin", body: strings.Replace(first, "الافتتاح", "افتتاح الاجتماع", 1), status: http.StatusConflict},
		{name: "another meeting's session", method: "PUT", url: m, as: "secretariat", status: http.StatusUnprocessableEntity,
			body: `{"translations":[{"kind":"session","id":"{sessionSB}","field":"title","lang":"ar","text":"x","machine":false,"unofficial":false,"version":0}]}`},
		{name: "the original language", method: "PUT", url: m, as: "secretariat", status: http.StatusUnprocessableEntity,
			body: `{"translations":[{"kind":"session","id":"{sessionS1}","field":"title","lang":"en","text":"x","machine":false,"unofficial":false,"version":0}]}`},
		{name: "a control character", method: "PUT", url: m, as: "secretariat", status: http.StatusUnprocessableEntity,
			body: `{"translations":[{"kind":"session","id":"{sessionS1}","field":"title","lang":"fr","text":"a\u0007b","machine":false,"unofficial":false,"version":0}]}`},
		{name: "the agenda in Arabic", method: "GET", url: "/api/v1/meetings/{meetingA1}/agenda?lang=ar", as: "delegate", status: http.StatusOK, want: []string{"الافتتاح"}},
		{name: "the agenda in an unknown language", method: "GET", url: "/api/v1/meetings/{meetingA1}/agenda?lang=xx", as: "delegate", status: http.StatusUnprocessableEntity},
		{name: "framework labels say unofficial", method: "GET", url: "/api/v1/frameworks", as: "delegate", status: http.StatusOK},
	})
}
