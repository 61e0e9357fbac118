package webhook

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks"
)

// An Event is a delivery parsed by [Parse].
//
// FreshBooks sends only identifiers, never the changed object, and the same
// event may arrive more than once, late, or out of order: treat an Event as
// a hint and fetch the object by ObjectID for its current state.
type Event struct {
	// Name is the event, such as "invoice.create". In a verification
	// delivery it is the event the callback subscribes to, if sent.
	Name string

	// Resource and Action are Name split at its first dot, such as
	// "invoice" and "create". The bare-noun constants (EventInvoice, ...)
	// are the resource names; ActionCreate, ActionUpdate and ActionDelete
	// the actions.
	Resource string
	Action   string

	// ObjectID is the id of the object that changed, such as the invoice.
	// In a verification delivery it is the id of the callback.
	ObjectID int64

	AccountID  freshbooks.AccountID
	BusinessID freshbooks.BusinessID
	IdentityID freshbooks.IdentityID // the identity that made the change

	// UserID is the FreshBooks Classic user who made the change, or 0 if
	// the field is absent or not an integer.
	//
	// Deprecated: FreshBooks deprecates the user_id field. Use IdentityID.
	UserID int64

	// Verifier is the callback's verification code, set only in a
	// verification delivery. See [Event.IsVerification].
	Verifier string

	// Fields holds every field received, in order, the ones above included.
	// They are exactly the fields the signature covers.
	Fields []Field
}

// IsVerification reports whether e is the verification delivery FreshBooks
// sends once a callback is registered or asked to resend: it carries a
// verifier, and ObjectID is the callback id. The application proves it
// received it by passing both to the callbacks' Verify endpoint.
func (e *Event) IsVerification() bool { return e.Verifier != "" }

// Get returns the value of the field named key, or "" if there is none.
func (e *Event) Get(key string) string { return fieldValue(e.Fields, key) }

// Parse parses body, the raw form-encoded body of a delivery, into an
// Event. It does not check the signature: call [Verify] first, or use
// [Handler].
//
// object_id is required, and so is name unless the delivery is a
// verification. object_id, business_id and identity_id must be decimal
// integers when present and non-empty; user_id, deprecated, is read when it
// is one. Field names Parse does not know are kept in Fields. Errors wrap
// [ErrMalformedBody].
func Parse(body []byte) (*Event, error) {
	fields, err := parseForm(body)
	if err != nil {
		return nil, err
	}
	return newEvent(fields)
}

func newEvent(fields []Field) (*Event, error) {
	e := &Event{Fields: fields}
	hasObjectID := false
	for _, f := range fields {
		var err error
		switch f.Key {
		case "name":
			e.Name = f.Value
		case "object_id":
			hasObjectID = f.Value != ""
			e.ObjectID, err = parseID(f)
		case "account_id":
			e.AccountID = freshbooks.AccountID(f.Value)
		case "business_id":
			var id int64
			id, err = parseID(f)
			e.BusinessID = freshbooks.BusinessID(id)
		case "identity_id":
			var id int64
			id, err = parseID(f)
			e.IdentityID = freshbooks.IdentityID(id)
		case "user_id":
			e.UserID, _ = parseID(f)
		case "verifier":
			e.Verifier = f.Value
		}
		if err != nil {
			return nil, err
		}
	}
	if !hasObjectID {
		return nil, fmt.Errorf("%w: missing object_id", ErrMalformedBody)
	}
	if e.Name == "" && !e.IsVerification() {
		return nil, fmt.Errorf("%w: missing name", ErrMalformedBody)
	}
	e.Resource, e.Action, _ = strings.Cut(e.Name, ".")
	return e, nil
}

// parseID parses a non-negative decimal id; empty means 0.
func parseID(f Field) (int64, error) {
	if f.Value == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(f.Value, 10, 63)
	if err != nil {
		v := f.Value
		if len(v) > 32 {
			v = v[:32] + "..."
		}
		return 0, fmt.Errorf("%w: %s %q is not an id", ErrMalformedBody, f.Key, v)
	}
	return int64(n), nil
}

