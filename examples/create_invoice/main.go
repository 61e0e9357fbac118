// Command create_invoice creates an invoice with lines and takes it through
// its life: it creates a client, an invoice with two lines and a tax, marks
// it as sent, records a partial payment, and prints the invoice's number,
// amount, outstanding balance and status at each step.
//
// With no FRESHBOOKS_ACCESS_TOKEN in the environment it starts an
// in-process sandbox and runs there, so it works anywhere:
//
//	go run ./examples/create_invoice
//
// With FRESHBOOKS_ACCESS_TOKEN set it runs against real FreshBooks, in the
// first business of the token's user that has an account (or the one
// whose account id is FRESHBOOKS_ACCOUNT_ID): it creates real records
// there.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "create_invoice:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	cfg := freshbooks.Config{AccessToken: os.Getenv("FRESHBOOKS_ACCESS_TOKEN")}
	var token *freshbooks.Token
	if cfg.AccessToken == "" {
		srv := freshbookstest.NewServer(freshbookstest.Options{})
		defer srv.Close()
		cfg = srv.Config()
		tok := srv.IssueToken(0)
		token = &tok
		fmt.Fprintf(out, "No FRESHBOOKS_ACCESS_TOKEN set: using an in-process FreshBooks sandbox at %s\n\n", srv.URL)
	}
	client, err := freshbooks.NewClient(cfg)
	if err != nil {
		return err
	}
	if token != nil {
		client.SetToken(*token)
	}

	acct, err := account(ctx, client, freshbooks.AccountID(os.Getenv("FRESHBOOKS_ACCOUNT_ID")))
	if err != nil {
		return err
	}

	customer, err := acct.Clients.Create(ctx, &freshbooks.Customer{
		Organization: "Acme Rockets", FirstName: "Wile", LastName: "Coyote", Email: "wile@acme-rockets.example", CurrencyCode: "USD",
	})
	if err != nil {
		return fmt.Errorf("creating the client: %w", err)
	}
	fmt.Fprintf(out, "Client %d: %s\n", customer.ID, customer.Organization)

	today := freshbooks.DateOf(time.Now())
	inv, err := acct.Invoices.Create(ctx, &freshbooks.Invoice{
		CustomerID:    customer.ID,
		CreateDate:    today,
		DueOffsetDays: new(30),
		Notes:         "Thank you for your business.",
		Lines: []freshbooks.Line{
			{Name: "Rocket skates", Qty: freshbooks.MustDecimal("2"), UnitCost: freshbooks.Money{Amount: freshbooks.MustDecimal("149.99")},
				TaxName1: "Sales Tax", TaxRate1: freshbooks.MustDecimal("8.25")},
			{Name: "Assembly", Description: "Two hours", Qty: freshbooks.MustDecimal("2"), UnitCost: freshbooks.Money{Amount: freshbooks.MustDecimal("45.00")}},
		},
	}, freshbooks.Include("lines"))
	if err != nil {
		return fmt.Errorf("creating the invoice: %w", err)
	}
	fmt.Fprintln(out, "\nCreated:")
	for _, l := range inv.Lines {
		tax := ""
		if l.TaxName1 != "" {
			tax = fmt.Sprintf(" + %s %s%%", l.TaxName1, l.TaxRate1)
		}
		fmt.Fprintf(out, "  %-14s %s × %s = %s%s\n", l.Name, l.Qty, l.UnitCost.Amount, l.Amount, tax)
	}
	show(out, inv)

	inv, err = acct.Invoices.MarkAsSent(ctx, inv.ID)
	if err != nil {
		return fmt.Errorf("marking it as sent: %w", err)
	}
	fmt.Fprintln(out, "\nMarked as sent:")
	show(out, inv)

	pay, err := acct.Payments.Create(ctx, &freshbooks.Payment{
		InvoiceID: inv.ID, Amount: freshbooks.Money{Amount: freshbooks.MustDecimal("200.00")},
		Date: today, Type: freshbooks.PaymentTypeCheck, Note: "Deposit",
	})
	if err != nil {
		return fmt.Errorf("recording a payment: %w", err)
	}
	fmt.Fprintf(out, "\nPayment %d of %s recorded:\n", pay.ID, pay.Amount)
	if inv, err = acct.Invoices.Get(ctx, inv.ID); err != nil {
		return err
	}
	show(out, inv)
	return nil
}

// show prints an invoice's number, amount, outstanding balance and status.
func show(out io.Writer, inv *freshbooks.Invoice) {
	fmt.Fprintf(out, "  invoice %s: amount %s, outstanding %s, status %s (%s, %s), due %s\n",
		inv.InvoiceNumber, inv.Amount, inv.Outstanding, inv.Status, inv.V3Status, inv.PaymentStatus, inv.DueDate)
}

// account finds the business to work in: the one with account id want, or
// the current user's first business that has an account.
func account(ctx context.Context, client *freshbooks.Client, want freshbooks.AccountID) (*freshbooks.AccountScope, error) {
	me, err := client.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range me.BusinessMemberships {
		if id := m.Business.AccountID; id != "" && (want == "" || id == want) {
			return client.Account(id), nil
		}
	}
	return nil, errors.New("no business with an account for this user")
}
