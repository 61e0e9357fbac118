package freshbooks_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// exampleScopes starts a sandbox and returns a client for its first
// identity, with that identity's first business in both forms.
func exampleScopes() (stop func(), acct *freshbooks.AccountScope, biz *freshbooks.BusinessScope) {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	client, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		log.Fatal(err)
	}
	client.SetToken(srv.IssueToken(0))
	me, err := client.CurrentUser(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	b := me.BusinessMemberships[0].Business
	return srv.Close, client.Account(b.AccountID), client.Business(b.ID)
}

// Log time to a project and total it with a typed filter.
func ExampleTimeEntriesService_Create() {
	stop, _, biz := exampleScopes()
	defer stop()
	ctx := context.Background()

	project, err := biz.Projects.Create(ctx, &freshbooks.Project{Title: "Website redesign",
		ProjectType: freshbooks.ProjectHourlyRate, BillingMethod: freshbooks.BillingProjectRate, Rate: freshbooks.MustDecimal("95")})
	if err != nil {
		log.Fatal(err)
	}
	day := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	logged := true
	for _, d := range []time.Duration{90 * time.Minute, 2 * time.Hour} {
		_, err := biz.TimeEntries.Create(ctx, &freshbooks.TimeEntry{ProjectID: project.ID, IsLogged: &logged,
			StartedAt: freshbooks.NewTime(day), Duration: d, Note: "Wireframes"})
		if err != nil {
			log.Fatal(err)
		}
		day = day.AddDate(0, 0, 1)
	}

	// The typed filter's fields have the right types: a ProjectID, a
	// range of instants.
	var total time.Duration
	for e, err := range biz.TimeEntries.All(ctx, freshbooks.TimeEntryFilter{ProjectID: project.ID,
		Started: freshbooks.TimeRange{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}}) {
		if err != nil {
			log.Fatal(err)
		}
		total += e.Duration
	}
	fmt.Println("logged to", project.Title+":", total)
	// Output:
	// logged to Website redesign: 3h30m0s
}

// Record an expense with its receipt.
func ExampleExpensesService_Create() {
	stop, acct, _ := exampleScopes()
	defer stop()
	ctx := context.Background()

	categories, err := acct.ExpenseCategories.List(ctx)
	if err != nil || len(categories.Items) == 0 {
		log.Fatal("no categories: ", err)
	}
	receipt, err := acct.Attachments.Upload(ctx, "receipt.png", strings.NewReader("\x89PNG\r\n\x1a\n a receipt"))
	if err != nil {
		log.Fatal(err)
	}
	e, err := acct.Expenses.Create(ctx, &freshbooks.Expense{
		CategoryID: categories.Items[0].ID, StaffID: 1, Date: freshbooks.NewDate(2026, 11, 20),
		Amount: freshbooks.MustMoney("42.50", "USD"), Vendor: "Staples",
		Attachment: &freshbooks.AttachmentRef{JWT: receipt.JWT, MediaType: receipt.MediaType},
	})
	if err != nil {
		log.Fatal(err)
	}
	e, err = acct.Expenses.Get(ctx, e.ID, freshbooks.Include("attachment")) // the receipt is shown when included
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Vendor, e.Amount, e.Date, "receipt:", e.Attachment != nil && e.Attachment.MediaType == "image/png")
	// Output:
	// Staples 42.50 USD 2026-11-20 receipt: true
}

// A payment settles an invoice; a partial one leaves it partly paid.
func ExamplePaymentsService_Create() {
	stop, acct, _ := exampleScopes()
	defer stop()
	ctx := context.Background()

	cust, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Hooli", CurrencyCode: "USD"})
	if err != nil {
		log.Fatal(err)
	}
	inv, err := acct.Invoices.Create(ctx, &freshbooks.Invoice{CustomerID: cust.ID, CreateDate: freshbooks.NewDate(2026, 11, 2),
		Lines: []freshbooks.Line{{Name: "Audit", Qty: freshbooks.MustDecimal("1"), UnitCost: freshbooks.MustMoney("300", "")}}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := acct.Payments.Create(ctx, &freshbooks.Payment{InvoiceID: inv.ID, Amount: freshbooks.MustMoney("100", ""),
		Date: freshbooks.NewDate(2026, 11, 10), Type: freshbooks.PaymentTypeCheck}); err != nil {
		log.Fatal(err)
	}
	inv, err = acct.Invoices.Get(ctx, inv.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inv.V3Status, "owed:", inv.AmountOwed(), "paid:", inv.IsPaid())
	// Output:
	// partial owed: 200.00 USD paid: false
}

// A profit and loss report over a month.
func ExampleReportsService_ProfitLoss() {
	stop, acct, _ := exampleScopes()
	defer stop()
	ctx := context.Background()

	cust, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Globex", CurrencyCode: "USD"})
	if err != nil {
		log.Fatal(err)
	}
	inv, err := acct.Invoices.Create(ctx, &freshbooks.Invoice{CustomerID: cust.ID, CreateDate: freshbooks.NewDate(2027, 1, 5),
		Lines: []freshbooks.Line{{Name: "Consulting", Qty: freshbooks.MustDecimal("10"), UnitCost: freshbooks.MustMoney("150", "")}}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := acct.Invoices.MarkAsSent(ctx, inv.ID); err != nil {
		log.Fatal(err)
	}
	pl, err := acct.Reports.ProfitLoss(ctx, &freshbooks.ProfitLossParams{StartDate: freshbooks.NewDate(2027, 1, 1), EndDate: freshbooks.NewDate(2027, 1, 31)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("income:", pl.TotalIncome.Total, "net:", pl.NetProfit.Total)
	// Output:
	// income: 1500.00 USD net: 1500.00 USD
}

// Typed filters and Clear catch at once what FreshBooks would ignore.
func ExampleInvoiceFilter() {
	stop, acct, _ := exampleScopes()
	defer stop()
	ctx := context.Background()

	// Unpaid invoices of the last twelve months, both ends included.
	today := freshbooks.DateOf(time.Now().UTC())
	page, err := acct.Invoices.List(ctx, freshbooks.InvoiceFilter{Unpaid: true,
		Dates: freshbooks.DateRange{From: today.AddDays(-365), To: today}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("unpaid invoices of the last twelve months:", page.Total)

	// A misspelled filter is an error before any request, naming the valid
	// ones; so is clearing a member the model does not have.
	_, err = acct.Invoices.List(ctx, freshbooks.Equals("colour", "red"))
	fmt.Println(errors.Is(err, freshbooks.ErrInvalidQuery))
	_, err = acct.Clients.Update(ctx, 1, &freshbooks.Customer{}, freshbooks.Clear("notes"))
	fmt.Println(errors.Is(err, freshbooks.ErrInvalidWrite))
	// Output:
	// unpaid invoices of the last twelve months: 3
	// true
	// true
}
