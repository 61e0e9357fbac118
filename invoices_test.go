package freshbooks_test

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// twoLineInvoice is an invoice with a taxed line and an untaxed one:
// 3 × 100.00 with 13% tax, and 2 × 25.50.
func twoLineInvoice(customer freshbooks.CustomerID) *freshbooks.Invoice {
	return &freshbooks.Invoice{
		CustomerID:    customer,
		CreateDate:    freshbooks.NewDate(2026, 3, 1),
		DueOffsetDays: ptr(30),
		Notes:         "Thanks!",
		Lines: []freshbooks.Line{
			{Name: "Consulting", Qty: dec("3"), UnitCost: money("100.00"), TaxName1: "HST", TaxRate1: dec("13")},
			{Name: "Travel", Description: "Train", Qty: dec("2"), UnitCost: money("25.50")},
		},
	}
}

func TestInvoiceLifecycleTotalsAndPayments(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Analytical Engines")

	inv, err := s.acct.Invoices.Create(s.ctx, twoLineInvoice(cl.ID), freshbooks.Include("lines"))
	if err != nil {
		t.Fatal(err)
	}
	// 300.00 + 39.00 tax + 51.00 = 390.00, in the client's currency.
	wantMoney(t, "amount", inv.Amount, "390.00", "CAD")
	wantMoney(t, "outstanding", inv.Outstanding, "390.00", "CAD")
	wantMoney(t, "paid", inv.Paid, "0.00", "CAD")
	wantMoney(t, "discount_total", inv.DiscountTotal, "0.00", "CAD")
	if inv.ID == 0 || inv.InvoiceID != inv.ID || len(inv.InvoiceNumber) != 7 {
		t.Errorf("id %d, invoiceid %d, number %q", inv.ID, inv.InvoiceID, inv.InvoiceNumber)
	}
	if inv.Status != freshbooks.InvoiceDraft || inv.V3Status != freshbooks.V3Draft || inv.DisplayStatus != freshbooks.DisplayDraft ||
		inv.PaymentStatus != freshbooks.PaymentStatusUnpaid {
		t.Errorf("statuses %v %q %q %q, want a draft, unpaid", inv.Status, inv.V3Status, inv.DisplayStatus, inv.PaymentStatus)
	}
	// The client snapshot comes from the client.
	if inv.FirstName != "Ada" || inv.Organization != "Analytical Engines" || inv.City != "London" || inv.Email != cl.Email || inv.CurrencyCode != "CAD" {
		t.Errorf("snapshot %q %q %q %q %q", inv.FirstName, inv.Organization, inv.City, inv.Email, inv.CurrencyCode)
	}
	// due_date = create_date + due_offset_days, derived.
	if inv.DueDate != freshbooks.NewDate(2026, 3, 31) {
		t.Errorf("due date %v, want 2026-03-31", inv.DueDate)
	}
	if inv.CreatedAt.Time().IsZero() || inv.Updated.String() != "2026-03-08 01:30:00" { // 06:30 UTC in US/Eastern
		t.Errorf("created %v, updated %q", inv.CreatedAt, inv.Updated.String())
	}
	if len(inv.Lines) != 2 {
		t.Fatalf("%d lines with include[]=lines, want 2", len(inv.Lines))
	}
	l1, l2 := inv.Lines[0], inv.Lines[1]
	if l1.LineID != 1 || l2.LineID != 2 || l1.InvoiceID != inv.ID {
		t.Errorf("line ids %d, %d (invoice %d)", l1.LineID, l2.LineID, l1.InvoiceID)
	}
	wantMoney(t, "line 1 amount", l1.Amount, "300.00", "CAD")
	wantMoney(t, "line 2 amount", l2.Amount, "51.00", "CAD")
	if l1.TaxName1 != "HST" || l1.TaxRate1.String() != "13" || l2.Qty.String() != "2" {
		t.Errorf("line 1 tax %q %s, line 2 qty %s", l1.TaxName1, l1.TaxRate1, l2.Qty)
	}

	// Without include[]=lines, FreshBooks leaves the lines out.
	got, err := s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Lines != nil {
		t.Errorf("lines without include: %v", got.Lines)
	}

	sent, err := s.acct.Invoices.MarkAsSent(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sent.Status != freshbooks.InvoiceSent || sent.V3Status != freshbooks.V3Sent || sent.DisplayStatus != freshbooks.DisplaySent {
		t.Errorf("after mark as sent: %v %q %q", sent.Status, sent.V3Status, sent.DisplayStatus)
	}

	// A partial payment.
	p1, err := s.acct.Payments.Create(s.ctx, &freshbooks.Payment{InvoiceID: inv.ID, Amount: money("100"),
		Date: freshbooks.NewDate(2026, 3, 10), Type: freshbooks.PaymentTypeCheck, Note: "First half"})
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "payment", p1.Amount, "100.00", "CAD")
	if p1.CustomerID != cl.ID || p1.LogID != p1.ID || p1.Type != freshbooks.PaymentTypeCheck || p1.OverpaymentID != 0 {
		t.Errorf("payment client %d, logid %d, type %q, overpayment %d", p1.CustomerID, p1.LogID, p1.Type, p1.OverpaymentID)
	}
	got, err = s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "paid", got.Paid, "100.00", "CAD")
	wantMoney(t, "outstanding", got.Outstanding, "290.00", "CAD")
	if got.Status != freshbooks.InvoicePartial || got.V3Status != freshbooks.V3Partial || got.PaymentStatus != freshbooks.PaymentStatusPartial {
		t.Errorf("after a partial payment: %v %q %q", got.Status, got.V3Status, got.PaymentStatus)
	}

	// The rest: paid.
	p2, err := s.acct.Payments.Create(s.ctx, &freshbooks.Payment{InvoiceID: inv.ID, Amount: freshbooks.Money{Amount: dec("290.00"), Code: "CAD"},
		Date: freshbooks.NewDate(2026, 3, 20), Type: freshbooks.PaymentTypeBankTransfer})
	if err != nil {
		t.Fatal(err)
	}
	got, err = s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "outstanding", got.Outstanding, "0.00", "CAD")
	if got.Status != freshbooks.InvoicePaid || got.V3Status != freshbooks.V3Paid || got.PaymentStatus != freshbooks.PaymentStatusPaid ||
		got.DatePaid != freshbooks.NewDate(2026, 3, 20) {
		t.Errorf("after paying in full: %v %q %q paid on %v", got.Status, got.V3Status, got.PaymentStatus, got.DatePaid)
	}

	// Deleting a payment makes the invoice owed again.
	if err := s.acct.Payments.Delete(s.ctx, p2.ID); err != nil {
		t.Fatal(err)
	}
	got, err = s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "outstanding after deleting a payment", got.Outstanding, "290.00", "CAD")
	if got.V3Status != freshbooks.V3Partial || !got.DatePaid.IsZero() {
		t.Errorf("after deleting the payment: %q, paid on %v", got.V3Status, got.DatePaid)
	}

	// Paying too much makes an overpayment credit of the excess.
	p3, err := s.acct.Payments.Create(s.ctx, &freshbooks.Payment{InvoiceID: inv.ID, Amount: money("300.00"),
		Date: freshbooks.NewDate(2026, 3, 25)})
	if err != nil {
		t.Fatal(err)
	}
	if p3.OverpaymentID == 0 {
		t.Fatal("no overpaymentid on an overpayment")
	}
	credit, err := s.acct.CreditNotes.Get(s.ctx, p3.OverpaymentID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "overpayment credit", credit.Amount, "10.00", "CAD")
	if credit.CreditType != freshbooks.CreditOverpayment || credit.CustomerID != cl.ID {
		t.Errorf("credit type %q client %d", credit.CreditType, credit.CustomerID)
	}
	got, err = s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "paid with the overpayment", got.Paid, "390.00", "CAD")
	if got.PaymentStatus != freshbooks.PaymentStatusPaid {
		t.Errorf("payment status %q", got.PaymentStatus)
	}
}

