package themes

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
)

// Embedder turns texts into dense vectors whose cosine says how similar they
// are. When [Options.Embedder] is set, [Compute] takes similarities from it.
type Embedder interface {
	// Embed returns one vector per text, in order.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// HTTPEmbedder calls an embedding service speaking the common
// `/v1/embeddings` JSON shape: a POST of {"model": ..., "input": [...]},
// answered with {"data": [{"index": i, "embedding": [...]}, ...]}.
type HTTPEmbedder struct {
	// URL is the full endpoint, e.g. http://localhost:8080/v1/embeddings.
	URL string
	// Model is sent as "model"; some services ignore it.
	Model string
	// APIKey, when set, is sent as a bearer token.
	APIKey string
	// BatchSize is the number of texts per request; 0 means 64.
	BatchSize int
	// Client is the HTTP client; nil means http.DefaultClient. Set its
	// Timeout.
	Client *http.Client
}

type embedRequest struct {
	Model string   `json:"model,omitempty"`
	Input []string `json:"input"`
}

type embedResponse struct {
	Data []struct {
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	} `json:"data"`
}

// Embed implements [Embedder].
func (e *HTTPEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	batch := e.BatchSize
	if batch <= 0 {
		batch = 64
	}
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += batch {
		vecs, err := e.embedBatch(ctx, texts[start:min(start+batch, len(texts))])
		if err != nil {
			return nil, err
		}
		out = append(out, vecs...)
	}
	return out, nil
}

func (e *HTTPEmbedder) embedBatch(ctx context.Context, texts []string) ([][]float32, error) {
	body, err := json.Marshal(embedRequest{Model: e.Model, Input: texts})
	if err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if e.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+e.APIKey)
	}
	client := e.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("embed: reading response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("embed: %s: %s", resp.Status, strings.TrimSpace(string(data[:min(len(data), 200)])))
	}
	var r embedResponse
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("embed: decoding response: %w", err)
	}
	if len(r.Data) != len(texts) {
		return nil, fmt.Errorf("embed: %d embeddings for %d texts", len(r.Data), len(texts))
	}
	out := make([][]float32, len(texts))
	dim := -1
	for _, d := range r.Data {
		if d.Index < 0 || d.Index >= len(texts) || out[d.Index] != nil {
			return nil, fmt.Errorf("embed: bad or repeated index %d", d.Index)
		}
		if dim < 0 {
			dim = len(d.Embedding)
		}
		if len(d.Embedding) == 0 || len(d.Embedding) != dim {
			return nil, fmt.Errorf("embed: embedding %d has %d dimensions, want %d", d.Index, len(d.Embedding), dim)
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}

// denseToVector turns an embedding into a unit [Vector] with ids 0..d-1, so
// that the rest of the engine works on it unchanged.
func denseToVector(e []float32) Vector {
	v := Vector{IDs: make([]uint32, len(e)), W: make([]float32, len(e))}
	var s float64
	for i, x := range e {
		v.IDs[i] = uint32(i)
		v.W[i] = x
		s += float64(x) * float64(x)
	}
	if s > 0 {
		v.scale(1 / math.Sqrt(s))
	}
	return v
}
