package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/internal/mcpserver"
	"github.com/spf13/cobra"
)

// envMCPBearer holds the secret HTTP clients must send as a bearer token.
const envMCPBearer = "FRESHBOOKS_MCP_BEARER"

// mcp serves FreshBooks to AI assistants over the Model Context Protocol:
// on stdin and stdout, or Streamable HTTP with -http.
func (a *app) mcp(ctx context.Context, args []string) error {
	stdin, stdout, stderr := a.stdin, a.stdout, a.stderr
	fs := flag.NewFlagSet("freshbooks mcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	httpAddr := fs.String("http", "", "serve Streamable HTTP on `host:port` instead of stdio (a loopback address unless -allow-remote)")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback -http address; clients must then send $"+envMCPBearer+" as a bearer token")
	allowWrites := fs.Bool("allow-writes", false, "offer the tools that create, change, delete and send (default: read-only)")
	account := fs.String("account", "", "the account `id` tool calls use by default (default: the user's first business)")
	business := fs.Int64("business", 0, "the business `id` tool calls use by default (default: the user's first business)")
	fs.StringVar(&a.flags.profile, "profile", a.flags.profile, "the login of \"freshbooks auth login\" to use when no token is in the environment")
	verbose := fs.Bool("v", false, "log every FreshBooks request, not only tool calls, to stderr")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: freshbooks mcp [flags]\n\nServe FreshBooks to AI assistants (Claude Desktop, Cursor, VS Code) over MCP, on stdin and\n"+
			"stdout unless -http. The token is the profile's, from \"freshbooks auth login\", unless FRESHBOOKS_ACCESS_TOKEN\n"+
			"(and FRESHBOOKS_REFRESH_TOKEN) are set; refreshes use FRESHBOOKS_CLIENT_ID, FRESHBOOKS_CLIENT_SECRET and\n"+
			"FRESHBOOKS_REDIRECT_URI.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := parseGoFlags(fs, args, stderr); err != nil {
		return err
	}
	bearer := a.getenv(envMCPBearer)
	if *httpAddr != "" && !loopback(*httpAddr) {
		if !*allowRemote || bearer == "" {
			fmt.Fprintf(stderr, "freshbooks mcp: -http %s is not a loopback address: serving it needs -allow-remote and a secret in $%s\n", *httpAddr, envMCPBearer)
			return errUsage
		}
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	client, err := a.mcpClient(ctx, logger)
	if err != nil {
		return err
	}
	defer client.Flush(context.WithoutCancel(ctx))
	srv := mcpserver.New(client, mcpserver.Options{
		Owner:       freshbooks.Owner{Account: freshbooks.AccountID(*account), Business: freshbooks.BusinessID(*business)},
		AllowWrites: *allowWrites,
		Logger:      logger,
		Version:     freshbooks.Version,
	})
	if *httpAddr == "" {
		return mcpserver.ServeStdio(ctx, srv, stdin, stdout)
	}
	ln, err := net.Listen("tcp", *httpAddr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "FreshBooks MCP server listening on http://%s/\n", ln.Addr())
	return serveUntilDone(ctx, ln, mcpserver.HTTPHandler(srv, bearer, logger))
}

// mcpClient builds the FreshBooks client of the MCP server. A token in
// FRESHBOOKS_ACCESS_TOKEN (and FRESHBOOKS_REFRESH_TOKEN) wins, refreshed
// with FRESHBOOKS_CLIENT_ID, FRESHBOOKS_CLIENT_SECRET and
// FRESHBOOKS_REDIRECT_URI and kept in memory; otherwise the server uses
// the profile's login, as every other command does: its token file,
// refreshed and saved one process at a time.
func (a *app) mcpClient(ctx context.Context, logger *slog.Logger) (*freshbooks.Client, error) {
	access, refresh := a.getenv("FRESHBOOKS_ACCESS_TOKEN"), a.getenv("FRESHBOOKS_REFRESH_TOKEN")
	if access == "" && refresh == "" {
		c, err := a.client(ctx)
		if errors.Is(err, errLoginNeeded) {
			return nil, fmt.Errorf("%w: run \"freshbooks auth login\", or set FRESHBOOKS_ACCESS_TOKEN", err)
		}
		return c, err
	}
	return freshbooks.NewClient(freshbooks.Config{
		ClientID:     a.getenv(envClientID),
		ClientSecret: a.getenv(envClientSecret),
		RedirectURI:  a.getenv(envRedirectURI),
		BaseURL:      a.getenv(freshbooks.EnvAPIURL),
		AuthURL:      a.getenv(freshbooks.EnvAuthURL),
		AccessToken:  access,
		RefreshToken: refresh,
		TokenStore:   &freshbooks.MemoryStore{},
		Logger:       logger,
	})
}

// mcpCommand serves the MCP server; its flags are the standard library's,
// as the sandbox's are.
func (a *app) mcpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "mcp [flags]",
		Short: "Serve FreshBooks to AI assistants over the Model Context Protocol",
		Long: `Serve FreshBooks to AI assistants over the Model Context Protocol: on standard
input and output, or with --http on a loopback address. Read-only unless
--allow-writes. Run "freshbooks mcp -h" for its flags.`,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.mcp(cmd.Context(), args)
		},
	}
}
