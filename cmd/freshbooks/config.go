package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks"
)

// Environment variables naming the application; FRESHBOOKS_API_URL and
// FRESHBOOKS_AUTH_URL are the library's (freshbooks.EnvAPIURL, EnvAuthURL).
const (
	envClientID     = "FRESHBOOKS_CLIENT_ID"
	envClientSecret = "FRESHBOOKS_CLIENT_SECRET"
	envRedirectURI  = "FRESHBOOKS_REDIRECT_URI"
	// envConfigDir replaces the folder of tokens and settings.
	envConfigDir = "FRESHBOOKS_CONFIG_DIR"
)

// defaultRedirectURI is where "auth login" listens when
// FRESHBOOKS_REDIRECT_URI is not set: register exactly this URI for the
// application. FreshBooks requires HTTPS redirect URIs and rejects
// http://localhost, so the listener serves HTTPS with a certificate made
// on the spot. That FreshBooks accepts an https://localhost URI with a
// port is inferred, not verified.
const defaultRedirectURI = "https://localhost:8976/callback"

var profileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// configDir is the folder of the profiles' tokens and settings:
// $FRESHBOOKS_CONFIG_DIR, or freshbooks/cli in the user's configuration
// folder ($XDG_CONFIG_HOME or ~/.config on Linux).
func (a *app) configDir() (string, error) {
	if dir := a.getenv(envConfigDir); dir != "" {
		return dir, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no configuration folder: %w (set %s)", err, envConfigDir)
	}
	return filepath.Join(dir, "freshbooks", "cli"), nil
}

// profilePath returns the path of the profile's file with the suffix
// ("token.json", "settings.json").
func (a *app) profilePath(suffix string) (string, error) {
	if !profileName.MatchString(a.flags.profile) {
		return "", usagef("bad --profile %q: use letters, digits, '-', '_' and '.'", a.flags.profile)
	}
	dir, err := a.configDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, a.flags.profile+"."+suffix), nil
}

func (a *app) tokenStore() (*freshbooks.FileStore, error) {
	path, err := a.profilePath("token.json")
	if err != nil {
		return nil, err
	}
	return freshbooks.NewFileStore(path), nil
}

// settings are what a profile remembers beside its token: the business
// commands work on.
type settings struct {
	AccountID    freshbooks.AccountID    `json:"account_id,omitempty"`
	BusinessID   freshbooks.BusinessID   `json:"business_id,omitempty"`
	BusinessUUID freshbooks.BusinessUUID `json:"business_uuid,omitempty"`
	BusinessName string                  `json:"business_name,omitempty"`
}

func (a *app) loadSettings() (settings, error) {
	var s settings
	path, err := a.profilePath("settings.json")
	if err != nil {
		return s, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("%s: %w (delete it, or run \"freshbooks auth login\")", path, err)
	}
	return s, nil
}

// saveSettings writes the profile's settings, 0600 in a 0700 folder,
// replacing the file in one step.
func (a *app) saveSettings(s settings) error {
	path, err := a.profilePath("settings.json")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".settings-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func (a *app) forgetSettings() error {
	path, err := a.profilePath("settings.json")
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// useMembership makes m the profile's current business.
func (a *app) useMembership(m freshbooks.BusinessMembership) error {
	b := m.Business
	return a.saveSettings(settings{AccountID: b.AccountID, BusinessID: b.ID, BusinessUUID: b.BusinessUUID, BusinessName: b.Name})
}

// redirectURI is the application's registered redirect URI, with --port
// replacing its port when port is not 0.
func (a *app) redirectURI(port int) (string, error) {
	uri := a.getenv(envRedirectURI)
	if uri == "" {
		uri = defaultRedirectURI
	}
	if port == 0 {
		return uri, nil
	}
	if port < 0 || port > 65535 {
		return "", usagef("bad --port %d", port)
	}
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return "", usagef("--port needs a redirect URI with a host, not %q", uri)
	}
	u.Host = net.JoinHostPort(u.Hostname(), strconv.Itoa(port))
	return u.String(), nil
}

// newClient builds the client of the profile: the application's
// credentials from the environment, the token in the profile's file
// store, so that refreshes are automatic and saved before use, one
// process at a time.
func (a *app) newClient(port int) (*freshbooks.Client, error) {
	id, secret := a.getenv(envClientID), a.getenv(envClientSecret)
	if id == "" || secret == "" {
		return nil, fmt.Errorf("%w: set %s and %s to your application's credentials (see \"freshbooks --help\")", errNoApp, envClientID, envClientSecret)
	}
	redirect, err := a.redirectURI(port)
	if err != nil {
		return nil, err
	}
	store, err := a.tokenStore()
	if err != nil {
		return nil, err
	}
	cfg := freshbooks.Config{
		ClientID: id, ClientSecret: secret, RedirectURI: redirect,
		BaseURL: a.getenv(freshbooks.EnvAPIURL), AuthURL: a.getenv(freshbooks.EnvAuthURL),
		UserAgent:  "freshbooks-cli/" + freshbooks.Version + " client_id " + id,
		TokenStore: store,
	}
	a.configure(&cfg)
	return freshbooks.NewClient(cfg)
}

