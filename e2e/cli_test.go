package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ansi matches terminal control sequences, to read a pane's raw output.
var ansi = regexp.MustCompile(`\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-B]|[=>])`)

// terminal is a tmux session on a private server: a person's terminal.
type terminal struct {
	t    *testing.T
	ctx  context.Context
	tmux string
	sock string
	env  []string
	// lines carries the pane's output, line by line, control sequences
	// removed.
	lines chan string
	seq   int
}

// TestCLIInTerminal is the walk-through of the README as a person does it
// in a terminal: "freshbooks sandbox" in one window, the two export lines
// it prints pasted in the shell, "freshbooks auth login --no-browser" with
// the redirected URL pasted at its prompt, then "freshbooks whoami" and
// "freshbooks invoices list", read off the screen. A long --all listing
// draws a progress bar on the terminal, and none into a pipe.
func TestCLIInTerminal(t *testing.T) {
	tmuxPath, err := exec.LookPath("tmux")
	requirePeer(t, err == nil, "tmux")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "freshbooks")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/freshbooks")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// The sandbox, in its own process as in its own window.
	sb := exec.CommandContext(ctx, bin, "sandbox", "-addr", "127.0.0.1:0", "-auto-approve")
	sbOut, err := sb.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sb.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Process.Signal(os.Interrupt); sb.Wait() })
	banner := bufio.NewReader(sbOut)
	var exports []string
	var loginCmd string
	for range 5 {
		line, err := banner.ReadString('\n')
		if err != nil {
			t.Fatalf("sandbox banner: %v", err)
		}
		switch line = strings.TrimSpace(line); {
		case strings.HasPrefix(line, "export "):
			exports = append(exports, line)
		case strings.HasPrefix(line, "freshbooks "):
			loginCmd = line
		}
	}
	go io.Copy(io.Discard, sbOut)
	if len(exports) != 2 || loginCmd != "freshbooks auth login --no-browser" {
		t.Fatalf("banner: exports %q, login %q", exports, loginCmd)
	}

	term := startTerminal(ctx, t, tmuxPath, dir, []string{
		"PATH=" + dir + ":" + os.Getenv("PATH"), "HOME=" + dir, "TERM=xterm-256color",
		"FRESHBOOKS_CONFIG_DIR=" + filepath.Join(dir, "config"), "PS1=$ ", "HISTFILE=/dev/null",
	})
	for _, e := range exports {
		term.run(e)
	}

	// Log in: the URL shows, the person approves it in a browser and
	// pastes the address the browser lands on.
	done := term.start(loginCmd)
	authURL := term.waitLine(func(l string) bool { return strings.Contains(l, "/oauth/authorize?") })
	authURL = strings.TrimSpace(authURL)
	landed := approve(ctx, t, authURL)
	term.keys("-l", landed)
	term.keys("Enter")
	term.wait(done)
	if screen := term.screen(); !strings.Contains(screen, "Logged in as ") {
		t.Fatalf("no login on screen:\n%s", screen)
	}

	term.run("freshbooks whoami")
	screen := term.screen()
	for _, want := range []string{"CURRENT  ACCOUNT", "*", "owner"} {
		if !strings.Contains(screen, want) {
			t.Errorf("whoami: %q not on screen:\n%s", want, screen)
		}
	}

	term.run("clear; freshbooks invoices list --per-page 5")
	screen = term.screen()
	for _, want := range []string{"NUMBER", "CLIENT", "AMOUNT", "STATUS"} {
		if !strings.Contains(screen, want) {
			t.Errorf("invoices list: %q not on screen:\n%s", want, screen)
		}
	}

	// The progress bar: drawn on the terminal's stderr, absent in a pipe.
	drawn := term.runRaw("freshbooks invoices list --all --per-page 2 > /dev/null")
	if !strings.Contains(drawn, "records") {
		t.Errorf("no progress bar on the terminal:\n%q", drawn)
	}
	piped := term.runRaw("freshbooks invoices list --all --per-page 2 2>&1 >/dev/null | cat")
	if strings.Contains(piped, "records") || strings.Contains(piped, "%") {
		t.Errorf("a progress bar went into a pipe:\n%q", piped)
	}
}

