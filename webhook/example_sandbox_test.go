package webhook_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/webhook"
)

// The whole loop offline: the freshbookstest sandbox delivers real signed
// webhooks, so a receiver can be tested end to end.
func Example_sandbox() {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	defer srv.Close()
	client, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		fmt.Println(err)
		return
	}
	client.SetToken(srv.IssueToken(0))
	ctx := context.Background()
	me, err := client.CurrentUser(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	acct := client.Account(me.BusinessMemberships[0].Business.AccountID)

	var mu sync.Mutex
	var verifiers []string // the application's database
	events := make(chan *webhook.Event, 1)
	h := &webhook.Handler{
		Verifiers: func(context.Context, freshbooks.AccountID) ([]string, error) {
			mu.Lock()
			defer mu.Unlock()
			return verifiers, nil
		},
		OnVerification: func(ctx context.Context, e *webhook.Event) error {
			// Confirm with FreshBooks first; keep the verifier once accepted.
			if _, err := acct.Callbacks.Verify(ctx, freshbooks.CallbackID(e.ObjectID), e.Verifier); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			verifiers = append(verifiers, e.Verifier)
			return nil
		},
		OnEvent: func(_ context.Context, e *webhook.Event) error {
			events <- e
			return nil
		},
	}
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	cb, err := acct.Callbacks.Create(ctx, &freshbooks.Callback{Event: webhook.EventClient, URI: receiver.URL})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Wait until the verification delivery has been answered.
	if err := srv.WaitIdle(ctx); err != nil {
		fmt.Println(err)
		return
	}
	cb, err = acct.Callbacks.Get(ctx, cb.CallbackID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("verified:", cb.Verified)

	c, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Example Co"})
	if err != nil {
		fmt.Println(err)
		return
	}
	e := <-events
	fmt.Println(e.Name, e.ObjectID == int64(c.ID))
	// Output:
	// verified: true
	// client.create true
}
