package freshbooks_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/freshbooks-go/freshbooks"
)

// benchServer serves the same recorded-shape bodies to the SDK and to the
// hand-written baseline: one client, and a page of 100 clients.
func benchServer(b *testing.B) (*httptest.Server, []byte, []byte) {
	b.Helper()
	var client map[string]any
	if err := json.Unmarshal(freshbooks.ReadFixture(b, "get_client_response.json"), &client); err != nil {
		b.Fatal(err)
	}
	one := client["response"].(map[string]any)["result"].(map[string]any)["client"].(map[string]any)
	items := make([]any, 100)
	for i := range items {
		c := map[string]any{}
		for k, v := range one {
			c[k] = v
		}
		c["id"], c["userid"], c["organization"] = 12345+i, 12345+i, fmt.Sprintf("Client %d", i)
		items[i] = c
	}
	listBody, _ := json.Marshal(map[string]any{"response": map[string]any{"result": map[string]any{
		"clients": items, "page": 1, "pages": 1, "per_page": 100, "total": 100}}})
	oneBody, _ := json.Marshal(client)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/accounting/account/ACM123/users/clients" {
			w.Write(listBody)
			return
		}
		w.Write(oneBody)
	}))
	b.Cleanup(srv.Close)
	return srv, oneBody, listBody
}

func benchClient(b *testing.B, url string) *freshbooks.Client {
	c, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "token", BaseURL: url})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// baselineGet is what a careful hand-written call does: request, read,
// decode into the same model through the same envelope.
func baselineGet[T any](b *testing.B, hc *http.Client, url string, out *T) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer token")
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		b.Fatal(err, resp.Status)
	}
	if err := json.Unmarshal(body, out); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkGetClient(b *testing.B) {
	srv, _, _ := benchServer(b)
	b.Run("sdk", func(b *testing.B) {
		acct := benchClient(b, srv.URL).Account("ACM123")
		b.ReportAllocs()
		for b.Loop() {
			if c, err := acct.Clients.Get(b.Context(), 12345); err != nil || c.ID != 12345 {
				b.Fatal(err)
			}
		}
	})
	b.Run("net-http", func(b *testing.B) {
		hc := &http.Client{}
		b.ReportAllocs()
		for b.Loop() {
			var env struct {
				Response struct {
					Result struct {
						Client freshbooks.Customer `json:"client"`
					} `json:"result"`
				} `json:"response"`
			}
			baselineGet(b, hc, srv.URL+"/accounting/account/ACM123/users/clients/12345", &env)
			if env.Response.Result.Client.ID != 12345 {
				b.Fatal("bad decode")
			}
		}
	})
}

func BenchmarkListClients(b *testing.B) {
	srv, _, _ := benchServer(b)
	b.Run("sdk", func(b *testing.B) {
		acct := benchClient(b, srv.URL).Account("ACM123")
		b.ReportAllocs()
		for b.Loop() {
			if p, err := acct.Clients.List(b.Context()); err != nil || len(p.Items) != 100 || p.Total != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("net-http", func(b *testing.B) {
		hc := &http.Client{}
		b.ReportAllocs()
		for b.Loop() {
			var env struct {
				Response struct {
					Result struct {
						Clients []freshbooks.Customer `json:"clients"`
						Page    int                   `json:"page"`
						Pages   int                   `json:"pages"`
						PerPage int                   `json:"per_page"`
						Total   int                   `json:"total"`
					} `json:"result"`
				} `json:"response"`
			}
			baselineGet(b, hc, srv.URL+"/accounting/account/ACM123/users/clients", &env)
			if len(env.Response.Result.Clients) != 100 {
				b.Fatal("bad decode")
			}
		}
	})
}
