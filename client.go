package freshbooks

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// Version is the version of this package, sent in the User-Agent header.
const Version = "0.1.0"

// Defaults used when a [Config] leaves a field empty.
const (
	DefaultBaseURL  = "https://api.freshbooks.com"  // API and token endpoint
	DefaultAuthURL  = "https://auth.freshbooks.com" // browser authorization page
	DefaultTimeout  = 30 * time.Second              // per API call, retries included
	DefaultPrefetch = 4                             // pages All keeps in flight at first
	MaxPrefetch     = 32                            // pages All keeps in flight at most, when it adapts
)

// Environment variables honoured by [NewClient], as the official SDKs do.
// A non-empty [Config] field wins over them.
const (
	EnvAPIURL  = "FRESHBOOKS_API_URL"  // replaces DefaultBaseURL
	EnvAuthURL = "FRESHBOOKS_AUTH_URL" // replaces DefaultAuthURL
)

// Config configures a [Client]. Only ClientID is needed to build one; the
// OAuth calls need ClientSecret and RedirectURI, the API calls an access
// token.
type Config struct {
	ClientID     string // the application's OAuth client id
	ClientSecret string // the application's OAuth client secret
	RedirectURI  string // a redirect URI registered for the application

	// AccessToken, RefreshToken and AccessTokenExpiresAt resume a stored
	// session. A zero expiry means unknown.
	AccessToken          string
	RefreshToken         string
	AccessTokenExpiresAt time.Time

	// UserAgent replaces the default "FreshBooks go sdk/<version> client_id <id>".
	UserAgent string
	// APIVersion, when set, is sent as the X-API-VERSION header (a date
	// such as "2023-02-20").
	APIVersion string
	// Timeout bounds each API call, retries included. Zero means
	// DefaultTimeout; a negative value means no limit beyond the context.
	Timeout time.Duration
	// HTTPClient sends the requests. Nil means a new client. It is copied,
	// not modified.
	HTTPClient *http.Client
	// BaseURL is the API root, also used for the token endpoint. Empty
	// means $FRESHBOOKS_API_URL, else DefaultBaseURL.
	BaseURL string
	// AuthURL is the root of the authorization page. Empty means
	// $FRESHBOOKS_AUTH_URL, else DefaultAuthURL.
	AuthURL string
	// MaxRetries is how many times a failed idempotent call is retried.
	// Zero means 3; a negative value disables retries.
	MaxRetries int
	// MaxRetryWait is the longest Retry-After a call waits for before
	// trying again. An answer asking for longer, or for longer than the
	// call has left before its deadline, is returned at once as the
	// *APIError it is, with its RetryAfter. Zero means 30 seconds.
	MaxRetryWait time.Duration
	// RateLimit, when positive, caps the client's requests per second,
	// all goroutines together, with bursts of up to RateBurst (at least
	// 1). Independently of it the client keeps to the budget FreshBooks
	// advertises in X-RateLimit-Remaining, slowing down before the limit
	// rather than after a 429.
	RateLimit rate.Limit
	RateBurst int
	// Prefetch is how many pages All asks for ahead of the one being
	// read, concurrently; 1 asks for the next page while the current one
	// is read. Zero adapts to the answers' latency: DefaultPrefetch
	// pages at first, as many more as keep the reader busy while pages
	// travel (far from FreshBooks, pages take longer to come than to
	// read), up to MaxPrefetch. A call's [Prefetch] option overrides it.
	// The client's rate limiter paces the pages as every other request.
	Prefetch int
	// Logger receives one debug record per HTTP attempt (method, path,
	// status, attempt, duration). Nil means no logging. Tokens are never
	// logged.
	Logger *slog.Logger

	// TokenStore keeps the client's token between runs and, when it
	// implements [TokenLocker], makes the processes that share it refresh
	// one at a time. The client reads it on first use (its token wins
	// over AccessToken and RefreshToken above, which only seed an empty
	// store) and saves every new token to it before using it. Nil keeps
	// the token in memory only. See [NewFileStore], [NewMemoryStore] and
	// [NewPostgresStore].
	TokenStore TokenStore
	// RefreshMargin is how long before its expiry the access token is
	// refreshed. Zero means DefaultRefreshMargin; a negative value means
	// only once expired, or refused. It is capped at half the token's
	// lifetime.
	RefreshMargin time.Duration
	// OnTokenChange, when set, is called with the client's new token
	// whenever it changes: refreshed by this client (after the save to
	// the TokenStore, before any request uses it), picked up from the
	// store after another process refreshed it, obtained by an
	// authorization, or cleared by a revocation (the zero Token). Calls
	// come one at a time; the function must return quickly and must not
	// call the client's token methods.
	OnTokenChange func(Token)
}

// String describes c without its secrets.
func (c Config) String() string {
	return fmt.Sprintf("freshbooks.Config{ClientID: %q, ClientSecret: %s, RedirectURI: %q, AccessToken: %s, RefreshToken: %s, BaseURL: %q, AuthURL: %q}",
		c.ClientID, redact(c.ClientSecret), c.RedirectURI, redact(c.AccessToken), redact(c.RefreshToken), c.BaseURL, c.AuthURL)
}

// GoString is like String, so %#v does not reveal secrets either.
func (c Config) GoString() string { return c.String() }

// LogValue keeps secrets out of structured logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", c.ClientID), slog.String("redirect_uri", c.RedirectURI),
		slog.String("base_url", c.BaseURL), slog.String("auth_url", c.AuthURL))
}

func redact(secret string) string {
	if secret == "" {
		return `""`
	}
	return "[redacted]"
}