// configure adds what --debug and --dry-run ask for.
func (a *app) configure(cfg *freshbooks.Config) {
	if a.flags.debug {
		cfg.Logger = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if a.flags.dryRun {
		// Nothing is sent, so nothing needs a real token: the store stays
		// untouched and no refresh happens.
		cfg.TokenStore = nil
		cfg.AccessToken = "dry-run"
		cfg.MaxRetries = -1
		cfg.HTTPClient = &http.Client{Transport: dryRun{a.stdout}}
	}
}

// errNoApp reports missing application credentials.
var errNoApp = errors.New("no FreshBooks application configured")

// client is newClient for the commands that need a login.
func (a *app) client(ctx context.Context) (*freshbooks.Client, error) {
	c, _, _, err := a.loggedIn(ctx)
	return c, err
}

// loggedIn returns the client of the profile, its store and the stored
// token, or errLoginNeeded.
func (a *app) loggedIn(ctx context.Context) (*freshbooks.Client, *freshbooks.FileStore, freshbooks.Token, error) {
	var tok freshbooks.Token
	c, err := a.newClient(0)
	if err != nil || a.flags.dryRun {
		return c, nil, tok, err
	}
	store, err := a.tokenStore()
	if err != nil {
		return nil, nil, tok, err
	}
	if tok, err = store.Load(ctx); err != nil {
		return nil, nil, tok, err
	}
	if tok.AccessToken == "" && tok.RefreshToken == "" {
		return nil, nil, tok, fmt.Errorf("%w with profile %q", errLoginNeeded, a.flags.profile)
	}
	return c, store, tok, nil
}

// owner is the business the command works on: --account and --business
// when given, else the profile's current business, else the login's
// first membership.
func (a *app) resolveOwner(ctx context.Context, c *freshbooks.Client) (freshbooks.Owner, error) {
	s, err := a.loadSettings()
	if err != nil {
		return freshbooks.Owner{}, err
	}
	if a.flags.account == "" && a.flags.business == "" && s.AccountID != "" {
		return freshbooks.Owner{Account: s.AccountID, Business: s.BusinessID, BusinessUUID: s.BusinessUUID}, nil
	}
	if a.flags.dryRun {
		// No lookup without a request: take the flags as they are.
		if a.flags.account == "" && s.AccountID == "" {
			return freshbooks.Owner{}, usagef("--dry-run sends nothing, not even to find the business: pass --account (and --business), or run a command without --dry-run once")
		}
		o := freshbooks.Owner{Account: cmp.Or(freshbooks.AccountID(a.flags.account), s.AccountID), Business: s.BusinessID, BusinessUUID: s.BusinessUUID}
		if a.flags.business != "" {
			id, err := strconv.ParseInt(a.flags.business, 10, 64)
			if err != nil {
				return o, usagef("bad --business %q: a business id is a number", a.flags.business)
			}
			o.Business = freshbooks.BusinessID(id)
		}
		return o, nil
	}
	me, err := c.CurrentUser(ctx)
	if err != nil {
		return freshbooks.Owner{}, err
	}
	m, err := pickMembership(me, a.flags.account, a.flags.business)
	if err != nil {
		return freshbooks.Owner{}, err
	}
	if a.flags.account == "" && a.flags.business == "" {
		if err := a.useMembership(*m); err != nil {
			return freshbooks.Owner{}, err
		}
	}
	b := m.Business
	return freshbooks.Owner{Account: b.AccountID, Business: b.ID, BusinessUUID: b.BusinessUUID}, nil
}

// pickMembership finds the membership with the account id, business id,
// business UUID or name given (the first one when both are empty).
func pickMembership(me *freshbooks.Identity, account, business string) (*freshbooks.BusinessMembership, error) {
	if len(me.BusinessMemberships) == 0 {
		return nil, fmt.Errorf("%s belongs to no business", me.Email)
	}
	for i := range me.BusinessMemberships {
		m := &me.BusinessMemberships[i]
		if (account == "" || matchesBusiness(m.Business, account)) && (business == "" || matchesBusiness(m.Business, business)) {
			return m, nil
		}
	}
	var known []string
	for _, m := range me.BusinessMemberships {
		known = append(known, fmt.Sprintf("%s (account %s, business %d)", m.Business.Name, m.Business.AccountID, m.Business.ID))
	}
	return nil, usagef("no business of %s matches %q: %s", me.Email, account+business, strings.Join(known, ", "))
}

func matchesBusiness(b freshbooks.Business, key string) bool {
	return string(b.AccountID) == key || b.ID.String() == key || string(b.BusinessUUID) == key || strings.EqualFold(b.Name, key)
}
