// Command authorization_flow walks FreshBooks' OAuth2 flow and prints each
// step: the authorization URL, the token exchange, a refresh, and the
// current user with their businesses.
//
// With no credentials in the environment it starts an in-process sandbox
// and approves the request itself, so it runs anywhere:
//
//	go run ./examples/authorization_flow
//
// With FRESHBOOKS_CLIENT_ID, FRESHBOOKS_CLIENT_SECRET and
// FRESHBOOKS_REDIRECT_URI set it talks to real FreshBooks: open the printed
// URL, approve, and paste the URL you were redirected to (or just the
// code).
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "authorization_flow:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, in io.Reader, out io.Writer) error {
	cfg := freshbooks.Config{
		ClientID:     os.Getenv("FRESHBOOKS_CLIENT_ID"),
		ClientSecret: os.Getenv("FRESHBOOKS_CLIENT_SECRET"),
		RedirectURI:  os.Getenv("FRESHBOOKS_REDIRECT_URI"),
	}
	// approve stands for the person at the browser.
	var approve func(ctx context.Context, authURL string) (*url.URL, error)
	if cfg.ClientID == "" {
		srv := freshbookstest.NewServer(freshbookstest.Options{})
		defer srv.Close()
		cfg = srv.Config()
		approve = srv.Approve
		fmt.Fprintf(out, "No FRESHBOOKS_CLIENT_ID set: using an in-process FreshBooks sandbox at %s\n\n", srv.URL)
	} else {
		approve = func(_ context.Context, authURL string) (*url.URL, error) {
			fmt.Fprintf(out, "Open this URL, approve, then paste the URL you land on (or the code):\n> ")
			line, err := bufio.NewReader(in).ReadString('\n')
			if err != nil && line == "" {
				return nil, fmt.Errorf("reading the callback: %w", err)
			}
			return callbackURL(strings.TrimSpace(line))
		}
	}
	client, err := freshbooks.NewClient(cfg)
	if err != nil {
		return err
	}

	fmt.Fprintln(out, "1. Authorization URL (with a random state and a PKCE challenge):")
	ar, err := client.NewAuthRequest("user:profile:read", "user:clients:read")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   %s\n", ar.URL)
	callback, err := approve(ctx, ar.URL)
	if err != nil {
		return err
	}
	if callback.Query().Get("state") == "" { // a pasted bare code
		q := callback.Query()
		q.Set("state", ar.State)
		callback.RawQuery = q.Encode()
	}

	fmt.Fprintln(out, "\n2. Code exchanged for tokens:")
	tok, err := client.CompleteAuth(ctx, ar, callback.Query())
	if err != nil {
		return err
	}
	printToken(out, tok)

	fmt.Fprintln(out, "\n3. Refreshed (the old refresh token is now spent):")
	tok, err = client.RefreshAccessToken(ctx)
	if err != nil {
		return err
	}
	printToken(out, tok)

	fmt.Fprintln(out, "\n4. Current user:")
	me, err := client.CurrentUser(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "   %s <%s>, identity %d\n", me.FullName(), me.Email, me.IdentityID)
	if len(me.BusinessMemberships) == 0 {
		return errors.New("the user belongs to no business")
	}
	fmt.Fprintln(out, "   Businesses:")
	for _, m := range me.BusinessMemberships {
		b := m.Business
		fmt.Fprintf(out, "   - %s (%s)\n     business id %d (projects, time tracking), account id %q (accounting), business uuid %s (ledger)\n",
			b.Name, m.Role, b.ID, b.AccountID, b.BusinessUUID)
	}
	return nil
}

// printToken shows a token's fields without the secrets themselves: a
// fingerprint is enough to see them change.
func printToken(out io.Writer, t freshbooks.Token) {
	fmt.Fprintf(out, "   access token        %s\n", fingerprint(t.AccessToken))
	fmt.Fprintf(out, "   refresh token       %s\n", fingerprint(t.RefreshToken))
	fmt.Fprintf(out, "   expires at (UTC)    %s\n", t.AccessTokenExpiresAt.Format(time.RFC3339))
	fmt.Fprintf(out, "   scope               %s\n", t.Scope)
}

func fingerprint(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return fmt.Sprintf("%d chars, sha256 %x…", len(secret), sum[:4])
}

// callbackURL accepts the pasted redirect URL or a bare code.
func callbackURL(s string) (*url.URL, error) {
	if s == "" {
		return nil, errors.New("nothing pasted")
	}
	if !strings.Contains(s, "://") {
		return &url.URL{RawQuery: url.Values{"code": {s}}.Encode()}, nil
	}
	return url.Parse(s)
}
