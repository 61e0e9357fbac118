package oauth

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

func authPage(w http.ResponseWriter, status int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = errorPage.Execute(w, map[string]string{"Title": title, "Message": msg})
}

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · FreshBooks Sandbox</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto">
<h1>{{.Title}}</h1><p>{{.Message}}</p></body></html>
`))

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize {{.App}} · FreshBooks Sandbox</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; color: #1d2a39 }
li { margin: .2rem 0 } fieldset { border: 1px solid #ccd; border-radius: 6px; margin: 1rem 0 }
button { font-size: 1rem; padding: .5rem 1.5rem; margin-right: .5rem; border-radius: 4px; border: 1px solid #0063c1 }
#approve { background: #0063c1; color: white } #deny { background: white; color: #0063c1 }
</style></head>
<body>
<h1>Authorize {{.App}}</h1>
<p><strong>{{.App}}</strong> would like to access your FreshBooks account with these permissions:</p>
<ul id="scopes">{{range .Scopes}}<li><code>{{.}}</code></li>{{end}}</ul>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="consent" value="{{.Consent}}">
<fieldset><legend>Sign in as</legend>
{{range $i, $p := .People}}<label><input type="radio" name="identity" value="{{$p.ID}}"{{if eq $i 0}} checked{{end}}> {{$p.FirstName}} {{$p.LastName}} &lt;{{$p.Email}}&gt;</label><br>{{end}}
</fieldset>
<button id="approve" type="submit" name="decision" value="approve">Approve</button>
<button id="deny" type="submit" name="decision" value="deny">Deny</button>
</form>
<p><small>FreshBooks Sandbox — an offline emulator; no real account is involved.</small></p>
</body></html>
`))

// consentField finds the consent id in the consent page.
var consentField = regexp.MustCompile(`name="consent" value="([0-9a-f]+)"`)

// Consent does what a person does with an authorization URL: it opens
// the page and clicks decision ("approve" or "deny"), signed in as the
// first identity, posting the form to the sandbox at base. It returns
// the URL the browser is sent back to.
func Consent(ctx context.Context, base, authURL, decision string) (*url.URL, error) {
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	page, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusFound { // auto-approve, or an error redirect
		return resp.Location()
	}
	m := consentField.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		return nil, fmt.Errorf("freshbookstest: authorization page answered %s", resp.Status)
	}
	form := url.Values{"consent": {string(m[1])}, "decision": {decision}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, base+"/oauth/authorize", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = hc.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, errors.New("freshbookstest: consent was not accepted: " + resp.Status)
	}
	return resp.Location()
}
