package uploads_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sandboxtest"
)

// readToken returns the claims of an upload token, and whether the
// sandbox signed it: whether it serves the file it names.
func readToken(t *testing.T, e *sandboxtest.Env, jwt string) (map[string]any, bool) {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return nil, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	if err != nil || json.Unmarshal(payload, &claims) != nil {
		return nil, false
	}
	status, _, _ := e.Do("GET", "/uploads/attachments/"+jwt, "", "", nil)
	return claims, status == 200
}

func TestUploadsWire(t *testing.T) {
	dir := t.TempDir()
	e := sandboxtest.New(t, dir, freshbookstest.Options{})
	ct, body := sandboxtest.Form(t, "content", "notes.txt", []byte("hello, receipts"))
	status, h, raw := e.Do("POST", "/uploads/account/"+e.Account+"/attachments", e.Token, ct, body)
	var att map[string]map[string]any
	if err := json.Unmarshal(raw, &att); status != 201 || err != nil || h.Get("Content-Type") != "application/vnd.api+json" {
		t.Fatalf("%d %s %s", status, h.Get("Content-Type"), raw)
	}
	a := att["attachment"]
	jwt, _ := a["jwt"].(string)
	if a["public_id"] != jwt || a["media_type"] != "text/plain" || !strings.HasPrefix(a["filename"].(string), "upload-") || len(a) != 5 {
		t.Errorf("attachment = %v", a)
	}
	// The token carries what FreshBooks' does (freshbooks-api.md §8.3).
	claims, ok := readToken(t, e, jwt)
	if !ok || claims["original_filename"] != "notes.txt" || claims["bucket"] != "uploads" || claims["account"] != e.Account {
		t.Errorf("claims = %v", claims)
	}

	// An image without an account.
	ct, body = sandboxtest.Form(t, "content", "logo.png", []byte("\x89PNG\r\n\x1a\n...."))
	status, _, raw = e.Do("POST", "/uploads/images", e.Token, ct, body)
	var img struct {
		Image map[string]any `json:"image"`
		Link  string         `json:"link"`
	}
	if err := json.Unmarshal(raw, &img); status != 201 || err != nil || img.Image["media_type"] != "image/png" ||
		img.Link != e.URL+"/uploads/images/"+img.Image["jwt"].(string) {
		t.Fatalf("image: %d %s", status, raw)
	}

	// Errors: no token, wrong field, not multipart, a forged token.
	ct, body = sandboxtest.Form(t, "content", "x", []byte("x"))
	if status, _, raw := e.Do("POST", "/uploads/account/"+e.Account+"/images", "", ct, body); status != 401 {
		t.Errorf("no token: %d %s", status, raw)
	}
	ct, body = sandboxtest.Form(t, "file", "x", []byte("x"))
	if status, _, raw := e.Do("POST", "/uploads/account/"+e.Account+"/images", e.Token, ct, body); status != 400 || !strings.Contains(string(raw), `"error":`) {
		t.Errorf("wrong field: %d %s", status, raw)
	}
	if status, _, _ := e.Do("POST", "/uploads/account/"+e.Account+"/images", e.Token, "application/json", strings.NewReader("{}")); status != 400 {
		t.Errorf("not multipart: %d", status)
	}
	parts := strings.Split(jwt, ".")
	forged := parts[0] + "." + parts[1] + ".AAAA"
	if status, _, raw := e.Do("GET", "/uploads/attachments/"+forged, "", "", nil); status != 404 || string(raw) != `{"error":"File not found"}` {
		t.Errorf("forged: %d %s", status, raw)
	}
	e.Close()

	// Uploads survive a restart of a durable sandbox.
	e = sandboxtest.New(t, dir, freshbookstest.Options{})
	status, h, raw = e.Do("GET", "/uploads/attachments/"+jwt, "", "", nil)
	if status != 200 || string(raw) != "hello, receipts" || h.Get("Content-Type") != "text/plain" {
		t.Errorf("after restart: %d %q %s", status, h.Get("Content-Type"), raw)
	}
	if status, _, raw := e.Do("GET", "/uploads/images/"+img.Image["jwt"].(string), "", "", nil); status != 200 || !bytes.HasPrefix(raw, []byte("\x89PNG")) {
		t.Errorf("account-less image after restart: %d", status)
	}
}