// approve does what the person does in the browser: open the URL, be sent
// back (the sandbox approves at once), and copy the address.
func approve(ctx context.Context, t *testing.T, authURL string) string {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("the authorization page answered %s without a redirect", resp.Status)
	}
	return loc.String()
}

func startTerminal(ctx context.Context, t *testing.T, tmuxPath, dir string, env []string) *terminal {
	term := &terminal{t: t, ctx: ctx, tmux: tmuxPath, sock: filepath.Join(dir, "tmux.sock"), env: env, lines: make(chan string, 1024)}
	term.cmd("new-session", "-d", "-s", "cli", "-x", "180", "-y", "50", "bash --norc --noprofile")
	t.Cleanup(func() { exec.Command(tmuxPath, "-S", term.sock, "kill-server").Run() })
	// The pane's output streams through a FIFO: no polling of the screen.
	fifo := filepath.Join(dir, "pane.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	term.cmd("pipe-pane", "-t", "cli", "-o", "cat > "+fifo)
	f, err := os.Open(fifo)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	go func() {
		defer close(term.lines)
		r := bufio.NewReader(f)
		for {
			line, err := r.ReadString('\n')
			if line != "" {
				term.lines <- ansi.ReplaceAllString(line, "")
			}
			if err != nil {
				return
			}
		}
	}()
	return term
}

func (term *terminal) cmd(args ...string) string {
	term.t.Helper()
	c := exec.CommandContext(term.ctx, term.tmux, append([]string{"-S", term.sock}, args...)...)
	c.Env = term.env
	out, err := c.CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %q: %v\n%s", args, err, out)
	}
	return string(out)
}

func (term *terminal) keys(args ...string) {
	term.cmd(append([]string{"send-keys", "-t", "cli"}, args...)...)
}

// start types a command line and returns the channel its end signals.
func (term *terminal) start(line string) string {
	term.seq++
	ch := "done-" + strings.Repeat("x", term.seq)
	term.keys("-l", line+"; tmux wait-for -S "+ch)
	term.keys("Enter")
	return ch
}

// wait waits for the command of channel ch to end.
func (term *terminal) wait(ch string) { term.cmd("wait-for", ch) }

// run types a command line and waits for it to end.
func (term *terminal) run(line string) { term.wait(term.start(line)) }

// runRaw runs a command line and returns the raw output it wrote to the
// terminal, control sequences removed, between two markers the shell
// prints (from arithmetic, so that the typed line does not match them).
func (term *terminal) runRaw(line string) string {
	n := term.seq + 1
	begin, end := fmt.Sprintf("BEGIN-%d", n), fmt.Sprintf("END-%d", n)
	ch := term.start(fmt.Sprintf("echo BEGIN-$((%d)); %s; echo END-$((%d))", n, line, n))
	term.waitLine(func(l string) bool { return strings.TrimSpace(l) == begin })
	var b strings.Builder
	for {
		l := term.waitLine(func(string) bool { return true })
		if before, _, found := strings.Cut(l, end); found {
			b.WriteString(before)
			break
		}
		b.WriteString(l)
	}
	term.wait(ch)
	return b.String()
}

// waitLine returns the first output line that ok accepts.
func (term *terminal) waitLine(ok func(string) bool) string {
	for {
		select {
		case l, open := <-term.lines:
			if !open {
				term.t.Fatal("the terminal closed")
			}
			if ok(l) {
				return l
			}
		case <-term.ctx.Done():
			term.t.Fatalf("timed out; screen:\n%s", term.screen())
		}
	}
}

// screen is the pane's whole history, wrapped lines joined.
func (term *terminal) screen() string {
	return term.cmd("capture-pane", "-p", "-J", "-S", "-", "-t", "cli")
}
