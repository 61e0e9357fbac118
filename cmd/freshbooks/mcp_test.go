package main

import (
	"io"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// With no token in the environment, freshbooks mcp serves the profile's
// login, as every other command does.
func TestMCPServesTheProfileLogin(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	tok := c.login()
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	stderr := &lineWriter{fn: func(string) {}}
	done := make(chan int, 1)
	go func() {
		done <- c.runApp(c.app(serverIn, serverOut, stderr), "mcp")
		serverOut.Close()
	}()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "0"}, nil).Connect(t.Context(),
		&mcp.IOTransport{Reader: clientIn, Writer: clientOut}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "whoami", Arguments: map[string]any{}})
	if err != nil || res.IsError {
		t.Fatalf("whoami: %v %+v", err, res)
	}
	cs.Close()
	clientOut.Close()
	if code := <-done; code != 0 {
		t.Errorf("mcp exited %d: %s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), tok.AccessToken) {
		t.Error("the token reached stderr")
	}
}

// Without a token anywhere, it says how to get one and exits 3.
func TestMCPWithoutLogin(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	r := c.run("mcp").want(t, 3)
	if !strings.Contains(r.stderr, "auth login") {
		t.Errorf("stderr %q does not say how to log in", r.stderr)
	}
}
