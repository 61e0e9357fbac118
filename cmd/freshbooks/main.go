// Command freshbooks is FreshBooks from the terminal, for people and for
// scripts: log in, see who you are, call any endpoint, list, change and
// export every resource, and serve FreshBooks offline (the sandbox).
//
// Run "freshbooks --help" for the commands, the global flags and the exit
// codes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/freshbooks-go/freshbooks"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv,
		stdinTTY: isTerminal(os.Stdin), stdoutTTY: isTerminal(os.Stdout), stderrTTY: isTerminal(os.Stderr),
		openBrowser: openBrowser,
	}
	os.Exit(a.run(ctx, os.Args[1:]))
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// run runs the program with no terminal and no standard input, as a
// script would; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdin: strings.NewReader(""), stdout: stdout, stderr: stderr, getenv: os.Getenv}
	return a.run(ctx, args)
}

// app is one run of the program: where it reads and writes, what it
// knows of its terminal, and the global flags.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// Whether standard input, output and error are terminals: they decide
	// the default output format, prompts and the progress bar.
	stdinTTY, stdoutTTY, stderrTTY bool
	// openBrowser shows a URL to the user; nil means it cannot.
	openBrowser func(url string) error

	flags globalFlags
	// started is set once the command line parsed: errors before it are
	// usage errors.
	started bool
}

// globalFlags are the flags every command takes.
type globalFlags struct {
	output   string
	account  string
	business string
	profile  string
	dryRun   bool
	yes      bool
	quiet    bool
	debug    bool
}

// Exit statuses.
const (
	exitOK          = 0
	exitError       = 1 // API or runtime error
	exitUsage       = 2 // bad command line
	exitAuth        = 3 // not authorized, or login needed
	exitNotFound    = 4
	exitRateLimited = 5
)

const rootLong = `FreshBooks from the terminal: log in, see who you are, call any endpoint, list,
change and export every resource, and serve FreshBooks offline.

Start with "freshbooks auth login". The application's credentials come from the
environment: FRESHBOOKS_CLIENT_ID, FRESHBOOKS_CLIENT_SECRET and FRESHBOOKS_REDIRECT_URI
(FRESHBOOKS_API_URL and FRESHBOOKS_AUTH_URL point it elsewhere, such as the sandbox).

Exit codes:
  0  ok
  1  API or runtime error
  2  usage error
  3  not authorized, or login needed
  4  not found
  5  rate limited`

func (a *app) run(ctx context.Context, args []string) int {
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	return a.fail(cmd, err)
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "freshbooks",
		Short:         "FreshBooks from the terminal",
		Long:          rootLong,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(a.stderr)
			_ = cmd.Usage()
			return errUsage
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			a.started = true
			return a.checkOutput()
		},
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	f := root.PersistentFlags()
	f.StringVarP(&a.flags.output, "output", "o", "", "output format: table, json, yaml or csv (default: table on a terminal, json otherwise)")
	f.StringVar(&a.flags.account, "account", "", "the account `id` to work on (default: the profile's current one)")
	f.StringVar(&a.flags.business, "business", "", "the business `id` to work on (default: the profile's current one)")
	f.StringVar(&a.flags.profile, "profile", "default", "the login to use: each profile has its own token and current business")
	f.BoolVar(&a.flags.dryRun, "dry-run", false, "print the request that would be sent, and send nothing")
	f.BoolVar(&a.flags.yes, "yes", false, "do destructive operations without asking")
	f.BoolVarP(&a.flags.quiet, "quiet", "q", false, "print nothing but results and errors")
	f.BoolVar(&a.flags.debug, "debug", false, "log requests and timings to standard error (never secrets)")
	root.AddGroup(&cobra.Group{ID: "resources", Title: "Resources (each with its verbs and actions):"})
	root.AddCommand(a.resourceCommands()...)
	root.AddCommand(a.authCommand(), a.whoamiCommand(), a.apiCommand(),
		a.versionCommand(), a.completionCommand(root), a.sandboxCommand(), a.mcpCommand())
	return root
}

// noArgs refuses arguments, naming the first as an unknown command.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath())}
	}
	return nil
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(a.stdout, "freshbooks version %s\n", freshbooks.Version)
			return nil
		},
	}
}

func (a *app) completionCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "Print the shell completion script",
		Long: `Print the completion script for a shell. For example:

  source <(freshbooks completion bash)
  freshbooks completion zsh > "${fpath[1]}/_freshbooks"
  freshbooks completion fish > ~/.config/fish/completions/freshbooks.fish`,
		ValidArgs: []string{"bash", "zsh", "fish"},
		Args:      usageArgs(cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs)),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(a.stdout, true)
			case "zsh":
				return root.GenZshCompletion(a.stdout)
			default:
				return root.GenFishCompletion(a.stdout, true)
			}
		},
	}
}

// usageArgs marks the errors of an argument check as usage errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// usageError is a bad command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usage error.
func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// errUsage is a usage error already explained on standard error.
var errUsage = errors.New("usage")

// exitCode maps an error to the exit status.
func (a *app) exitCode(err error) int {
	var ue usageError
	switch {
	case errors.Is(err, flag.ErrHelp), errors.Is(err, errDryRun):
		return exitOK
	case errors.As(err, &ue), errors.Is(err, errUsage), errors.Is(err, freshbooks.ErrInvalidQuery), !a.started:
		return exitUsage
	case errors.Is(err, errLoginNeeded), errors.Is(err, errNoApp),
		errors.Is(err, freshbooks.ErrUnauthorized),
		errors.Is(err, freshbooks.ErrForbidden),
		errors.Is(err, freshbooks.ErrReauthorizationRequired),
		errors.Is(err, freshbooks.ErrNoAccessToken),
		errors.Is(err, freshbooks.ErrInvalidGrant):
		return exitAuth
	case errors.Is(err, freshbooks.ErrNotFound):
		return exitNotFound
	case errors.Is(err, freshbooks.ErrRateLimited):
		return exitRateLimited
	}
	return exitError
}

// fail reports err on standard error, in one line (one JSON object with
// -o json), and returns the exit status.
func (a *app) fail(cmd *cobra.Command, err error) int {
	code := a.exitCode(err)
	if code == exitOK || errors.Is(err, errUsage) {
		return code
	}
	msg, hint := describe(err, code, cmd)
	if a.flags.output == "json" {
		writeJSONError(a.stderr, err, msg, hint, code)
		return code
	}
	line := "freshbooks: " + msg
	if hint != "" {
		line += " (" + hint + ")"
	}
	fmt.Fprintln(a.stderr, line)
	return code
}