// A Client talks to FreshBooks for one application and one user. It is
// safe for concurrent use.
type Client struct {
	clientID    string
	hasSecret   bool
	redirectURI string
	userAgent   string
	apiVersion  string
	timeout     time.Duration
	maxRetries  int
	maxWait     time.Duration
	prefetch    int
	limit       *limiter
	maxBody     int64
	logger      *slog.Logger
	base        *url.URL
	hc          *http.Client
	oauth       *oauth2.Config

	// sleep waits between retries; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error

	tk *keeper // the token, its refresh and its store (tokens.go)
}

// NewClient returns a client configured by cfg. It fails only on a malformed
// base URL; missing OAuth settings are reported by the calls that need them.
func NewClient(cfg Config) (*Client, error) {
	base := strings.TrimRight(cmp.Or(cfg.BaseURL, os.Getenv(EnvAPIURL), DefaultBaseURL), "/")
	auth := strings.TrimRight(cmp.Or(cfg.AuthURL, os.Getenv(EnvAuthURL), DefaultAuthURL), "/")
	baseURL, err := parseRoot("BaseURL", base)
	if err != nil {
		return nil, err
	}
	if _, err := parseRoot("AuthURL", auth); err != nil {
		return nil, err
	}
	c := &Client{
		clientID:    cfg.ClientID,
		hasSecret:   cfg.ClientSecret != "",
		redirectURI: cfg.RedirectURI,
		userAgent:   cmp.Or(cfg.UserAgent, "FreshBooks go sdk/"+Version+" client_id "+cfg.ClientID),
		apiVersion:  cfg.APIVersion,
		timeout:     cmp.Or(cfg.Timeout, DefaultTimeout),
		maxRetries:  cmp.Or(cfg.MaxRetries, 3),
		maxWait:     cmp.Or(cfg.MaxRetryWait, retryMaxDelay),
		prefetch:    cfg.Prefetch,
		limit:       newLimiter(cfg.RateLimit, cfg.RateBurst),
		maxBody:     defaultMaxResponseBytes,
		logger:      cfg.Logger,
		base:        baseURL,
		hc:          httpClient(cfg.HTTPClient),
		sleep:       sleepContext,
		oauth: &oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			RedirectURL:  cfg.RedirectURI,
			Endpoint: oauth2.Endpoint{
				AuthURL:  auth + "/oauth/authorize",
				TokenURL: base + "/auth/oauth/token",
				// Never AuthStyleAutoDetect: it resends a failed request,
				// and codes and refresh tokens work only once.
				AuthStyle: oauth2.AuthStyleInParams,
			},
		},
	}
	if c.maxRetries < 0 {
		c.maxRetries = 0
	}
	if c.timeout < 0 {
		c.timeout = 0
	}
	c.tk = newKeeper(cfg, c.timeout, c.redeemRefresh)
	return c, nil
}

func parseRoot(field, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("freshbooks: Config.%s %q is not an absolute http(s) URL", field, raw)
	}
	return u, nil
}

// httpClient copies hc (or makes a client) and makes its redirects safe:
// see checkRedirect.
func httpClient(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	} else {
		// Go's default keeps 2 idle connections per host: concurrent
		// callers would keep opening new ones.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 2 * MaxPrefetch // a window of All, and as many other callers
		c.Transport = t
	}
	next := c.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := checkRedirect(req, via, next == nil); err != nil {
			return err
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	return &c
}

// maxRedirects bounds the redirects of one request.
const maxRedirects = 10

// checkRedirect decides whether to follow a redirect to req. A GET (or
// HEAD) follows it anywhere, without the Authorization header once it
// leaves the original host. Any other method follows only a 307 or 308
// (which keep the method, and whose body Go replays) to the same scheme
// and host: Go would turn a POST answered 302 into a GET, and report as a
// success a write the server never received. A loop, or more than
// maxRedirects when limit is set, is refused too.
func checkRedirect(req *http.Request, via []*http.Request, limit bool) error {
	first := via[0]
	sameHost := req.URL.Host == first.URL.Host && req.URL.Scheme == first.URL.Scheme
	refuse := func(why string) error {
		status := 0
		if req.Response != nil {
			status = req.Response.StatusCode
		}
		return &RedirectError{Method: first.Method, StatusCode: status, Location: req.URL.Redacted(), Reason: why}
	}
	switch {
	case req.Method != first.Method:
		return refuse("it would turn " + first.Method + " into " + req.Method)
	case first.Method != http.MethodGet && first.Method != http.MethodHead && !sameHost:
		return refuse("a " + first.Method + " is not sent to another host")
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return refuse("redirect loop")
		}
	}
	if limit && len(via) >= maxRedirects {
		return refuse(fmt.Sprintf("stopped after %d redirects", maxRedirects))
	}
	if !sameHost {
		req.Header.Del("Authorization")
	}
	return nil
}

// String identifies the client without revealing its tokens.
func (c *Client) String() string { return fmt.Sprintf("freshbooks.Client{ClientID: %q}", c.clientID) }

// GoString is like String.
func (c *Client) GoString() string { return c.String() }

// LogValue keeps the client's tokens out of structured logs.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Token returns the tokens the client holds now. With a
// [Config.TokenStore], the stored token is read on the first request (or
// [Client.RefreshAccessToken]); before that Token returns the Config's.
func (c *Client) Token() Token { return c.tk.current() }

// SetToken replaces the tokens the client holds, for example with ones
// loaded from storage. With a [Config.TokenStore], t replaces the stored
// token too: it is saved by the next request, or by [Client.Flush].
func (c *Client) SetToken(t Token) { c.tk.setToken(t) }
