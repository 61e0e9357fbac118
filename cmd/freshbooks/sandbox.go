package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func sandbox(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("freshbooks sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `host:port` (port 0 picks a free one)")
	clientID := fs.String("client-id", freshbookstest.DefaultClientID, "the registered application's client `id`")
	clientSecret := fs.String("client-secret", freshbookstest.DefaultClientSecret, "the registered application's client `secret`")
	redirectURI := fs.String("redirect-uri", freshbookstest.DefaultRedirectURI, "the registered application's redirect `URI`")
	autoApprove := fs.Bool("auto-approve", false, "approve authorization requests at once, without the consent page (headless use)")
	tokenTTL := fs.Duration("token-ttl", freshbookstest.DefaultTokenTTL, "access token `lifetime`")
	seed := fs.Uint64("seed", 1, "seed for the generated identities, businesses and records")
	verbose := fs.Bool("v", false, "log every request")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: freshbooks sandbox [flags]\n\nServe the FreshBooks API and its authorization pages on one address.\nPoint an SDK at it with FRESHBOOKS_API_URL and FRESHBOOKS_AUTH_URL.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "freshbooks sandbox: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	if *tokenTTL <= 0 {
		fmt.Fprintf(stderr, "freshbooks sandbox: -token-ttl must be positive, not %v\n", *tokenTTL)
		return errUsage
	}
	opts := freshbookstest.Options{
		ClientID: *clientID, ClientSecret: *clientSecret, RedirectURI: *redirectURI,
		AutoApprove: *autoApprove, TokenTTL: *tokenTTL, Seed: *seed,
	}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: freshbookstest.New(opts), ReadHeaderTimeout: 10 * time.Second}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "FreshBooks sandbox listening on %s\n", url)
	fmt.Fprintf(stdout, "  export FRESHBOOKS_API_URL=%s FRESHBOOKS_AUTH_URL=%s\n", url, url)
	fmt.Fprintf(stdout, "  client id %s, redirect URI %s (client secret as set by -client-secret)\n", *clientID, *redirectURI)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	}
}