func TestInvoiceDiscountAndCompoundTax(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Difference Engines")
	inv, err := s.acct.Invoices.Create(s.ctx, &freshbooks.Invoice{
		CustomerID: cl.ID, CreateDate: freshbooks.NewDate(2026, 3, 2), CurrencyCode: "USD", DiscountValue: dec("10"),
		Lines: []freshbooks.Line{{Name: "Widget", Qty: dec("4"), UnitCost: usd("25.00"),
			TaxName1: "GST", TaxRate1: dec("5"), TaxName2: "QST", TaxRate2: dec("9.975"), CompoundedTax: ptr(true)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// 100.00 − 10% = 90.00; GST 4.50; QST on 94.50 = 9.426375; taxes
	// 13.926375 → 13.93; total 90.00 + 13.93 = 103.93.
	wantMoney(t, "discount_total", inv.DiscountTotal, "10.00", "USD")
	wantMoney(t, "amount", inv.Amount, "103.93", "USD")
	if inv.DiscountValue.String() != "10" {
		t.Errorf("discount value %s", inv.DiscountValue)
	}
}

func TestInvoiceLineTaxByName(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Tax Lookup Ltd")
	tax, err := s.acct.Taxes.Create(s.ctx, &freshbooks.Tax{Name: "PST", Rate: dec("7"), Number: "PST-123"})
	if err != nil {
		t.Fatal(err)
	}
	// A line naming a business tax without a rate takes the tax's rate.
	inv, err := s.acct.Invoices.Create(s.ctx, &freshbooks.Invoice{CustomerID: cl.ID, CreateDate: freshbooks.NewDate(2026, 3, 3),
		Lines: []freshbooks.Line{{Name: "Box", Qty: dec("1"), UnitCost: money("200"), TaxName1: tax.Name}}},
		freshbooks.Include("lines"))
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "amount", inv.Amount, "214.00", "CAD")
	if l := inv.Lines[0]; l.TaxRate1.String() != "7" || l.TaxNumber1 != "PST-123" {
		t.Errorf("line tax %s %q", l.TaxRate1, l.TaxNumber1)
	}
}

func TestInvoiceUpdateReplacesLinesAndKeepsDueDateDerived(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Update Co")
	inv, err := s.acct.Invoices.Create(s.ctx, twoLineInvoice(cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	// A read-modify-write: the invoice as read carries due_date, which
	// FreshBooks refuses to have written; Update leaves it out.
	read, err := s.acct.Invoices.Get(s.ctx, inv.ID, freshbooks.Include("lines"))
	if err != nil {
		t.Fatal(err)
	}
	if read.DueDate.IsZero() {
		t.Fatal("no due date read")
	}
	up := &freshbooks.Invoice{DueDate: read.DueDate, DueOffsetDays: ptr(15), Notes: "Net 15",
		Lines: []freshbooks.Line{{Name: "Flat fee", Qty: dec("1"), UnitCost: money("500")}}}
	got, err := s.acct.Invoices.Update(s.ctx, inv.ID, up, freshbooks.Include("lines"))
	if err != nil {
		t.Fatalf("update with DueDate set: %v", err)
	}
	if got.DueDate != freshbooks.NewDate(2026, 3, 16) || got.Notes != "Net 15" {
		t.Errorf("due date %v, notes %q", got.DueDate, got.Notes)
	}
	if len(got.Lines) != 1 || got.Lines[0].Name != "Flat fee" {
		t.Errorf("lines %+v, want the one written", got.Lines)
	}
	wantMoney(t, "amount", got.Amount, "500.00", "CAD")
	if up.DueDate.IsZero() {
		t.Error("Update changed the caller's invoice")
	}

	// Changing the client copies the new client's snapshot.
	other := s.customer(t, "Second Client")
	got, err = s.acct.Invoices.Update(s.ctx, inv.ID, &freshbooks.Invoice{CustomerID: other.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got.Organization != "Second Client" || got.Email != other.Email {
		t.Errorf("snapshot after changing client: %q %q", got.Organization, got.Email)
	}
}

func TestInvoiceVisStatePhaseDiscardsTheRest(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Phase Inc")
	inv, err := s.acct.Invoices.Create(s.ctx, twoLineInvoice(cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.acct.Invoices.Update(s.ctx, inv.ID, &freshbooks.Invoice{VisState: freshbooks.VisArchived, Notes: "dropped"})
	if err != nil {
		t.Fatal(err)
	}
	if got.VisState != freshbooks.VisArchived || got.Notes != "Thanks!" {
		t.Errorf("vis_state %v, notes %q: only the vis_state phase should run", got.VisState, got.Notes)
	}
}

func TestInvoiceDeleteArchiveRestore(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Vis Corp")
	inv, err := s.acct.Invoices.Create(s.ctx, twoLineInvoice(cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	mine := freshbooks.Equals("customerid", cl.ID)
	count := func(opts ...freshbooks.QueryOption) int {
		t.Helper()
		p, err := s.acct.Invoices.List(s.ctx, append(opts, mine)...)
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}

	if err := s.acct.Invoices.Delete(s.ctx, inv.ID); err != nil { // HTTP DELETE
		t.Fatal(err)
	}
	got, err := s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.VisState != freshbooks.VisDeleted {
		t.Errorf("after Delete vis_state %v", got.VisState)
	}
	if n := count(); n != 0 {
		t.Errorf("deleted invoice listed by default (%d)", n)
	}
	if n := count(freshbooks.Equals("vis_state", freshbooks.VisDeleted)); n != 1 {
		t.Errorf("search[vis_state]=1 found %d", n)
	}
	// A payment on a deleted invoice is refused.
	_, err = s.acct.Payments.Create(s.ctx, &freshbooks.Payment{InvoiceID: inv.ID, Amount: usd("1")})
	if !errors.Is(err, freshbooks.ErrValidation) {
		t.Errorf("payment on a deleted invoice: %v", err)
	}

	if got, err = s.acct.Invoices.Restore(s.ctx, inv.ID); err != nil || got.VisState != freshbooks.VisActive {
		t.Fatalf("restore: %v, %v", got, err)
	}
	if got, err = s.acct.Invoices.Archive(s.ctx, inv.ID); err != nil || got.VisState != freshbooks.VisArchived {
		t.Fatalf("archive: %v, %v", got, err)
	}
	if n := count(); n != 1 {
		t.Errorf("archived invoice not listed by default (%d)", n)
	}
}

func TestInvoiceFiltersAndSort(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	a, b := s.customer(t, "Filter A"), s.customer(t, "Filter B")
	var ids []freshbooks.InvoiceID
	for i, d := range []int{5, 20, 12} {
		inv, err := s.acct.Invoices.Create(s.ctx, &freshbooks.Invoice{CustomerID: a.ID, CreateDate: freshbooks.NewDate(2026, 2, d),
			Lines: []freshbooks.Line{{Name: "Work", Qty: dec("1"), UnitCost: freshbooks.Money{Amount: freshbooks.DecimalFromInt(int64(100 * (i + 1)))}}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, inv.ID)
	}
	other, err := s.acct.Invoices.Create(s.ctx, &freshbooks.Invoice{CustomerID: b.ID, CreateDate: freshbooks.NewDate(2026, 2, 7)})
	if err != nil {
		t.Fatal(err)
	}
	// One sent and paid, one sent and owed, one draft.
	if _, err := s.acct.Invoices.MarkAsSent(s.ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.acct.Payments.Create(s.ctx, &freshbooks.Payment{InvoiceID: ids[0], Amount: money("100")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.acct.Invoices.MarkAsSent(s.ctx, ids[1]); err != nil {
		t.Fatal(err)
	}

	list := func(opts ...freshbooks.QueryOption) []freshbooks.InvoiceID {
		t.Helper()
		p, err := s.acct.Invoices.List(s.ctx, opts...)
		if err != nil {
			t.Fatal(err)
		}
		var out []freshbooks.InvoiceID
		for _, inv := range p.Items {
			out = append(out, inv.ID)
		}
		return out
	}
	mine := freshbooks.Equals("customerid", a.ID)
	for _, tc := range []struct {
		name string
		opts []freshbooks.QueryOption
		want []freshbooks.InvoiceID
	}{
		{"customerid, sorted by invoice date descending", []freshbooks.QueryOption{mine, freshbooks.SortDesc("invoice_date")}, []freshbooks.InvoiceID{ids[1], ids[2], ids[0]}},
		{"sorted by invoice date ascending", []freshbooks.QueryOption{mine, freshbooks.SortAsc("invoice_date")}, []freshbooks.InvoiceID{ids[0], ids[2], ids[1]}},
		{"sorted by amount descending", []freshbooks.QueryOption{mine, freshbooks.SortDesc("amount")}, []freshbooks.InvoiceID{ids[2], ids[1], ids[0]}},
		{"customerids", []freshbooks.QueryOption{freshbooks.In("customerids", a.ID, b.ID), freshbooks.SortAsc("invoice_date")}, []freshbooks.InvoiceID{ids[0], other.ID, ids[2], ids[1]}},
		{"date range, both ends included", []freshbooks.QueryOption{mine, freshbooks.Between("date", freshbooks.NewDate(2026, 2, 5), freshbooks.NewDate(2026, 2, 20))}, []freshbooks.InvoiceID{ids[0], ids[1], ids[2]}},
		{"v3_status (sent and past due: overdue)", []freshbooks.QueryOption{mine, freshbooks.Equals("v3_status", freshbooks.V3Overdue)}, []freshbooks.InvoiceID{ids[1]}},
		{"paid", []freshbooks.QueryOption{mine, freshbooks.Equals("paid", true)}, []freshbooks.InvoiceID{ids[0]}},
		{"outstanding", []freshbooks.QueryOption{mine, freshbooks.Equals("outstanding", true)}, []freshbooks.InvoiceID{ids[1]}},
		{"invoiceids", []freshbooks.QueryOption{freshbooks.In("invoiceids", ids[2], other.ID)}, []freshbooks.InvoiceID{ids[2], other.ID}},
		{"unknown filter ignored by FreshBooks", []freshbooks.QueryOption{mine, freshbooks.Param("search[no_such_filter]", "x")}, []freshbooks.InvoiceID{ids[0], ids[1], ids[2]}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := list(tc.opts...)
			if tc.name == "invoiceids" {
				slices.Sort(got)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	// invoice_number, exactly.
	inv, err := s.acct.Invoices.Get(s.ctx, ids[2])
	if err != nil {
		t.Fatal(err)
	}
	if got := list(freshbooks.Equals("invoice_number", inv.InvoiceNumber)); !slices.Equal(got, []freshbooks.InvoiceID{ids[2]}) {
		t.Errorf("invoice_number %s: %v", inv.InvoiceNumber, got)
	}
	// All walks every page.
	n := 0
	for inv, err := range s.acct.Invoices.All(s.ctx, mine, freshbooks.PerPage(2)) {
		if err != nil {
			t.Fatal(err)
		}
		if inv.CustomerID != a.ID {
			t.Errorf("All gave customer %d", inv.CustomerID)
		}
		n++
	}
	if n != 3 {
		t.Errorf("All gave %d invoices, want 3", n)
	}
}

// TestInvoiceQueryString pins the exact query FreshBooks receives for the
// documented invoice filters.
func TestInvoiceQueryString(t *testing.T) {
	c, last := replay(t, 200, []byte(`{"response": {"result": {"invoices": [], "page": 1, "pages": 0, "per_page": 15, "total": 0}}}`))
	acct := c.Account("ACM123")
	ctx := context.Background()
	for _, tc := range []struct {
		opts []freshbooks.QueryOption
		want string
	}{
		{[]freshbooks.QueryOption{freshbooks.Include("lines"), freshbooks.Equals("customerid", 5), freshbooks.SortDesc("invoice_date")},
			"include%5B%5D=lines&search%5Bcustomerid%5D=5&sort=invoice_date_desc"},
		{[]freshbooks.QueryOption{freshbooks.In("customerids", 1, 2), freshbooks.Between("date", freshbooks.NewDate(2026, 1, 1), freshbooks.NewDate(2026, 2, 1))},
			"search%5Bcustomerids%5D%5B%5D=1&search%5Bcustomerids%5D%5B%5D=2&search%5Bdate_max%5D=2026-02-01&search%5Bdate_min%5D=2026-01-01"},
		{[]freshbooks.QueryOption{freshbooks.Equals("v3_status", freshbooks.V3Partial), freshbooks.Equals("outstanding", true), freshbooks.OnPage(2), freshbooks.PerPage(50)},
			"page=2&per_page=50&search%5Boutstanding%5D=true&search%5Bv3_status%5D=partial"},
		{[]freshbooks.QueryOption{freshbooks.Equals("vis_state", freshbooks.VisDeleted), freshbooks.Include("lines", "presentation")},
			"include%5B%5D=lines&include%5B%5D=presentation&search%5Bvis_state%5D=1"},
	} {
		if _, err := acct.Invoices.List(ctx, tc.opts...); err != nil {
			t.Fatal(err)
		}
		if last.URL.Path != "/accounting/account/ACM123/invoices/invoices" || last.URL.RawQuery != tc.want {
			t.Errorf("GET %s?%s\nwant ?%s", last.URL.Path, last.URL.RawQuery, tc.want)
		}
	}
}

func TestInvoiceValidationErrors(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Errors Ltd")
	inv, err := s.acct.Invoices.Create(s.ctx, twoLineInvoice(cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		call   func() error
		status int
		errno  int
		field  string
		msg    string
		object string // "invoice" when empty
	}{
		{"missing customerid", func() error {
			_, err := s.acct.Invoices.Create(s.ctx, &freshbooks.Invoice{CreateDate: freshbooks.NewDate(2026, 1, 1)})
			return err
		}, 422, 1001, "customerid", "The field 'customerid' is required.", ""},
		{"unknown client", func() error {
			_, err := s.acct.Invoices.Create(s.ctx, &freshbooks.Invoice{CustomerID: 999, CreateDate: freshbooks.NewDate(2026, 1, 1)})
			return err
		}, 422, 1012, "customerid", "Client not found.", ""},
		{"missing create_date", func() error {
			_, err := s.acct.Invoices.Create(s.ctx, &freshbooks.Invoice{CustomerID: cl.ID})
			return err
		}, 422, 1001, "create_date", "The field 'create_date' is required.", ""},
		{"status 4 is not writable", func() error {
			_, err := s.acct.Invoices.Update(s.ctx, inv.ID, &freshbooks.Invoice{Status: freshbooks.InvoicePaid})
			return err
		}, 422, 1004, "status", "Status must be one of 'draft', 'sent', 'viewed' or 'disputed'.", ""},
		{"bad tax percent", func() error {
			_, err := s.acct.Invoices.Update(s.ctx, inv.ID, &freshbooks.Invoice{Lines: []freshbooks.Line{{Name: "x", Extra: freshbooks.Extra{"taxAmount1": []byte(`"13%"`)}}}})
			return err
		}, 422, 1018, "taxAmount1", "Percent values should be strings formatted as decimals.", ""},
		{"email without recipients", func() error {
			_, err := s.acct.Invoices.SendByEmail(s.ctx, inv.ID, freshbooks.EmailOptions{Subject: "Hi"})
			return err
		}, 422, 1001, "email_recipients", "The field 'email_recipients' is required.", ""},
		{"share link of a draft", func() error {
			_, err := s.acct.Invoices.ShareLink(s.ctx, inv.ID)
			return err
		}, 422, 1004, "status", "The invoice must be sent before it can be shared.", "share_link"},
		{"unknown invoice", func() error {
			_, err := s.acct.Invoices.Get(s.ctx, 1)
			return err
		}, 404, 1012, "invoiceid", "Invoice not found.", ""},
		{"update of an unknown invoice", func() error {
			_, err := s.acct.Invoices.MarkAsSent(s.ctx, 1)
			return err
		}, 404, 1012, "invoiceid", "Invoice not found.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var ae *freshbooks.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want an APIError", err)
			}
			if ae.StatusCode != tc.status || ae.Errno != tc.errno || len(ae.Details) != 1 || ae.Details[0].Field != tc.field ||
				ae.Message != tc.msg || ae.Details[0].Object != cmp.Or(tc.object, "invoice") {
				t.Errorf("got %d errno %d details %+v message %q", ae.StatusCode, ae.Errno, ae.Details, ae.Message)
			}
			switch tc.status {
			case 404:
				if !errors.Is(err, freshbooks.ErrNotFound) {
					t.Error("not ErrNotFound")
				}
			case 422:
				if !errors.Is(err, freshbooks.ErrValidation) {
					t.Error("not ErrValidation")
				}
			}
		})
	}
	// Nothing failed was written.
	p, err := s.acct.Invoices.List(s.ctx, freshbooks.Equals("customerid", cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 1 {
		t.Errorf("%d invoices after failed writes, want 1", p.Total)
	}
}

func TestInvoiceShareLinkAndEmail(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Mail Room")
	inv, err := s.acct.Invoices.Create(s.ctx, twoLineInvoice(cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.acct.Invoices.SendByEmail(s.ctx, inv.ID, freshbooks.EmailOptions{
		Recipients: []string{"ap@mailroom.test", "boss@mailroom.test"}, Subject: "Your invoice", Body: "Due in 30 days.", IncludePDF: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if got.V3Status != freshbooks.V3Sent || got.Status != freshbooks.InvoiceSent {
		t.Errorf("after emailing: %q %v", got.V3Status, got.Status)
	}
	mails := s.srv.SentEmails(s.acct.ID)
	if len(mails) != 1 {
		t.Fatalf("%d emails, want 1", len(mails))
	}
	m := mails[0]
	if m.Resource != "invoice" || m.ResourceID != int64(inv.ID) || !slices.Equal(m.To, []string{"ap@mailroom.test", "boss@mailroom.test"}) ||
		m.Subject != "Your invoice" || m.Body != "Due in 30 days." || !m.IncludePDF || !m.At.Equal(s.clock.Now()) {
		t.Errorf("email %+v", m)
	}

	link, err := s.acct.Invoices.ShareLink(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if link.ResourceID != int64(inv.ID) || link.CustomerID != cl.ID || link.ResourceType != "invoice" || link.ShareMethod != "share_link" ||
		!strings.HasPrefix(link.URL, "https://") {
		t.Errorf("share link %+v", link)
	}
}

func TestInvoicePresentationAndGateways(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Pretty Things")
	inv := twoLineInvoice(cl.ID)
	inv.Presentation = &freshbooks.InvoicePresentation{ThemePrimaryColor: "#112233", ThemeLayout: "modern"}
	inv.AllowedGatewayIDs = []int64{26, 7}
	got, err := s.acct.Invoices.Create(s.ctx, inv)
	if err != nil {
		t.Fatal(err)
	}
	if got.Presentation != nil || got.AllowedGateways != nil {
		t.Error("presentation or gateways answered without include")
	}
	got, err = s.acct.Invoices.Get(s.ctx, got.ID, freshbooks.Include("presentation", "allowed_gateways"))
	if err != nil {
		t.Fatal(err)
	}
	p := got.Presentation
	if p == nil || p.ThemePrimaryColor != "#112233" || p.ThemeLayout != "modern" || p.ThemeFontName != "modern" || p.InvoiceID != got.ID {
		t.Errorf("presentation %+v", p)
	}
	if len(got.AllowedGateways) != 2 || got.AllowedGateways[0].GatewayID != 26 || got.AllowedGateways[0].GatewayName != "Stripe" ||
		got.AllowedGateways[1].GatewayName != "PayPal" {
		t.Errorf("gateways %+v", got.AllowedGateways)
	}
	_, err = s.acct.Invoices.Update(s.ctx, got.ID, &freshbooks.Invoice{AllowedGatewayIDs: []int64{99}})
	if !errors.Is(err, freshbooks.ErrValidation) {
		t.Errorf("unknown gateway: %v", err)
	}
}

func TestInvoiceScopes(t *testing.T) {
	// A token granted user:invoices:read but not write may read, not write.
	c, srv := setup(t, freshbookstest.Options{})
	ctx := context.Background()
	ar, err := c.NewAuthRequest("user:profile:read", "user:invoices:read")
	if err != nil {
		t.Fatal(err)
	}
	back, err := srv.Approve(ctx, ar.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CompleteAuth(ctx, ar, back.Query()); err != nil {
		t.Fatal(err)
	}
	me, err := c.CurrentUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	acct := c.Account(me.BusinessMemberships[0].Business.AccountID)
	if _, err := acct.Invoices.List(ctx); err != nil {
		t.Fatalf("list with the read scope: %v", err)
	}
	_, err = acct.Invoices.Create(ctx, &freshbooks.Invoice{CustomerID: 1, CreateDate: freshbooks.NewDate(2026, 1, 1)})
	var ae *freshbooks.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusForbidden || !errors.Is(err, freshbooks.ErrForbidden) ||
		!strings.Contains(ae.Message, "user:invoices:write") {
		t.Errorf("create without the write scope: %v", err)
	}
	if _, err := acct.Payments.List(ctx); !errors.Is(err, freshbooks.ErrForbidden) {
		t.Errorf("payments without user:payments:read: %v", err)
	}
}
