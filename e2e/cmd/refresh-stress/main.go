// Command refresh-stress proves that clients sharing one FreshBooks
// connection never lose it, and prints the counts. It serves the sandbox
// with short-lived access tokens (2 s by default) and single-use refresh
// tokens, then starts worker processes (copies of itself) that call the
// API continuously from many goroutines across many expiries, all sharing
// one token store: a PostgreSQL row or a token file.
//
// Usage:
//
//	eval "$(bash e2e/pg.sh)"
//	go run ./cmd/refresh-stress -store pg -procs 8 -goroutines 50 -duration 20s
//	go run ./cmd/refresh-stress -store file -procs 1 -goroutines 50
//
// It also kills a worker during a refresh, at three moments, and reports
// what the next start finds (-crash). It exits 1 if any promise is broken:
// an error reaching a caller, a refresh token redeemed twice, a rotation
// not saved exactly once, or the store not holding the live token.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/freshbooks-go/freshbooks/e2e/internal/tokenload"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if tokenload.IsChild() {
		if err := tokenload.Child(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			os.Exit(1)
		}
		return
	}
	var o tokenload.Options
	flag.IntVar(&o.Procs, "procs", 8, "worker `processes`")
	flag.IntVar(&o.Goroutines, "goroutines", 50, "calling goroutines per worker")
	flag.DurationVar(&o.Duration, "duration", 20*time.Second, "how long the workers call")
	flag.DurationVar(&o.TokenTTL, "token-ttl", 2*time.Second, "access token lifetime in the sandbox")
	flag.StringVar(&o.Store, "store", "pg", "token store: pg or file")
	flag.StringVar(&o.DSN, "dsn", os.Getenv("FRESHBOOKS_PG_DSN"), "PostgreSQL `DSN` (default $FRESHBOOKS_PG_DSN)")
	flag.StringVar(&o.Key, "key", "refresh-stress", "connection key in the token table")
	crash := flag.Bool("crash", true, "also kill a worker during a refresh, at three moments")
	flag.Parse()
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	o.Command = []string{self}
	o.Log = os.Stderr
	if o.Store == "file" {
		dir, err := os.MkdirTemp("", "refresh-stress")
		if err != nil {
			fail(err)
		}
		defer os.RemoveAll(dir)
		o.File = filepath.Join(dir, "token.json")
	} else if o.DSN == "" {
		fail(fmt.Errorf("no -dsn and no $FRESHBOOKS_PG_DSN: run eval \"$(bash e2e/pg.sh)\""))
	}
	rep, err := tokenload.Run(ctx, o)
	fmt.Println(rep)
	if err != nil {
		fail(err)
	}
	problems := rep.Problems()
	if *crash {
		for _, mode := range []string{tokenload.BeforeSend, tokenload.AfterAnswer, tokenload.AfterSave} {
			cr, err := tokenload.Crash(ctx, o, mode)
			if err != nil {
				fail(err)
			}
			fmt.Println(cr)
		}
	}
	for _, p := range problems {
		fmt.Println("PROBLEM:", p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "refresh-stress:", err)
	os.Exit(1)
}