// Actions, the part of an event name after the dot.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// Event names FreshBooks accepts for a callback: for each of 15 resources,
// the bare noun (which subscribes to all three actions) and the noun with
// each action. Deliveries always carry a noun with an action.
const (
	EventBill       = "bill"
	EventBillCreate = "bill.create"
	EventBillUpdate = "bill.update"
	EventBillDelete = "bill.delete"

	EventBillVendor       = "bill_vendor"
	EventBillVendorCreate = "bill_vendor.create"
	EventBillVendorUpdate = "bill_vendor.update"
	EventBillVendorDelete = "bill_vendor.delete"

	EventCategory       = "category"
	EventCategoryCreate = "category.create"
	EventCategoryUpdate = "category.update"
	EventCategoryDelete = "category.delete"

	EventClient       = "client"
	EventClientCreate = "client.create"
	EventClientUpdate = "client.update"
	EventClientDelete = "client.delete"

	EventCreditNote       = "credit_note"
	EventCreditNoteCreate = "credit_note.create"
	EventCreditNoteUpdate = "credit_note.update"
	EventCreditNoteDelete = "credit_note.delete"

	EventEstimate       = "estimate"
	EventEstimateCreate = "estimate.create"
	EventEstimateUpdate = "estimate.update"
	EventEstimateDelete = "estimate.delete"

	EventExpense       = "expense"
	EventExpenseCreate = "expense.create"
	EventExpenseUpdate = "expense.update"
	EventExpenseDelete = "expense.delete"

	EventInvoice       = "invoice"
	EventInvoiceCreate = "invoice.create"
	EventInvoiceUpdate = "invoice.update"
	EventInvoiceDelete = "invoice.delete"

	EventItem       = "item"
	EventItemCreate = "item.create"
	EventItemUpdate = "item.update"
	EventItemDelete = "item.delete"

	EventPayment       = "payment"
	EventPaymentCreate = "payment.create"
	EventPaymentUpdate = "payment.update"
	EventPaymentDelete = "payment.delete"

	EventProject       = "project"
	EventProjectCreate = "project.create"
	EventProjectUpdate = "project.update"
	EventProjectDelete = "project.delete"

	EventRecurring       = "recurring"
	EventRecurringCreate = "recurring.create"
	EventRecurringUpdate = "recurring.update"
	EventRecurringDelete = "recurring.delete"

	EventService       = "service"
	EventServiceCreate = "service.create"
	EventServiceUpdate = "service.update"
	EventServiceDelete = "service.delete"

	EventTax       = "tax"
	EventTaxCreate = "tax.create"
	EventTaxUpdate = "tax.update"
	EventTaxDelete = "tax.delete"

	EventTimeEntry       = "time_entry"
	EventTimeEntryCreate = "time_entry.create"
	EventTimeEntryUpdate = "time_entry.update"
	EventTimeEntryDelete = "time_entry.delete"
)

var resources = map[string]bool{
	EventBill: true, EventBillVendor: true, EventCategory: true,
	EventClient: true, EventCreditNote: true, EventEstimate: true,
	EventExpense: true, EventInvoice: true, EventItem: true,
	EventPayment: true, EventProject: true, EventRecurring: true,
	EventService: true, EventTax: true, EventTimeEntry: true,
}

// ValidEvent reports whether name is one of the 60 event names FreshBooks
// accepts when registering a callback, such as "invoice" or
// "invoice.create".
func ValidEvent(name string) bool {
	noun, action, hasAction := strings.Cut(name, ".")
	if !resources[noun] {
		return false
	}
	return !hasAction || action == ActionCreate || action == ActionUpdate || action == ActionDelete
}

// Matches reports whether a callback subscribed to subscription receives
// the event name: when they are equal, or when subscription is the bare
// noun of name ("invoice" matches "invoice.create").
func Matches(subscription, name string) bool {
	if subscription == "" {
		return false
	}
	noun, _, _ := strings.Cut(name, ".")
	return subscription == name || subscription == noun
}
