// Command freshbooks is the command line for FreshBooks.
//
// Usage:
//
//	freshbooks sandbox [flags]   serve FreshBooks offline
//	freshbooks version           print the version
//
// Run "freshbooks sandbox -h" for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/freshbooks-go/freshbooks"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: freshbooks <command> [flags]

commands:
  sandbox   serve the FreshBooks API and its authorization pages offline
  version   print the version of freshbooks and of the library

Run "freshbooks <command> -h" for a command's flags.
`

// run is the whole program; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "sandbox":
		err = sandbox(ctx, args[1:], stdout, stderr)
	case "mcp":
		err = mcp(ctx, args[1:], os.Stdin, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "freshbooks version %s\n", freshbooks.Version)
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "freshbooks: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintln(stderr, "freshbooks:", err)
	return 1
}

// errUsage marks an error already reported with the usage text.
var errUsage = errors.New("usage")
