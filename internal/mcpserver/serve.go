package mcpserver

import (
	"context"
	"crypto/subtle"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// ServeStdio serves srv to one client over newline-delimited JSON-RPC on
// in and out (a process's stdin and stdout), until the client goes away
// or ctx ends.
func ServeStdio(ctx context.Context, srv *mcp.Server, in io.Reader, out io.Writer) error {
	return srv.Run(ctx, &mcp.IOTransport{Reader: io.NopCloser(in), Writer: nopWriteCloser{out}})
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// HTTPHandler serves srv over Streamable HTTP. With a bearer secret, a
// request must carry "Authorization: Bearer <secret>" or is answered 401;
// the secret is compared in constant time and never logged. The SDK
// refuses requests to a loopback address whose Host header is not a
// loopback name (DNS rebinding).
func HTTPHandler(srv *mcp.Server, bearer string, logger *slog.Logger) http.Handler {
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, &mcp.StreamableHTTPOptions{Logger: logger})
	if bearer == "" {
		return h
	}
	want := []byte("Bearer " + bearer)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("Authorization")
		if subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="freshbooks mcp"`)
			msg := "missing bearer token"
			if strings.HasPrefix(got, "Bearer ") {
				msg = "wrong bearer token"
			}
			http.Error(w, msg, http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
