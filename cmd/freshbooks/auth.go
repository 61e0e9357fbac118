package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/spf13/cobra"
)

// group returns a command that only holds subcommands.
func group(use, short string, subs ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(cmd.ErrOrStderr())
			_ = cmd.Usage()
			return errUsage
		},
	}
	g.AddCommand(subs...)
	return g
}

func (a *app) authCommand() *cobra.Command {
	return group("auth", "Log in to FreshBooks, see the login, switch business, log out",
		a.loginCommand(), a.statusCommand(), a.tokenCommand(), a.logoutCommand(), a.switchCommand())
}

func (a *app) loginCommand() *cobra.Command {
	var o loginOptions
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Log in to FreshBooks in the browser",
		Long: `Log in to FreshBooks: open the authorization page in the browser (with state and
PKCE), wait for its redirect on this machine, and keep the token in the profile.
The token refreshes itself from then on; "auth status" shows it.

The application comes from FRESHBOOKS_CLIENT_ID, FRESHBOOKS_CLIENT_SECRET and
FRESHBOOKS_REDIRECT_URI. The redirect URI must be one registered for the
application; when it is a loopback one (https://localhost:PORT/PATH or
http://127.0.0.1:PORT/PATH) this command listens there. Without
FRESHBOOKS_REDIRECT_URI it is ` + defaultRedirectURI + `: register exactly that
URI for a real FreshBooks application (FreshBooks requires https; the command
serves it with a certificate of its own, which the browser asks you to accept).

--no-browser (for SSH sessions, or any other redirect URI) prints the URL and
reads the URL the browser lands on, or just its code, from standard input.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return a.login(cmd.Context(), o) },
	}
	cmd.Flags().BoolVar(&o.noBrowser, "no-browser", false, "print the URL and read the redirected URL (or the code) from standard input")
	cmd.Flags().StringSliceVar(&o.scopes, "scopes", nil, "the OAuth `scopes` to ask for, comma-separated (default: every scope of the application)")
	cmd.Flags().IntVar(&o.port, "port", 0, "listen on this `port` (it replaces the redirect URI's: register that URI)")
	return cmd
}

// status is what "auth status" reports.
type status struct {
	Profile    string       `json:"profile"`
	TokenFile  string       `json:"token_file"`
	User       string       `json:"user"`
	Email      string       `json:"email"`
	IdentityID int64        `json:"identity_id"`
	ExpiresAt  time.Time    `json:"access_token_expires_at,omitzero"`
	Scopes     []string     `json:"scopes"`
	Businesses []membership `json:"businesses"`
}

// membership is one business of the login, flattened.
type membership struct {
	Current      bool   `json:"current"`
	AccountID    string `json:"account_id"`
	BusinessID   int64  `json:"business_id"`
	BusinessUUID string `json:"business_uuid"`
	Name         string `json:"name"`
	Role         string `json:"role"`
}

// currentUser returns the profile's client, its user and their
// businesses.
func (a *app) currentUser(ctx context.Context) (*freshbooks.Client, *freshbooks.Identity, []membership, error) {
	c, err := a.client(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	me, err := c.CurrentUser(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	s, err := a.loadSettings()
	if err != nil {
		return nil, nil, nil, err
	}
	var ms []membership
	for _, m := range me.BusinessMemberships {
		b := m.Business
		ms = append(ms, membership{
			Current:   b.AccountID == s.AccountID && b.ID == s.BusinessID,
			AccountID: string(b.AccountID), BusinessID: int64(b.ID), BusinessUUID: string(b.BusinessUUID),
			Name: b.Name, Role: string(m.Role),
		})
	}
	return c, me, ms, nil
}

func (a *app) statusCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show who is logged in, their businesses and the token's expiry (never the token)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, me, ms, err := a.currentUser(cmd.Context())
			if err != nil {
				return err
			}
			store, _ := a.tokenStore()
			tok := c.Token()
			st := status{
				Profile: a.flags.profile, TokenFile: store.Path(), User: me.FullName(), Email: me.Email,
				IdentityID: int64(me.IdentityID), ExpiresAt: tok.AccessTokenExpiresAt, Scopes: tok.Scopes(), Businesses: ms,
			}
			return a.printValue(st, func(w io.Writer) error {
				fmt.Fprintf(w, "Logged in as %s <%s> (identity %d) with profile %q\n", st.User, st.Email, st.IdentityID, st.Profile)
				if !st.ExpiresAt.IsZero() {
					fmt.Fprintf(w, "Access token expires %s (in %s); it refreshes itself\n",
						st.ExpiresAt.Format(time.RFC3339), time.Until(st.ExpiresAt).Round(time.Minute))
				}
				fmt.Fprintf(w, "Token file %s\n", st.TokenFile)
				if len(st.Scopes) > 0 {
					fmt.Fprintf(w, "Scopes %v\n", st.Scopes)
				}
				fmt.Fprintln(w)
				return a.membershipTable(w, ms)
			})
		},
	}
}

func (a *app) tokenCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "token",
		Short: "Print the access token (the only command that does), refreshed if need be",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, _, tok, err := a.loggedIn(ctx)
			if err != nil {
				return err
			}
			if tok.Expired(time.Now(), time.Minute) {
				// Any request refreshes an expiring token, and saves it.
				if _, err := c.CurrentUser(ctx); err != nil {
					return err
				}
				tok = c.Token()
			}
			fmt.Fprintln(a.stdout, tok.AccessToken)
			return nil
		},
	}
}

func (a *app) logoutCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Revoke the token at FreshBooks and forget it",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, store, tok, err := a.loggedIn(ctx)
			if err != nil {
				return err
			}
			revokeErr := c.RevokeToken(ctx, tok.RefreshToken)
			// Forget it here whatever FreshBooks said.
			if err := errors.Join(store.Clear(ctx), a.forgetSettings()); err != nil {
				return err
			}
			var oe *freshbooks.OAuthError
			if revokeErr != nil && !errors.As(revokeErr, &oe) {
				return fmt.Errorf("forgot the token of profile %q, but could not revoke it: %w", a.flags.profile, revokeErr)
			}
			a.notef("Logged out of profile %q.\n", a.flags.profile)
			return nil
		},
	}
}

func (a *app) switchCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "switch ACCOUNT|BUSINESS|NAME",
		Short: "Make another business of the login the current one (remembered per profile)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := a.client(ctx)
			if err != nil {
				return err
			}
			me, err := c.CurrentUser(ctx)
			if err != nil {
				return err
			}
			m, err := pickMembership(me, args[0], "")
			if err != nil {
				return err
			}
			if err := a.useMembership(*m); err != nil {
				return err
			}
			a.notef("Working on %s (account %s, business %d) with profile %q.\n", m.Business.Name, m.Business.AccountID, m.Business.ID, a.flags.profile)
			return nil
		},
	}
}

func (a *app) whoamiCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "whoami",
		Short: "Show the current user and their business memberships",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, me, ms, err := a.currentUser(cmd.Context())
			if err != nil {
				return err
			}
			return a.printValue(me, func(w io.Writer) error {
				fmt.Fprintf(w, "%s <%s> (identity %d)\n\n", me.FullName(), me.Email, me.IdentityID)
				return a.membershipTable(w, ms)
			})
		},
	}
}

// openBrowser opens url in the user's browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// membershipTable prints a login's businesses as a table.
func (a *app) membershipTable(w io.Writer, ms []membership) error {
	t := &table{w: w, cols: membershipColumns()}
	for _, m := range ms {
		data, err := json.Marshal(m)
		if err != nil {
			return err
		}
		if err := t.Write(data); err != nil {
			return err
		}
	}
	return t.Close()
}
