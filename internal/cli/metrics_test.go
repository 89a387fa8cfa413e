package cli

import (
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// TestHTTPMetricsLabels checks the labels of the request metrics: the
// methods HTTP defines in lower case, any other word "unknown" (a client
// cannot make a series of each word it sends), nothing written counted as
// 200, and each pair counted in a series of its own.
func TestHTTPMetricsLabels(t *testing.T) {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "r"}, []string{"method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "d"}, []string{"method", "code"}),
	}
	calls := []struct {
		method string
		code   int
	}{
		{http.MethodPost, http.StatusSeeOther},
		{http.MethodPost, http.StatusSeeOther},
		{http.MethodGet, 0},
		{http.MethodGet, http.StatusOK},
		{"PROPFIND", http.StatusNotFound},
		{"BREW", http.StatusNotFound},
		{http.MethodDelete, http.StatusForbidden},
	}
	for _, c := range calls {
		m.observe(c.method, c.code, 3*time.Millisecond)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(m.requests, m.duration)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, mf := range mfs {
		for _, x := range mf.GetMetric() {
			var l []string
			for _, lp := range x.GetLabel() {
				l = append(l, lp.GetName()+"="+lp.GetValue())
			}
			k := mf.GetName() + "{" + strings.Join(l, ",") + "}"
			if mf.GetName() == "r" {
				got[k] = fmt.Sprint(x.GetCounter().GetValue())
			} else {
				got[k] = fmt.Sprint(x.GetHistogram().GetSampleCount())
			}
		}
	}
	want := map[string]string{}
	for _, name := range []string{"r", "d"} {
		want[name+"{code=200,method=get}"] = "2"
		want[name+"{code=303,method=post}"] = "2"
		want[name+"{code=403,method=delete}"] = "1"
		want[name+"{code=404,method=unknown}"] = "2"
	}
	if !maps.Equal(got, want) {
		t.Errorf("series %v, want %v", got, want)
	}
}
