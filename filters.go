package freshbooks

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Filter is one filter a resource's lists accept: its key as FreshBooks
// spells it, how it matches, and the type of its value. The command
// line's --filter and the MCP server's tool schemas are built from it.
type Filter struct {
	Name     string     // FreshBooks' key: "customerid", "date", "organization"
	Kind     FilterKind // how it matches
	Type     ValueType  // the type of its value
	Enum     []string   // the allowed values, when Type is ValueEnum
	Doc      string     // one line
	Inferred bool       // the API reference marks this filter as inferred, not documented
}

// FilterKind is how a filter matches records.
type FilterKind int

const (
	// FilterEquals keeps records whose member equals the value.
	FilterEquals FilterKind = iota + 1
	// FilterIn keeps records whose member is one of the values.
	FilterIn
	// FilterLike keeps records whose member contains the value (name_like).
	FilterLike
	// FilterRange keeps records whose member lies between name_min and
	// name_max.
	FilterRange
	// FilterBool keeps records whose flag is true or false.
	FilterBool
)

// ValueType is the type of a filter's value.
type ValueType int

const (
	ValueString   ValueType = iota + 1 // any text
	ValueInt                           // a whole number, such as an id
	ValueDate                          // a civil date, YYYY-MM-DD
	ValueDateTime                      // an instant, sent as RFC 3339 in UTC
	ValueDecimal                       // a decimal number, such as an amount
	ValueBool                          // true or false
	ValueEnum                          // one of Filter.Enum
)

// vocabulary is what one resource's lists accept.
type vocabulary struct {
	filters  []Filter
	sorts    []string
	includes []string
}

// vocabularyOf returns the query vocabulary of the resource called name;
// a resource without an entry accepts no filter, sort or include.
func vocabularyOf(name string) vocabulary { return vocabularies[name] }

// The table's entries, from FreshBooks' documentation and the API
// reference this package is built on. Filters it marks as inferred are
// ones the sandbox serves and no source documents; sort keys and includes
// beyond the documented ones are inferred likewise.
func equals(name string, t ValueType, doc string) Filter {
	return Filter{Name: name, Kind: FilterEquals, Type: t, Doc: doc}
}

func in(name string, doc string) Filter {
	return Filter{Name: name, Kind: FilterIn, Type: ValueInt, Doc: doc}
}

func like(name, doc string) Filter {
	return Filter{Name: name, Kind: FilterLike, Type: ValueString, Doc: doc}
}

func between(name string, t ValueType, doc string) Filter {
	return Filter{Name: name, Kind: FilterRange, Type: t, Doc: doc}
}

func flag(name, doc string) Filter {
	return Filter{Name: name, Kind: FilterBool, Type: ValueBool, Doc: doc}
}

func oneOf(name, doc string, values ...string) Filter {
	return Filter{Name: name, Kind: FilterEquals, Type: ValueEnum, Enum: values, Doc: doc}
}

// inferred marks f as not documented by FreshBooks.
func (f Filter) inferred() Filter { f.Inferred = true; return f }

// visStateFilter is accounting's filter on vis_state: lists answer active
// and archived records unless it asks for one state.
var visStateFilter = equals("vis_state", ValueInt, "0 active, 1 deleted, 2 archived (freshbooks.VisState)")

// Common accounting ranges; both are day-granular and include both ends.
var (
	updatedRange = between("updated", ValueDate, "last changed, in days (YYYY-MM-DD), both ends included")
	dateRange    = between("date", ValueDate, "the record's date, both ends included")
)

