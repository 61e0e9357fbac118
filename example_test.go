package freshbooks_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// The whole authorization flow, against the sandbox: send the user to the
// authorization URL, check the callback and exchange the code, then ask
// who the token belongs to.
func Example() {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	defer srv.Close()
	ctx := context.Background()

	client, err := freshbooks.NewClient(freshbooks.Config{
		ClientID:     srv.Options().ClientID,
		ClientSecret: srv.Options().ClientSecret,
		RedirectURI:  srv.Options().RedirectURI,
		BaseURL:      srv.URL, // real FreshBooks: leave both URLs empty
		AuthURL:      srv.URL,
	})
	if err != nil {
		log.Fatal(err)
	}
	ar, err := client.NewAuthRequest("user:profile:read", "user:clients:read")
	if err != nil {
		log.Fatal(err)
	}
	// In a web app: redirect to ar.URL, keep ar in the session, and on the
	// callback use r.URL.Query(). Here the sandbox plays the user.
	callback, err := srv.Approve(ctx, ar.URL)
	if err != nil {
		log.Fatal(err)
	}
	tok, err := client.CompleteAuth(ctx, ar, callback.Query())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("granted:", tok.Scope)

	me, err := client.CurrentUser(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.FullName(), me.Email)
	for _, m := range me.BusinessMemberships {
		fmt.Printf("%s: %s (account %s)\n", m.Role, m.Business.Name, m.Business.AccountID)
	}
	// Output:
	// granted: user:profile:read user:clients:read
	// Quinn Chen quinn.chen1@example.com
	// owner: Maple Bakery LLC (account e7gQV)
	// business_accountant: Cedar Plumbing LLC (account dbbCl)
}

// A refresh token works once: the refresh returns a new pair, to be stored
// at once, and the old token is refused afterwards.
func ExampleClient_RefreshAccessToken() {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	defer srv.Close()
	ctx := context.Background()
	client, _ := freshbooks.NewClient(srv.Config())
	stored := srv.IssueToken(0) // as loaded from your storage

	tok, err := client.RefreshAccessToken(ctx, stored.RefreshToken)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("rotated:", tok.RefreshToken != stored.RefreshToken)

	_, err = client.RefreshAccessToken(ctx, stored.RefreshToken)
	fmt.Println("old token refused:", errors.Is(err, freshbooks.ErrInvalidGrant))
	// Output:
	// rotated: true
	// old token refused: true
}

// Errors from any family of the API are *APIError, and match the
// sentinel errors.
func ExampleAPIError() {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	defer srv.Close()
	client, _ := freshbooks.NewClient(srv.Config())
	client.SetToken(srv.IssueToken(0))
	ctx := context.Background()
	me, _ := client.CurrentUser(ctx)

	_, err := client.Account(me.BusinessMemberships[0].Business.AccountID).Clients.Get(ctx, 999999999)
	fmt.Println(errors.Is(err, freshbooks.ErrNotFound))
	if e, ok := errors.AsType[*freshbooks.APIError](err); ok {
		fmt.Println(e.StatusCode, e.Errno, e.Message)
	}
	// Output:
	// true
	// 404 1012 Client not found.
}
