package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"html"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

// loginOptions are the flags of "auth login".
type loginOptions struct {
	noBrowser bool
	scopes    []string
	port      int
}

// login runs the authorization flow (state and PKCE) and stores the token
// in the profile; the login's first business becomes the current one.
func (a *app) login(ctx context.Context, o loginOptions) error {
	c, err := a.newClient(o.port)
	if err != nil {
		return err
	}
	redirect, err := a.redirectURI(o.port)
	if err != nil {
		return err
	}
	ar, err := c.NewAuthRequest(o.scopes...)
	if err != nil {
		return err
	}
	var callback url.Values
	if addr, ok := loopbackAddr(redirect); ok && !o.noBrowser {
		callback, err = a.awaitRedirect(ctx, addr, redirect, ar)
	} else {
		if !o.noBrowser {
			a.notef("%s is not a loopback address this command can listen on: paste the redirect instead.\n", redirect)
		}
		callback, err = a.pasteRedirect(ctx, ar)
	}
	if err != nil {
		return err
	}
	if _, err := c.CompleteAuth(ctx, ar, callback); err != nil {
		return err
	}
	me, err := c.CurrentUser(ctx)
	if err != nil {
		return err
	}
	where := "no business"
	if len(me.BusinessMemberships) > 0 {
		m := me.BusinessMemberships[0]
		if err := a.useMembership(m); err != nil {
			return err
		}
		where = fmt.Sprintf("%s (account %s, business %d)", m.Business.Name, m.Business.AccountID, m.Business.ID)
	}
	a.notef("Logged in as %s <%s> with profile %q; working on %s.\n", me.FullName(), me.Email, a.flags.profile, where)
	return nil
}

// loopbackAddr returns the address to listen on for a redirect URI on
// this machine: http or https, a loopback host and an explicit port.
func loopbackAddr(redirect string) (string, bool) {
	u, err := url.Parse(redirect)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Port() == "" {
		return "", false
	}
	addr := net.JoinHostPort(u.Hostname(), u.Port())
	return addr, loopback(addr)
}

// awaitRedirect listens on addr for FreshBooks' redirect, opens the
// browser at the authorization page and returns the redirect's query.
func (a *app) awaitRedirect(ctx context.Context, addr, redirect string, ar *freshbooks.AuthRequest) (url.Values, error) {
	u, _ := url.Parse(redirect)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s for the redirect: %w (try --port, or --no-browser)", addr, err)
	}
	if u.Scheme == "https" {
		cert, err := loopbackCertificate()
		if err != nil {
			ln.Close()
			return nil, err
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	}
	got := make(chan url.Values, 1)
	mux := http.NewServeMux()
	mux.HandleFunc(cmpPath(u.Path), func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("state") != ar.State {
			http.Error(w, "This is not the redirect of the login in progress.", http.StatusBadRequest)
			return
		}
		select {
		case got <- q:
		default:
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		msg := "You are logged in to FreshBooks; you can close this tab."
		if e := q.Get("error"); e != "" {
			msg = "The authorization did not complete: " + e
		}
		fmt.Fprintf(w, "<!doctype html><title>freshbooks</title><p>%s</p>\n", html.EscapeString(msg))
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	if a.openBrowser == nil || a.openBrowser(ar.URL) != nil {
		a.notef("Open this URL in your browser and approve:\n\n  %s\n\n", ar.URL)
	} else {
		a.notef("Opened the FreshBooks authorization page in your browser. If it did not open, visit:\n\n  %s\n\n", ar.URL)
	}
	if u.Scheme == "https" {
		a.notef("Your browser will warn about this command's own certificate for %s: accept it to finish.\n", u.Host)
	}
	a.notef("Waiting for FreshBooks to redirect to %s ...\n", redirect)
	select {
	case q := <-got:
		return q, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func cmpPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// loopbackCertificate makes a short-lived self-signed certificate for
// the loopback names: FreshBooks redirects only to https URIs.
func loopbackCertificate() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "freshbooks auth login"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// pasteRedirect prints the authorization URL and reads the URL the
// browser was sent to (or the bare code) from standard input.
func (a *app) pasteRedirect(ctx context.Context, ar *freshbooks.AuthRequest) (url.Values, error) {
	fmt.Fprintf(a.stderr, "Open this URL in a browser and approve:\n\n  %s\n\nThen paste the URL the browser lands on (or just its code): ", ar.URL)
	type result struct {
		line string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		line, err := bufio.NewReader(a.stdin).ReadString('\n')
		got <- result{line, err}
	}()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-got:
		line := strings.TrimSpace(r.line)
		if line == "" {
			return nil, usagef("nothing pasted: paste the URL the browser lands on after approving")
		}
		return parseRedirect(line, ar.State)
	}
}

// parseRedirect reads a pasted redirect URL, or a bare authorization code
// (for which the state is the request's own: PKCE still binds it).
func parseRedirect(s, state string) (url.Values, error) {
	if !strings.ContainsAny(s, "?=/") {
		return url.Values{"code": {s}, "state": {state}}, nil
	}
	_, rawQuery, _ := strings.Cut(s, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil || (q.Get("code") == "" && q.Get("error") == "") {
		return nil, usagef("the pasted text is neither a redirect URL with a code nor a code")
	}
	return q, nil
}

// notef tells the user something on standard error, unless -q.
func (a *app) notef(format string, args ...any) {
	if !a.flags.quiet {
		fmt.Fprintf(a.stderr, format, args...)
	}
}