// vocabularies is the query vocabulary of each resource, by the
// catalogue's name. It is read, never written.
var vocabularies = map[string]vocabulary{
	"clients": {
		filters: []Filter{
			equals("email", ValueString, "the client's email address"),
			equals("userid", ValueInt, "the client's id"),
			in("userids", "any of these client ids"),
			equals("username", ValueString, "the client's username"),
			like("address", "the billing or shipping address contains"),
			like("fname", "the first name contains"),
			like("lname", "the last name contains"),
			like("note", "the note contains"),
			like("organization", "the organization contains"),
			like("phone", "a phone or fax number contains"),
			like("user", "the first name, last name or organization contains"),
			flag("has_credit", "has a credit balance"),
			flag("has_draft", "has draft invoices"),
			flag("has_outstanding", "owes money"),
			flag("has_overdue", "has overdue invoices"),
			updatedRange,
			visStateFilter,
		},
		sorts: []string{"client_id", "organization_name", "email", "bus_phone", "updated", "fullname", "primarycontact",
			"outstanding", "overdue", "credit"},
		includes: []string{"outstanding_balance", "credit_balance", "draft_balance", "overdue_balance", "grand_total_balance",
			"last_activity", "late_reminders", "late_fee"},
	},
	"invoices": {
		filters: []Filter{
			equals("customerid", ValueInt, "the client's id"),
			in("customerids", "any of these client ids"),
			equals("invoiceid", ValueInt, "the invoice's id"),
			in("invoiceids", "any of these invoice ids"),
			equals("invoice_number", ValueString, "the invoice number"),
			between("date", ValueDate, "the invoice date (create_date), both ends included"),
			updatedRange,
			oneOf("v3_status", "the status in words (freshbooks.InvoiceV3Status)", v3StatusNames()...),
			flag("paid", "fully paid"),
			flag("outstanding", "money still owed: sent and not fully paid"),
			visStateFilter,
		},
		sorts:    []string{"invoice_date", "create_date", "due_date", "invoice_number", "amount", "outstanding", "updated"},
		includes: []string{"lines", "presentation", "allowed_gateways"},
	},
	"estimates": {
		filters: []Filter{
			equals("customerid", ValueInt, "the client's id").inferred(),
			in("customerids", "any of these client ids").inferred(),
			equals("estimateid", ValueInt, "the estimate's id").inferred(),
			in("estimateids", "any of these estimate ids").inferred(),
			equals("estimate_number", ValueString, "the estimate number").inferred(),
			between("date", ValueDate, "the estimate date, both ends included").inferred(),
			updatedRange.inferred(),
			equals("ui_status", ValueString, "the status shown in FreshBooks").inferred(),
			visStateFilter,
		},
		sorts:    []string{"estimate_date", "create_date", "estimate_number", "amount", "updated"},
		includes: []string{"lines"},
	},
	"credit-notes": {
		filters: []Filter{
			equals("clientid", ValueInt, "the client's id"),
			in("clientids", "any of these client ids").inferred(),
			equals("creditid", ValueInt, "the credit note's id").inferred(),
			in("creditids", "any of these credit note ids").inferred(),
			equals("credit_number", ValueString, "the credit note number").inferred(),
			oneOf("credit_type", "the kind of credit", "goodwill", "overpayment", "prepayment").inferred(),
			between("date", ValueDate, "the credit note's date (create_date), both ends included"),
			updatedRange.inferred(),
			visStateFilter,
		},
		sorts:    []string{"create_date", "credit_number", "amount", "updated"},
		includes: []string{"lines"},
	},
	"invoice-profiles": {
		filters: []Filter{
			equals("customerid", ValueInt, "the client's id").inferred(),
			in("customerids", "any of these client ids").inferred(),
			equals("profileid", ValueInt, "the profile's id").inferred(),
			in("profileids", "any of these profile ids").inferred(),
			equals("frequency", ValueString, "how often it recurs, such as 1m").inferred(),
			updatedRange.inferred(),
			visStateFilter,
		},
		sorts:    []string{"create_date", "amount", "updated"},
		includes: []string{"lines"},
	},
	"payments": {
		filters: []Filter{
			equals("logid", ValueInt, "the payment's id"),
			in("logids", "any of these payment ids"),
			equals("invoiceid", ValueInt, "the invoice paid"),
			equals("clientid", ValueInt, "the client's id"),
			in("clientids", "any of these client ids"),
			equals("customerid", ValueInt, "the client's id"),
			in("customerids", "any of these client ids"),
			equals("type", ValueString, "how it was paid (freshbooks.PaymentType)"),
			equals("currency", ValueString, "the currency code"),
			flag("from_credit", "paid from a credit"),
			like("notes", "the note contains"),
			like("client_name", "the client's name contains"),
			like("number", "the invoice number contains"),
			oneOf("payment_or_credit", "payments on invoices, or credits", "invoice", "credit"),
			dateRange,
			updatedRange,
			between("amount", ValueDecimal, "the amount, both ends included"),
			visStateFilter,
		},
		sorts:    []string{"date", "amount", "updated", "logid"},
		includes: []string{"client", "invoice", "credit_note", "order", "gateway"},
	},
	"expenses": {
		filters: []Filter{
			dateRange,
			updatedRange,
			between("amount", ValueDecimal, "the amount, both ends included"),
			equals("clientid", ValueInt, "the client billed"),
			in("clientids", "any of these client ids"),
			equals("projectid", ValueInt, "the project"),
			in("projectids", "any of these project ids"),
			equals("categoryid", ValueInt, "the expense category"),
			in("categoryids", "any of these category ids"),
			equals("vendor", ValueString, "the vendor (the sandbox matches a substring)"),
			flag("has_receipt", "has a receipt attached"),
			equals("staffid", ValueInt, "the staff member who spent it").inferred(),
			equals("expenseid", ValueInt, "the expense's id").inferred(),
			in("expenseids", "any of these expense ids").inferred(),
			visStateFilter,
		},
		sorts:    []string{"date", "amount", "vendor", "updated"},
		includes: []string{"attachment", "category", "expense_profile", "project", "account"},
	},
	"expense-categories": {
		filters: []Filter{
			in("categoryids", "any of these category ids").inferred(),
			equals("parentid", ValueInt, "the parent category").inferred(),
			flag("is_cogs", "a cost of goods sold").inferred(),
			visStateFilter,
		},
		sorts: []string{"category"},
	},
	"items": {
		filters: []Filter{
			equals("sku", ValueString, "the stock keeping unit"),
			equals("itemid", ValueInt, "the item's id").inferred(),
			in("itemids", "any of these item ids").inferred(),
			equals("name", ValueString, "the name").inferred(),
			like("name", "the name contains").inferred(),
			like("description", "the description contains").inferred(),
			updatedRange.inferred(),
			visStateFilter,
		},
		sorts: []string{"name", "sku", "updated", "itemid"},
	},
	"taxes": {
		filters: []Filter{
			equals("taxid", ValueInt, "the tax's id").inferred(),
			in("taxids", "any of these tax ids").inferred(),
			equals("name", ValueString, "the name").inferred(),
			like("name", "the name contains").inferred(),
			updatedRange.inferred(),
			visStateFilter,
		},
		sorts: []string{"name", "updated", "taxid"},
	},
	"tasks": {
		filters: []Filter{
			in("taskids", "any of these task ids").inferred(),
			like("name", "the name contains").inferred(),
			flag("billable", "billable").inferred(),
			visStateFilter,
		},
	},
	"staff": {
		filters: []Filter{
			equals("email", ValueString, "the email address").inferred(),
			equals("username", ValueString, "the username").inferred(),
			visStateFilter,
		},
	},
	"other-income": {
		filters: []Filter{
			equals("incomeid", ValueInt, "the record's id"),
			oneOf("category_name", "the category (freshbooks.OtherIncomeCategory)",
				"advertising", "in_person_sales", "online_sales", "rentals", "other"),
			visStateFilter,
		},
	},
	"bills": {
		filters: []Filter{
			equals("vendorid", ValueInt, "the vendor"),
			Filter{Name: "statuses", Kind: FilterIn, Type: ValueEnum, Enum: []string{"unpaid", "overdue", "partial", "paid"},
				Doc: "any of these statuses"},
			equals("currency_code", ValueString, "the currency code"),
			in("ids", "any of these bill ids"),
			visStateFilter,
		},
		sorts: []string{"issue_date", "due_date", "bill_number", "amount"},
	},
	"bill-vendors":  {filters: []Filter{visStateFilter}},
	"bill-payments": {filters: []Filter{visStateFilter}},
	"journal-entry-details": {
		filters: []Filter{
			equals("accountid", ValueInt, "the account").inferred(),
			equals("sub_accountid", ValueInt, "the sub-account").inferred(),
			equals("entryid", ValueInt, "the journal entry").inferred(),
			between("date", ValueDate, "the entry's date, both ends included").inferred(),
		},
		sorts: []string{"date", "detailid"},
	},
	"callbacks": {
		filters: []Filter{equals("event", ValueString, "the event, such as invoice.create, or a noun such as invoice")},
	},
	"projects": {
		filters: []Filter{
			flag("active", "not deleted"),
			flag("complete", "marked complete"),
			flag("internal", "internal, without a client"),
			equals("client_id", ValueInt, "the client's id"),
			equals("updated_since", ValueDateTime, "changed at or after, sent in UTC"),
			flag("skip_group", "leave the team out of the answer"),
		},
		sorts:    []string{"created_at", "due_date", "title"},
		includes: []string{"include_logged_duration"},
	},
	"time-entries": {
		filters: []Filter{
			equals("project_id", ValueInt, "the project"),
			equals("client_id", ValueInt, "the client's id"),
			equals("identity_id", ValueInt, "the team member who logged it"),
			equals("service_id", ValueInt, "the service").inferred(),
			equals("task_id", ValueInt, "the task").inferred(),
			flag("billable", "billable"),
			flag("billed", "already billed"),
			flag("team", "every team member's entries, not only the token's identity's"),
			flag("include_unlogged", "running timers too"),
			flag("include_deleted", "deleted entries too"),
			equals("started_from", ValueDateTime, "started at or after, sent in UTC"),
			equals("started_to", ValueDateTime, "started at or before, sent in UTC"),
			equals("updated_since", ValueDateTime, "changed at or after, sent in UTC"),
		},
	},
	"services": {
		filters: []Filter{
			flag("billable", "billable").inferred(),
			flag("project_default", "added to new projects").inferred(),
			visStateFilter,
		},
	},
}

