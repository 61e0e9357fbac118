package main

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestAPIGet(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	r := c.run("api", "GET", "/auth/api/v1/users/me").want(t, 0)
	var me struct {
		Response struct{ Email string } `json:"response"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &me); err != nil || me.Response.Email == "" {
		t.Errorf("stdout %q: %v", r.stdout, err)
	}
	r = c.run("api", "GET", "/accounting/account/{account_id}/users/clients", "-F", "per_page=2").want(t, 0)
	if page, pages := pageInfo([]byte(r.stdout)); page != 1 || pages < 2 {
		t.Errorf("page %d of %d: %s", page, pages, r.stdout)
	}
}

func TestAPIPaginate(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	r := c.run("api", "GET", "/accounting/account/{account_id}/users/clients", "-F", "per_page=3", "--paginate").want(t, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	_, pages := pageInfo([]byte(lines[0]))
	if pages < 2 || len(lines) != pages {
		t.Fatalf("%d answers for %d pages", len(lines), pages)
	}
	for i, l := range lines {
		if page, _ := pageInfo([]byte(l)); page != i+1 {
			t.Errorf("answer %d is page %d", i+1, page)
		}
	}
}

func TestAPICreate(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	path := "/accounting/account/{account_id}/users/clients"
	r := c.run("api", "POST", path, "-F", "client.organization=Typed Fields Ltd", "-F", "client.vat_number=12345", "-f", "client.email=ap@typed.test").want(t, 0)
	var created struct {
		Response struct {
			Result struct {
				Client map[string]any `json:"client"`
			} `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &created); err != nil || created.Response.Result.Client["organization"] != "Typed Fields Ltd" {
		t.Fatalf("create: %q %v", r.stdout, err)
	}
	body := `{"client": {"organization": "From Stdin", "email": "x@stdin.test"}}`
	r = c.runIn(body, "api", "POST", path, "--input", "-").want(t, 0)
	if !strings.Contains(r.stdout, `"From Stdin"`) {
		t.Errorf("--input -: %s", r.stdout)
	}
	c.runIn("{not json", "api", "POST", path, "--input", "-").want(t, exitUsage)
}

func TestAPIDryRun(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	tok := c.login()
	before := c.run("api", "GET", "/accounting/account/{account_id}/users/clients").want(t, 0).stdout
	r := c.run("--dry-run", "api", "POST", "/accounting/account/{account_id}/users/clients", "-F", "client.organization=Never Sent").want(t, 0)
	noSecret(t, tok, r.stdout, r.stderr)
	golden(t, "api-dry-run.txt", strings.ReplaceAll(r.stdout, c.srv.URL, "SANDBOX"))
	if after := c.run("api", "GET", "/accounting/account/{account_id}/users/clients").want(t, 0).stdout; after != before {
		t.Error("the dry run changed the clients")
	}
}

func TestAPIDeleteAsks(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	path := "/projects/business/{business_id}/project/999999"
	r := c.run("api", "DELETE", path).want(t, exitUsage)
	if !strings.Contains(r.stderr, "--yes") {
		t.Errorf("stderr %q", r.stderr)
	}
	// On a terminal it asks; "n" keeps everything.
	var errw strings.Builder
	a := c.app(strings.NewReader("n\n"), io.Discard, &errw)
	a.stdinTTY, a.stderrTTY = true, true
	if code := c.runApp(a, "api", "DELETE", path); code != exitError || !strings.Contains(errw.String(), "? [y/N]") {
		t.Errorf("declined: exit %d, stderr %q", code, errw.String())
	}
	// "y" goes ahead: there is no such project.
	a = c.app(strings.NewReader("y\n"), io.Discard, io.Discard)
	a.stdinTTY, a.stderrTTY = true, true
	if code := c.runApp(a, "api", "DELETE", path); code != exitNotFound {
		t.Errorf("confirmed: exit %d, want 4", code)
	}
	c.run("--yes", "api", "DELETE", path).want(t, exitNotFound)
}

func TestAPIErrors(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	r := c.run("api", "GET", "/accounting/account/{account_id}/invoices/invoices/999999999").want(t, exitNotFound)
	if strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "404") {
		t.Errorf("stderr %q", r.stderr)
	}
	r = c.run("-o", "json", "api", "POST", "/accounting/account/{account_id}/invoices/invoices", "-F", "invoice.customerid=999999999")
	var e jsonError
	if err := json.Unmarshal([]byte(r.stderr), &e); err != nil || e.Status < 400 || e.ExitCode != r.code || r.code == 0 {
		t.Errorf("exit %d, stderr %q: %v", r.code, r.stderr, err)
	}
}

func TestRateLimited(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{Faults: freshbookstest.Faults{RateLimit: 1}})
	c.login()
	// The first request finds the business; the POST is over the limit,
	// and a POST is never retried.
	r := c.run("api", "POST", "/accounting/account/{account_id}/users/clients", "-F", "client.organization=Too Fast").want(t, exitRateLimited)
	if !strings.Contains(r.stderr, "try again") {
		t.Errorf("stderr %q", r.stderr)
	}
}
