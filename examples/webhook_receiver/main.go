// Command webhook_receiver receives FreshBooks webhooks: it serves a
// webhook.Handler, registers a callback, completes the callback's
// verification when FreshBooks' verification delivery arrives, and prints
// each signed event it receives. Copy the receiver type into an
// application and replace its maps with the application's database.
//
// With no FRESHBOOKS_ACCESS_TOKEN in the environment it runs against an
// in-process sandbox, which delivers real signed webhooks to a local
// port: it registers a callback for "client", creates a client through the
// API, prints the event that arrives, and exits.
//
//	go run ./examples/webhook_receiver
//
// Against real FreshBooks, set FRESHBOOKS_ACCESS_TOKEN (a token with the
// read scope of the event's noun, user:invoices:read for invoices) and
// WEBHOOK_PUBLIC_URL, the public URL at which FreshBooks reaches this
// program (through a tunnel, for instance); optionally FRESHBOOKS_ACCOUNT_ID
// (default: the first business of the token's user), WEBHOOK_EVENT
// (default "invoice") and LISTEN_ADDR (default ":8080"). It serves until
// interrupted, then deletes the callback.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/webhook"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "webhook_receiver:", err)
		os.Exit(1)
	}
}

// receiver is the receiving end of an application: the webhook.Handler
// and what it needs to remember. Each callback's verifier is the secret
// that signs its deliveries; a real application keeps them in its
// database.
type receiver struct {
	acct *freshbooks.AccountScope
	uri  string // where FreshBooks delivers: the URI our callbacks use
	out  io.Writer

	mu        sync.Mutex
	verifiers map[freshbooks.CallbackID]string // by callback id
	verified  chan freshbooks.CallbackID       // callbacks verified, for the demo
	events    chan *webhook.Event
}

func newReceiver(acct *freshbooks.AccountScope, uri string, out io.Writer) *receiver {
	return &receiver{acct: acct, uri: uri, out: out, verifiers: map[freshbooks.CallbackID]string{},
		verified: make(chan freshbooks.CallbackID, 16), events: make(chan *webhook.Event, 64)}
}

// Handler returns the http.Handler to mount at the callback's URI.
func (rc *receiver) Handler() http.Handler {
	return &webhook.Handler{
		// The verifiers of the account's verified callbacks: a delivery
		// signed by none of them is refused with 401.
		Verifiers: func(_ context.Context, account freshbooks.AccountID) ([]string, error) {
			if account != rc.acct.ID {
				return nil, nil
			}
			rc.mu.Lock()
			defer rc.mu.Unlock()
			var vs []string
			for _, v := range rc.verifiers {
				vs = append(vs, v)
			}
			return vs, nil
		},
		OnVerification: rc.onVerification,
		OnEvent:        rc.onEvent,
	}
}

// onVerification completes a callback's registration. Anyone can post a
// verification delivery, so it trusts only what FreshBooks confirms: the
// callback must be ours (its URI is ours), and FreshBooks must accept the
// verifier before it is stored.
func (rc *receiver) onVerification(ctx context.Context, e *webhook.Event) error {
	id := freshbooks.CallbackID(e.ObjectID) // a verification's object is the callback
	cb, err := rc.acct.Callbacks.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("looking up callback %d: %w", id, err)
	}
	if cb.URI != rc.uri {
		return nil // not one of ours: acknowledge and ignore
	}
	if _, err := rc.acct.Callbacks.Verify(ctx, id, e.Verifier); err != nil {
		return fmt.Errorf("verifying callback %d: %w", id, err)
	}
	rc.mu.Lock()
	rc.verifiers[id] = e.Verifier
	rc.mu.Unlock()
	fmt.Fprintf(rc.out, "verified callback %d for %q\n", id, cb.Event)
	rc.verified <- id
	return nil
}

// onEvent receives each authenticated event. FreshBooks waits 10 seconds
// for the answer and may deliver an event twice or out of order, so it
// only queues the event; the work (fetching the object by its id and
// acting on its current state) happens elsewhere.
func (rc *receiver) onEvent(_ context.Context, e *webhook.Event) error {
	select {
	case rc.events <- e:
		return nil
	default:
		return errors.New("event queue full") // a 500: FreshBooks retries later
	}
}

// register creates a callback for event delivering to the receiver's URI.
// FreshBooks answers it unverified and posts the verification delivery,
// which onVerification completes.
func (rc *receiver) register(ctx context.Context, event string) (*freshbooks.Callback, error) {
	cb, err := rc.acct.Callbacks.Create(ctx, &freshbooks.Callback{Event: event, URI: rc.uri})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(rc.out, "registered callback %d for %q at %s (verified: %t)\n", cb.CallbackID, cb.Event, cb.URI, cb.Verified)
	return cb, nil
}

