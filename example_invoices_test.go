package freshbooks_test

import (
	"context"
	"fmt"
	"log"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// List the invoices a client still owes: sent and not fully paid, soonest
// due first.
func ExampleInvoicesService_All_outstanding() {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	defer srv.Close()
	client, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		log.Fatal(err)
	}
	client.SetToken(srv.IssueToken(0))
	ctx := context.Background()
	me, err := client.CurrentUser(ctx)
	if err != nil {
		log.Fatal(err)
	}
	acct := client.Account(me.BusinessMemberships[0].Business.AccountID)

	// A client with four invoices: one paid, one partly paid, one owed in
	// full and one still a draft.
	cust, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Acme Rockets", CurrencyCode: "USD"})
	if err != nil {
		log.Fatal(err)
	}
	for i, paid := range []string{"120.00", "50.00", "", "draft"} {
		inv, err := acct.Invoices.Create(ctx, &freshbooks.Invoice{
			CustomerID: cust.ID, CreateDate: freshbooks.NewDate(2026, 1, 10*i+1), DueOffsetDays: new(30),
			Lines: []freshbooks.Line{{Name: "Rocket fuel", Qty: freshbooks.DecimalFromInt(int64(i + 1)), UnitCost: freshbooks.Money{Amount: freshbooks.MustDecimal("120.00")}}},
		})
		if err != nil {
			log.Fatal(err)
		}
		if paid == "draft" {
			continue
		}
		if _, err := acct.Invoices.MarkAsSent(ctx, inv.ID); err != nil {
			log.Fatal(err)
		}
		if paid != "" {
			_, err := acct.Payments.Create(ctx, &freshbooks.Payment{InvoiceID: inv.ID, Amount: freshbooks.Money{Amount: freshbooks.MustDecimal(paid)}})
			if err != nil {
				log.Fatal(err)
			}
		}
	}

	// search[outstanding]=true keeps the invoices owed; the sandbox has
	// invoices of its own, so this lists one client's.
	for inv, err := range acct.Invoices.All(ctx,
		freshbooks.Equals("outstanding", true),
		freshbooks.Equals("customerid", cust.ID),
		freshbooks.SortAsc("due_date"),
	) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("due %s: %s of %s outstanding (%s)\n", inv.DueDate, inv.Outstanding, inv.Amount, inv.V3Status)
	}
	// Output:
	// due 2026-02-10: 190.00 USD of 240.00 USD outstanding (partial)
	// due 2026-02-20: 360.00 USD of 360.00 USD outstanding (overdue)
}
