package webhook

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks"
)

func TestParse(t *testing.T) {
	body := "name=invoice.create&object_id=1234567&account_id=6BApk&business_id=6543&identity_id=1234&user_id=1&extra=x"
	e, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := &Event{
		Name:       EventInvoiceCreate,
		Resource:   EventInvoice,
		Action:     ActionCreate,
		ObjectID:   1234567,
		AccountID:  freshbooks.AccountID("6BApk"),
		BusinessID: 6543,
		IdentityID: 1234,
		UserID:     1,
		Fields: []Field{
			{"name", "invoice.create"}, {"object_id", "1234567"}, {"account_id", "6BApk"},
			{"business_id", "6543"}, {"identity_id", "1234"}, {"user_id", "1"}, {"extra", "x"},
		},
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", e, want)
	}
	if e.IsVerification() {
		t.Error("IsVerification = true")
	}
	if got := e.Get("extra"); got != "x" {
		t.Errorf(`Get("extra") = %q`, got)
	}
	if got := e.Get("missing"); got != "" {
		t.Errorf(`Get("missing") = %q`, got)
	}
}

func TestParseVerification(t *testing.T) {
	for _, body := range []string{
		"name=time_entry.update&object_id=2001&verifier=scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd",
		"verifier=scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd&object_id=2001",
	} {
		e, err := Parse([]byte(body))
		if err != nil {
			t.Fatalf("Parse(%q): %v", body, err)
		}
		if !e.IsVerification() || e.Verifier != "scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd" || e.ObjectID != 2001 {
			t.Errorf("Parse(%q) = %+v", body, e)
		}
	}
	e, _ := Parse([]byte("name=time_entry.update&object_id=2001&verifier=x"))
	if e.Resource != EventTimeEntry || e.Action != ActionUpdate {
		t.Errorf("Resource, Action = %q, %q", e.Resource, e.Action)
	}
}

func TestParseLenient(t *testing.T) {
	// Empty optional ids and a non-numeric deprecated user_id read as 0.
	e, err := Parse([]byte("name=client.delete&object_id=7&account_id=&business_id=&identity_id=&user_id=None"))
	if err != nil {
		t.Fatal(err)
	}
	if e.BusinessID != 0 || e.IdentityID != 0 || e.UserID != 0 || e.AccountID != "" {
		t.Errorf("Parse = %+v", e)
	}
	// Names FreshBooks may add later parse too.
	e, err = Parse([]byte("name=invoice.pastdue.1&object_id=7"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Resource != "invoice" || e.Action != "pastdue.1" {
		t.Errorf("Resource, Action = %q, %q", e.Resource, e.Action)
	}
}

func TestParseErrors(t *testing.T) {
	for body, wantMsg := range map[string]string{
		"name=invoice.create&object_id=abc":                        `object_id "abc" is not an id`,
		"name=invoice.create&object_id=-1":                         `object_id "-1" is not an id`,
		"name=invoice.create&object_id=%2B1":                       `object_id "+1" is not an id`,
		"name=invoice.create&object_id=9223372036854775808":        `object_id "9223372036854775808" is not an id`,
		"name=invoice.create&object_id=1&business_id=1.5":          `business_id "1.5" is not an id`,
		"name=invoice.create&object_id=1&identity_id=0x10":         `identity_id "0x10" is not an id`,
		"name=invoice.create&object_id=1&business_id=" + long():    `business_id "` + long()[:32] + `..." is not an id`,
		"name=invoice.create&object_id=":                           "missing object_id",
		"name=invoice.create":                                      "missing object_id",
		"object_id=1&account_id=6BApk":                             "missing name",
		"verifier=&object_id=1":                                    "missing name",
		"verifier=scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd&object_id=abc": `object_id "abc" is not an id`,
	} {
		_, err := Parse([]byte(body))
		if !errors.Is(err, ErrMalformedBody) || !strings.HasSuffix(err.Error(), ": "+wantMsg) {
			t.Errorf("Parse(%q) = %v, want ErrMalformedBody with %q", body, err, wantMsg)
		}
	}
	if _, err := Parse([]byte("name=invoice.create&object_id=9223372036854775807")); err != nil {
		t.Errorf("Parse of max int64: %v", err)
	}
}

func long() string { return strings.Repeat("9", 40) }

var allEvents = []string{
	EventBill, EventBillCreate, EventBillUpdate, EventBillDelete,
	EventBillVendor, EventBillVendorCreate, EventBillVendorUpdate, EventBillVendorDelete,
	EventCategory, EventCategoryCreate, EventCategoryUpdate, EventCategoryDelete,
	EventClient, EventClientCreate, EventClientUpdate, EventClientDelete,
	EventCreditNote, EventCreditNoteCreate, EventCreditNoteUpdate, EventCreditNoteDelete,
	EventEstimate, EventEstimateCreate, EventEstimateUpdate, EventEstimateDelete,
	EventExpense, EventExpenseCreate, EventExpenseUpdate, EventExpenseDelete,
	EventInvoice, EventInvoiceCreate, EventInvoiceUpdate, EventInvoiceDelete,
	EventItem, EventItemCreate, EventItemUpdate, EventItemDelete,
	EventPayment, EventPaymentCreate, EventPaymentUpdate, EventPaymentDelete,
	EventProject, EventProjectCreate, EventProjectUpdate, EventProjectDelete,
	EventRecurring, EventRecurringCreate, EventRecurringUpdate, EventRecurringDelete,
	EventService, EventServiceCreate, EventServiceUpdate, EventServiceDelete,
	EventTax, EventTaxCreate, EventTaxUpdate, EventTaxDelete,
	EventTimeEntry, EventTimeEntryCreate, EventTimeEntryUpdate, EventTimeEntryDelete,
}

func TestValidEvent(t *testing.T) {
	nouns := "bill bill_vendor category client credit_note estimate expense invoice item payment project recurring service tax time_entry"
	var want []string
	for _, n := range strings.Fields(nouns) {
		want = append(want, n, n+".create", n+".update", n+".delete")
	}
	if !reflect.DeepEqual(allEvents, want) {
		t.Errorf("event constants =\n%q\nwant\n%q", allEvents, want)
	}
	for _, name := range allEvents {
		if !ValidEvent(name) {
			t.Errorf("ValidEvent(%q) = false", name)
		}
	}
	for _, name := range []string{
		"", ".", "invoice.", ".create", "Invoice", "INVOICE.CREATE", "invoice.create.x", "invoice.sendByEmail",
		"invoice.dispute", "staff", "task.create", "all", "callback.verify", " invoice", "invoice.create ",
	} {
		if ValidEvent(name) {
			t.Errorf("ValidEvent(%q) = true", name)
		}
	}
}

func TestMatches(t *testing.T) {
	for _, tt := range []struct {
		sub, name string
		want      bool
	}{
		{EventInvoiceCreate, EventInvoiceCreate, true},
		{EventInvoice, EventInvoiceCreate, true},
		{EventInvoice, EventInvoiceDelete, true},
		{EventInvoice, EventInvoice, true},
		{EventInvoiceCreate, EventInvoiceUpdate, false},
		{EventInvoiceCreate, EventInvoice, false},
		{EventBill, EventBillVendorCreate, false},
		{EventBillVendor, EventBillCreate, false},
		{"invoice.", EventInvoiceCreate, false},
		{"inv", EventInvoiceCreate, false},
		{"", "", false},
		{"", ".create", false},
	} {
		if got := Matches(tt.sub, tt.name); got != tt.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", tt.sub, tt.name, got, tt.want)
		}
	}
}