// handle does the work of an event: it fetches the object and prints it.
func (rc *receiver) handle(ctx context.Context, e *webhook.Event) {
	fmt.Fprintf(rc.out, "event %s: object %d, account %s, business %d, identity %d\n",
		e.Name, e.ObjectID, e.AccountID, e.BusinessID, e.IdentityID)
	switch {
	case e.Action == webhook.ActionDelete:
		return
	case e.Resource == webhook.EventClient:
		if c, err := rc.acct.Clients.Get(ctx, freshbooks.CustomerID(e.ObjectID)); err == nil {
			fmt.Fprintf(rc.out, "  client %d is now %q\n", c.ID, c.Organization)
		}
	case e.Resource == webhook.EventInvoice:
		if inv, err := rc.acct.Invoices.Get(ctx, freshbooks.InvoiceID(e.ObjectID)); err == nil {
			fmt.Fprintf(rc.out, "  invoice %d: %s\n", inv.ID, inv.InvoiceNumber)
		}
	}
}

func run(ctx context.Context, out io.Writer) error {
	if token := os.Getenv("FRESHBOOKS_ACCESS_TOKEN"); token != "" {
		return runLive(ctx, out, token)
	}
	return runSandbox(ctx, out)
}

// runSandbox shows the whole loop offline.
func runSandbox(ctx context.Context, out io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	defer srv.Close()
	fmt.Fprintf(out, "No FRESHBOOKS_ACCESS_TOKEN set: using an in-process FreshBooks sandbox at %s\n", srv.URL)
	client, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		return err
	}
	client.SetToken(srv.IssueToken(0))
	acct, err := firstAccount(ctx, client, "")
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	rc := newReceiver(acct, "http://"+ln.Addr().String()+"/webhooks/freshbooks", out)
	stopServing := serve(ln, rc.Handler())
	defer stopServing()

	cb, err := rc.register(ctx, webhook.EventClient)
	if err != nil {
		return err
	}
	if err := waitFor(ctx, rc.verified, cb.CallbackID); err != nil {
		return fmt.Errorf("waiting for the verification: %w", err)
	}

	c, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Webhook Widgets Ltd"})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created client %d through the API\n", c.ID)
	select {
	case e := <-rc.events:
		rc.handle(ctx, e)
	case <-ctx.Done():
		return fmt.Errorf("waiting for the event: %w", ctx.Err())
	}
	return acct.Callbacks.Delete(ctx, cb.CallbackID)
}

// runLive registers a callback with real FreshBooks and prints its events
// until ctx ends.
func runLive(ctx context.Context, out io.Writer, token string) error {
	public := os.Getenv("WEBHOOK_PUBLIC_URL")
	if public == "" {
		return errors.New("WEBHOOK_PUBLIC_URL is not set: the URL at which FreshBooks reaches this program")
	}
	client, err := freshbooks.NewClient(freshbooks.Config{AccessToken: token})
	if err != nil {
		return err
	}
	acct, err := firstAccount(ctx, client, freshbooks.AccountID(os.Getenv("FRESHBOOKS_ACCOUNT_ID")))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cmp.Or(os.Getenv("LISTEN_ADDR"), ":8080"))
	if err != nil {
		return err
	}
	rc := newReceiver(acct, public, out)
	stopServing := serve(ln, rc.Handler())
	defer stopServing()
	cb, err := rc.register(ctx, cmp.Or(os.Getenv("WEBHOOK_EVENT"), webhook.EventInvoice))
	if err != nil {
		return err
	}
	defer func() {
		// ctx is done by now: delete with a fresh one.
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := acct.Callbacks.Delete(dctx, cb.CallbackID); err != nil {
			fmt.Fprintln(out, "deleting the callback:", err)
		} else {
			fmt.Fprintf(out, "deleted callback %d\n", cb.CallbackID)
		}
	}()
	fmt.Fprintln(out, "waiting for the verification and events; Ctrl-C to stop")
	for {
		select {
		case e := <-rc.events:
			rc.handle(ctx, e)
		case <-rc.verified:
		case <-ctx.Done():
			return nil
		}
	}
}

// firstAccount returns the services of account id, or of the first
// business of the token's user with an account.
func firstAccount(ctx context.Context, client *freshbooks.Client, id freshbooks.AccountID) (*freshbooks.AccountScope, error) {
	if id != "" {
		return client.Account(id), nil
	}
	me, err := client.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range me.BusinessMemberships {
		if m.Business.AccountID != "" {
			return client.Account(m.Business.AccountID), nil
		}
	}
	return nil, errors.New("the user has no business with an account")
}

// serve serves h on ln until the returned function is called.
func serve(ln net.Listener, h http.Handler) (stop func()) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}
}

// waitFor waits until id arrives on ch.
func waitFor(ctx context.Context, ch <-chan freshbooks.CallbackID, id freshbooks.CallbackID) error {
	for {
		select {
		case got := <-ch:
			if got == id {
				return nil
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
