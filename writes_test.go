package freshbooks_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// Clear empties a member, which a zero field cannot; an unknown member,
// or Clear anywhere but Update, fails before any request.
func TestClear(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	ctx := t.Context()
	cl, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Clearing Co", Note: "remove me"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := acct.Clients.Update(ctx, cl.ID, &freshbooks.Customer{}, freshbooks.Clear("note"))
	if err != nil || got.Note != "" || got.Organization != "Clearing Co" {
		t.Fatalf("Clear(note): %+v %v", got, err)
	}
	if again, _ := acct.Clients.Get(ctx, cl.ID); again.Note != "" {
		t.Errorf("note after Clear: %q", again.Note)
	}
	for what, call := range map[string]func() error{
		"unknown member": func() error {
			_, err := acct.Clients.Update(ctx, cl.ID, &freshbooks.Customer{}, freshbooks.Clear("nope"))
			return err
		},
		"in a list": func() error { _, err := acct.Clients.List(ctx, freshbooks.Clear("note")); return err },
	} {
		if err := call(); !errors.Is(err, freshbooks.ErrInvalidWrite) {
			t.Errorf("%s: %v, want ErrInvalidWrite", what, err)
		}
	}
}

// A due date a write would lose is refused; one as read (create date plus
// offset) passes unsent.
func TestInvoiceDueDateIsRefused(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	ctx := t.Context()
	page, err := acct.Invoices.List(ctx, freshbooks.Equals("v3_status", freshbooks.V3Draft), freshbooks.PerPage(1))
	if err != nil || len(page.Items) == 0 {
		t.Fatal(err)
	}
	inv := page.Items[0]
	inv.Notes = "read, changed, written back"
	if _, err := acct.Invoices.Update(ctx, inv.ID, &inv); err != nil {
		t.Errorf("an invoice as read: %v", err)
	}
	_, err = acct.Invoices.Update(ctx, inv.ID, &freshbooks.Invoice{DueDate: inv.DueDate.AddDays(7)})
	if !errors.Is(err, freshbooks.ErrInvalidWrite) || !strings.Contains(err.Error(), "DueOffsetDays") {
		t.Errorf("a new due date: %v", err)
	}
}

// A create missing several required fields hears of all of them at once,
// each a detail of the one error.
func TestCreateReportsEveryMissingField(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	for what, tc := range map[string]struct {
		call func() error
		want []string
	}{
		"expense": {func() error {
			_, err := acct.Expenses.Create(t.Context(), &freshbooks.Expense{Vendor: "x"})
			return err
		},
			[]string{"categoryid", "staffid", "date", "amount"}},
		"invoice": {func() error { _, err := acct.Invoices.Create(t.Context(), &freshbooks.Invoice{Notes: "x"}); return err },
			[]string{"customerid", "create_date"}},
		"payment": {func() error { _, err := acct.Payments.Create(t.Context(), &freshbooks.Payment{Note: "x"}); return err },
			[]string{"invoiceid", "amount"}},
	} {
		err := tc.call()
		var ae *freshbooks.APIError
		if !errors.As(err, &ae) || !errors.Is(err, freshbooks.ErrValidation) {
			t.Errorf("%s: %v", what, err)
			continue
		}
		var fields []string
		for _, d := range ae.Details {
			fields = append(fields, d.Field)
		}
		if strings.Join(fields, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: fields %v, want %v (%v)", what, fields, tc.want, err)
		}
		for _, f := range tc.want {
			if !strings.Contains(err.Error(), f) {
				t.Errorf("%s: %q does not name %s", what, err, f)
			}
		}
	}
}
