package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/spf13/cobra"
)

func (a *app) sandboxCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "sandbox [flags]",
		Short: "Serve the FreshBooks API and its authorization pages offline",
		Long: `Serve the FreshBooks API and its authorization pages offline, seeded with
realistic businesses. It prints the lines that point this command (or any SDK)
at it, and the command that logs in. Run "freshbooks sandbox -h" for its flags.`,
		// The sandbox keeps its Go-style flags (-addr, -auto-approve, ...).
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return sandbox(cmd.Context(), args, a.stdout, a.stderr)
		},
	}
}

func sandbox(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("freshbooks sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `host:port` (port 0 picks a free one)")
	clientID := fs.String("client-id", freshbookstest.DefaultClientID, "the registered application's client `id`")
	clientSecret := fs.String("client-secret", freshbookstest.DefaultClientSecret, "the registered application's client `secret`")
	redirectURI := fs.String("redirect-uri", freshbookstest.DefaultRedirectURI, "the registered application's redirect `URI`")
	var apps appList
	fs.Var(&apps, "app", "register another application, as `id:secret:redirect-uri` (repeatable; the -client-* flags are the first)")
	strict := fs.Bool("strict", false, "answer 400 to an unknown filter, sort key or include, which FreshBooks ignores")
	autoApprove := fs.Bool("auto-approve", false, "approve authorization requests at once, without the consent page (headless use)")
	tokenTTL := fs.Duration("token-ttl", freshbookstest.DefaultTokenTTL, "access token `lifetime`")
	seed := fs.Uint64("seed", 0, "seed for the generated identities, businesses and records (default 1, or the one the -data dir was made with)")
	data := fs.String("data", "", "keep every record and token in `dir`, surviving restarts (default: in memory)")
	load := fs.String("load", "", "add the records of a JSON `file` (see freshbookstest.Sandbox.Load)")
	latency := fs.Duration("latency", 0, "add this `delay` to every API answer")
	rateLimit := fs.Int("rate-limit", 0, "answer 429 past this many requests per token per -rate-window (0: no limit)")
	rateWindow := fs.Duration("rate-window", time.Minute, "the rate limit's `window`")
	errorRate := fs.Float64("error-rate", 0, "share of API requests answered 502/503, from 0 to 1")
	dropRate := fs.Float64("drop-rate", 0, "share of API requests whose connection is dropped, from 0 to 1")
	verbose := fs.Bool("v", false, "log every request")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: freshbooks sandbox [flags]\n\nServe the FreshBooks API and its authorization pages on one address.\nPoint an SDK at it with FRESHBOOKS_API_URL and FRESHBOOKS_AUTH_URL.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := parseGoFlags(fs, args, stderr); err != nil {
		return err
	}
	for _, c := range []struct {
		ok  bool
		msg string
	}{
		{*tokenTTL > 0, "-token-ttl must be positive"},
		{*latency >= 0, "-latency must not be negative"},
		{*rateLimit >= 0, "-rate-limit must not be negative"},
		{*rateWindow > 0, "-rate-window must be positive"},
		{*errorRate >= 0 && *errorRate <= 1, "-error-rate must be between 0 and 1"},
		{*dropRate >= 0 && *dropRate <= 1, "-drop-rate must be between 0 and 1"},
		{*errorRate+*dropRate <= 1, "-error-rate and -drop-rate must add up to at most 1"},
	} {
		if !c.ok {
			fmt.Fprintf(stderr, "freshbooks sandbox: %s\n", c.msg)
			return errUsage
		}
	}
	opts := freshbookstest.Options{
		ClientID: *clientID, ClientSecret: *clientSecret, RedirectURI: *redirectURI, Apps: apps,
		AutoApprove: *autoApprove, Strict: *strict, TokenTTL: *tokenTTL, Seed: *seed,
		Faults: freshbookstest.Faults{Latency: *latency, RateLimit: *rateLimit, RateWindow: *rateWindow, ErrorRate: *errorRate, DropRate: *dropRate},
	}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	var sb *freshbookstest.Sandbox
	if *data != "" {
		var err error
		if sb, err = freshbookstest.Open(*data, opts); err != nil {
			return err
		}
	} else {
		sb = freshbookstest.New(opts)
	}
	defer sb.Close()
	if *load != "" {
		f, err := os.Open(*load)
		if err != nil {
			return err
		}
		err = sb.Load(f)
		f.Close()
		if err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "FreshBooks sandbox listening on %s\n", url)
	fmt.Fprint(stdout, sandboxBanner(url, *clientID, *clientSecret, *redirectURI))
	return serveUntilDone(ctx, ln, sb)
}

// sandboxBanner tells how to point freshbooks at the sandbox: two export
// lines and the command that logs in. A client secret chosen with
// -client-secret is not echoed.
func sandboxBanner(url, clientID, clientSecret, redirectURI string) string {
	creds := []string{"FRESHBOOKS_CLIENT_ID=" + shellQuote(clientID)}
	if clientSecret == freshbookstest.DefaultClientSecret {
		creds = append(creds, "FRESHBOOKS_CLIENT_SECRET="+clientSecret)
	}
	creds = append(creds, "FRESHBOOKS_REDIRECT_URI="+shellQuote(redirectURI))
	if clientSecret != freshbookstest.DefaultClientSecret {
		creds = append(creds, "# and FRESHBOOKS_CLIENT_SECRET, as set by -client-secret")
	}
	login := "freshbooks auth login"
	if _, ok := loopbackAddr(redirectURI); !ok {
		login += " --no-browser"
	}
	return fmt.Sprintf("  export FRESHBOOKS_API_URL=%s FRESHBOOKS_AUTH_URL=%s\n  export %s\nthen log in with:\n  %s\n",
		url, url, strings.Join(creds, " "), login)
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+=,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// appList is the repeatable -app flag.
type appList []freshbookstest.App

func (l *appList) String() string {
	ids := make([]string, len(*l))
	for i, a := range *l {
		ids[i] = a.ClientID
	}
	return strings.Join(ids, ",")
}

// Set reads id:secret:redirect-uri; the URI may hold colons of its own.
func (l *appList) Set(v string) error {
	id, rest, ok1 := strings.Cut(v, ":")
	secret, redirect, ok2 := strings.Cut(rest, ":")
	u, err := url.Parse(redirect)
	switch {
	case !ok1 || !ok2 || id == "" || secret == "":
		return errors.New("want id:secret:redirect-uri")
	case err != nil || !u.IsAbs():
		return errors.New("the redirect URI must be absolute, such as https://example.com/callback")
	}
	*l = append(*l, freshbookstest.App{ClientID: id, ClientSecret: secret, RedirectURI: redirect})
	return nil
}