// ParseFilter turns a key=value pair, as a user types it on a command line
// or a tool passes it, into a checked QueryOption. key is one of the
// resource's filter keys: a filter's Name, name_like for a Like filter,
// name_min or name_max for a range. The value is parsed by the filter's
// type (an In filter takes comma-separated values). An unknown key or a
// bad value is a [QueryError] listing the valid keys.
func (r Resource) ParseFilter(key, value string) (QueryOption, error) {
	for _, f := range r.Filters {
		op, ok := f.opFor(key)
		if !ok {
			continue
		}
		parts := []string{value}
		if op == opIn {
			parts = strings.Split(value, ",")
		}
		values := make([]any, len(parts))
		for i, p := range parts {
			v, err := f.parseValue(strings.TrimSpace(p))
			if err != nil {
				return nil, &QueryError{Resource: r.Name, Key: key, Reason: fmt.Sprintf("filter %q: %v", key, err), Valid: f.Enum}
			}
			values[i] = v
		}
		return optionFunc(func(q *query) { q.add(op, f.Name, values...) }), nil
	}
	return nil, &QueryError{Resource: r.Name, Key: key, Reason: fmt.Sprintf("unknown filter %q", key),
		Valid: vocabulary{filters: r.Filters}.keys()}
}

// opFor reports the operator that key names for f, if it names f.
func (f Filter) opFor(key string) (filterOp, bool) {
	switch f.Kind {
	case FilterLike:
		return opLike, key == f.Name+"_like"
	case FilterRange:
		switch key {
		case f.Name + "_min":
			return opMin, true
		case f.Name + "_max":
			return opMax, true
		}
		return 0, false
	case FilterIn:
		return opIn, key == f.Name
	}
	return opEquals, key == f.Name
}

// parseValue reads a value of the filter's type from text and checks it.
func (f Filter) parseValue(s string) (any, error) {
	v, err := f.parse(s)
	if err != nil {
		return nil, err
	}
	return v, f.checkValue(v)
}

// parse reads a value of the filter's type from text.
func (f Filter) parse(s string) (any, error) {
	switch f.Type {
	case ValueInt:
		return strconv.ParseInt(s, 10, 64)
	case ValueDate:
		return ParseDate(s)
	case ValueDateTime:
		return time.Parse(time.RFC3339, s)
	case ValueDecimal:
		return ParseDecimal(s)
	case ValueBool:
		return strconv.ParseBool(s)
	}
	return s, nil
}
