package freshbooks_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// A command-line program keeps its token in a file and lets the client
// refresh it: the user authorizes the program once, and never again.
func ExampleNewFileStore() {
	ctx := context.Background()
	// The sandbox stands in for FreshBooks; its clock can jump ahead.
	var ahead atomic.Int64
	srv := freshbookstest.NewServer(freshbookstest.Options{
		Now: func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) },
	})
	defer srv.Close()
	dir, err := os.MkdirTemp("", "freshbooks-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// A real program would use freshbooks.DefaultTokenFile("myapp").
	store := freshbooks.NewFileStore(filepath.Join(dir, "myapp.json"))
	// On the first run, the program authorizes (NewAuthRequest, then
	// CompleteAuth) with the store configured, which saves the token.
	// Here the sandbox issues one.
	if err := store.Save(ctx, srv.IssueToken(0)); err != nil {
		log.Fatal(err)
	}

	cfg := srv.Config() // ClientID, ClientSecret, RedirectURI, URLs
	cfg.TokenStore = store
	cfg.OnTokenChange = func(freshbooks.Token) { fmt.Println("token refreshed and saved") }
	client, err := freshbooks.NewClient(cfg)
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.CurrentUser(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in as", me.Email)

	// 13 hours later the access token has expired. The client refreshes
	// it, saves the new pair to the file, and carries on.
	ahead.Store(int64(13 * time.Hour))
	if _, err := client.CurrentUser(ctx); err != nil {
		log.Fatal(err)
	}
	saved, err := store.Load(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("the file holds the new token:", saved == client.Token())
	// Output:
	// signed in as quinn.chen1@example.com
	// token refreshed and saved
	// the file holds the new token: true
}
