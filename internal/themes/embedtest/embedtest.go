// Package embedtest provides a stand-in embedding service for tests: an
// HTTP handler speaking the `/v1/embeddings` JSON shape whose vectors are
// bags of hashed words, with a small table that maps a few French and
// Spanish words to English, so that tests can see the embedder path match
// across languages as a multilingual model would.
package embedtest

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"strings"
	"sync/atomic"
	"unicode"
)

// Dim is the length of the vectors.
const Dim = 256

var synonyms = map[string]string{
	"datos": "data", "données": "data", "migración": "migration", "migrations": "migration",
	"migraciones": "migration", "recopilación": "collection", "collecte": "collection",
	"mejorar": "improve", "améliorer": "improve", "compartir": "sharing", "partage": "sharing",
	"estados": "states", "états": "states", "trabajadores": "workers", "travailleurs": "workers",
	"comisiones": "fees", "contratación": "recruitment", "abusivas": "abusive", "reconnaître": "recognise",
	"compétences": "skills", "trabajadores migrantes": "migrant workers",
	"migrantes": "migrant", "migrants": "migrant", "proteger": "protect", "protéger": "protect",
}

// Handler answers embedding requests. Requests counts the calls.
type Handler struct {
	Requests atomic.Int64
	// Fail, when set, makes every request fail with 503.
	Fail bool
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.Requests.Add(1)
	if h.Fail {
		http.Error(w, "model loading", http.StatusServiceUnavailable)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	var req struct {
		Model string   `json:"model"`
		Input []string `json:"input"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	type item struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	resp := struct {
		Object string `json:"object"`
		Data   []item `json:"data"`
		Model  string `json:"model"`
	}{Object: "list", Model: req.Model}
	// Answer in reverse order: clients must use the index.
	for i := len(req.Input) - 1; i >= 0; i-- {
		resp.Data = append(resp.Data, item{Object: "embedding", Index: i, Embedding: Embed(req.Input[i])})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

// Embed returns the vector the handler gives text.
func Embed(text string) []float32 {
	v := make([]float32, Dim)
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range words {
		if len(w) < 3 {
			continue
		}
		if s, ok := synonyms[w]; ok {
			w = s
		}
		h := fnv.New32a()
		h.Write([]byte(w))
		v[h.Sum32()%Dim]++
	}
	v[0] += 0.1 // never all zero
	return v
}
