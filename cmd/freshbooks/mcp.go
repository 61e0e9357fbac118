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
	"os"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/internal/mcpserver"
	"github.com/spf13/cobra"
)

// envMCPBearer holds the secret HTTP clients must send as a bearer token.
const envMCPBearer = "FRESHBOOKS_MCP_BEARER"

// mcp serves FreshBooks to AI assistants over the Model Context Protocol:
// on stdin and stdout, or Streamable HTTP with -http.
func mcp(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("freshbooks mcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	httpAddr := fs.String("http", "", "serve Streamable HTTP on `host:port` instead of stdio (a loopback address unless -allow-remote)")
	allowRemote := fs.Bool("allow-remote", false, "allow a non-loopback -http address; clients must then send $"+envMCPBearer+" as a bearer token")
	allowWrites := fs.Bool("allow-writes", false, "offer the tools that create, change, delete and send (default: read-only)")
	account := fs.String("account", "", "the account `id` tool calls use by default (default: the user's first business)")
	business := fs.Int64("business", 0, "the business `id` tool calls use by default (default: the user's first business)")
	verbose := fs.Bool("v", false, "log every FreshBooks request, not only tool calls, to stderr")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: freshbooks mcp [flags]\n\nServe FreshBooks to AI assistants (Claude Desktop, Cursor, VS Code) over MCP, on stdin and\n"+
			"stdout unless -http. The token comes from FRESHBOOKS_ACCESS_TOKEN and FRESHBOOKS_REFRESH_TOKEN, refreshed\n"+
			"with FRESHBOOKS_CLIENT_ID, FRESHBOOKS_CLIENT_SECRET and FRESHBOOKS_REDIRECT_URI.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "freshbooks mcp: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	bearer := os.Getenv(envMCPBearer)
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
	client, err := mcpClient(os.Getenv, logger)
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
	hs := &http.Server{Handler: mcpserver.HTTPHandler(srv, bearer, logger), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "FreshBooks MCP server listening on http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return hs.Shutdown(shut)
	}
}

// loopback reports whether addr (host:port) listens on this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// mcpClient builds the FreshBooks client of the MCP server from the
// environment: the token from FRESHBOOKS_ACCESS_TOKEN and
// FRESHBOOKS_REFRESH_TOKEN, the application from FRESHBOOKS_CLIENT_ID,
// FRESHBOOKS_CLIENT_SECRET and FRESHBOOKS_REDIRECT_URI (for refreshes),
// and FRESHBOOKS_API_URL as the library reads it. Refreshed tokens are
// kept in memory for the life of the process.
//
// This is the one place to make the server also read the token that
// "freshbooks auth login" stores per profile.
func mcpClient(getenv func(string) string, logger *slog.Logger) (*freshbooks.Client, error) {
	cfg := freshbooks.Config{
		ClientID:     getenv("FRESHBOOKS_CLIENT_ID"),
		ClientSecret: getenv("FRESHBOOKS_CLIENT_SECRET"),
		RedirectURI:  getenv("FRESHBOOKS_REDIRECT_URI"),
		AccessToken:  getenv("FRESHBOOKS_ACCESS_TOKEN"),
		RefreshToken: getenv("FRESHBOOKS_REFRESH_TOKEN"),
		TokenStore:   &freshbooks.MemoryStore{},
		Logger:       logger,
	}
	if cfg.AccessToken == "" && cfg.RefreshToken == "" {
		return nil, errors.New("no FreshBooks token: set FRESHBOOKS_ACCESS_TOKEN (and FRESHBOOKS_REFRESH_TOKEN, " +
			"FRESHBOOKS_CLIENT_ID, FRESHBOOKS_CLIENT_SECRET and FRESHBOOKS_REDIRECT_URI so that it can be refreshed)")
	}
	return freshbooks.NewClient(cfg)
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
			return mcp(cmd.Context(), args, a.stdin, a.stdout, a.stderr)
		},
	}
}
