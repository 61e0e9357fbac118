package freshbooks

import (
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Family is one of FreshBooks' API families. The family of an endpoint
// decides everything that differs between them: how answers are wrapped,
// how queries are spelled, whether write bodies are wrapped in the
// record's key, and the shape of errors.
type Family int

const (
	// FamilyAuth: /auth/api/v1/..., answers in {"response": {...}}.
	FamilyAuth Family = iota + 1
	// FamilyAccounting: /accounting/account/{account_id}/...; answers in
	// {"response": {"result": {...}}}, queries as search[key]=value.
	FamilyAccounting
	// FamilyEvents: webhook callbacks, /events/account/{account_id}/...;
	// accounting's envelope and queries, its own error shape.
	FamilyEvents
	// FamilyProjects: projects, time tracking and comments (services,
	// rates), /projects|timetracking|comments/business/{business_id}/...;
	// flat answers with "meta" paging, plain query keys.
	FamilyProjects
	// FamilyLedger: the chart of accounts,
	// /accounting/businesses/{business_uuid}/ledger_accounts/...; answers
	// in {"data": ...}, unpaged, bare write bodies.
	FamilyLedger
	// FamilyPayments: online payment options,
	// /payments/account/{account_id}/...; flat answers, bare write bodies.
	FamilyPayments
	// FamilyUploads: attachments and images, /uploads/...; multipart
	// uploads, flat answers.
	FamilyUploads
	// FamilyReports: accounting reports,
	// /accounting/account/{account_id}/reports/accounting/{name};
	// accounting's envelope, flat query keys.
	FamilyReports
)

var familyNames = [...]string{"", "auth", "accounting", "events", "projects", "ledger", "payments", "uploads", "reports"}

// String returns the family's name, such as "accounting".
func (f Family) String() string {
	if f <= 0 || int(f) >= len(familyNames) {
		return "unknown"
	}
	return familyNames[f]
}

// envelope is how the family wraps records in its answers.
func (f Family) envelope() envelope {
	switch f {
	case FamilyAccounting, FamilyEvents, FamilyReports:
		return envResult
	case FamilyLedger:
		return envData
	}
	return envFlat
}

// dialect is how the family spells query options.
func (f Family) dialect() dialect {
	switch f {
	case FamilyAccounting, FamilyEvents:
		return dialectAccounting
	case FamilyProjects:
		return dialectProjects
	}
	return dialectFlat
}

// bare reports whether write bodies are the record itself rather than
// {"<single>": record}.
func (f Family) bare() bool { return f == FamilyLedger || f == FamilyPayments }

// ScopeKind says which of a business's three ids a resource's paths are
// built from.
type ScopeKind int

const (
	// AccountScoped resources live under an [AccountID].
	AccountScoped ScopeKind = iota + 1
	// BusinessScoped resources live under a [BusinessID].
	BusinessScoped
	// BusinessUUIDScoped resources live under a [BusinessUUID].
	BusinessUUIDScoped
)

// String returns "account", "business" or "business_uuid".
func (k ScopeKind) String() string {
	switch k {
	case AccountScoped:
		return "account"
	case BusinessScoped:
		return "business"
	case BusinessUUIDScoped:
		return "business_uuid"
	}
	return "unknown"
}

// Verb is a standard operation on a resource's records.
type Verb string

// The verbs a resource may have. Each resource has exactly the verbs its
// typed service has.
const (
	VerbList    Verb = "list"
	VerbGet     Verb = "get"
	VerbCreate  Verb = "create"
	VerbUpdate  Verb = "update"
	VerbDelete  Verb = "delete"
	VerbArchive Verb = "archive"
	VerbRestore Verb = "restore"
)

// Action is one of a resource's special operations beyond its verbs,
// such as sending an invoice.
type Action struct {
	Name   string // kebab-case: "mark-sent", "send", "share-link"
	Method string // HTTP method
	Doc    string // one line: what it does
	OnItem bool   // it acts on one record and needs its id
	// Inputs are the wire members the caller supplies, such as
	// "email_recipients"; other members are refused.
	Inputs []string

	suffix   string // added to the record's (or the list's) path
	at       string // the action's own path template, instead of suffix
	query    string // fixed query, "k=v&k2=v2"
	set      string // fixed members of the body, as a JSON object
	idMember string // a body member that carries the record's id
	result   string // the answer's member holding the result; "" means the record's key
	kind     actionKind
}

// actionKind is how an action is carried out.
type actionKind int

const (
	actCall     actionKind = iota // a request with a JSON body or none
	actUpload                     // a multipart upload of a file
	actDownload                   // a file download by its JWT
)

// deleteKind is how a resource's records are deleted.
type deleteKind int

const (
	deleteNone     deleteKind = iota
	deleteVisState            // PUT {"<single>": {"vis_state": 1}}
	deleteHTTP                // HTTP DELETE
)

// Resource describes one kind of FreshBooks record: where it lives, what
// can be done with it and how its lists are queried. [Resources] lists
// them all; the command line and the MCP server are built from it, and
// [Client.Records] reaches any of them in wire form.
type Resource struct {
	Name   string // kebab-case plural: "invoices", "time-entries"
	Single string // JSON key of one record: "invoice", "time_entry"
	Plural string // JSON key of a list: "invoices", "time_entries"
	Family Family
	Scope  ScopeKind
	// Path is the list's path template, such as
	// "/accounting/account/{account_id}/invoices/invoices". Templates use
	// {account_id}, {business_id}, {business_uuid} and {id}.
	Path string
	// ItemPath is the template of one record's path, with {id}.
	ItemPath string
	// CreatePath is where records are created, when not Path.
	CreatePath string
	Verbs      []Verb
	Actions    []Action
	Model      reflect.Type // the Go type of one record, such as Invoice
	ReadScope  string       // the OAuth scope reads need
	WriteScope string       // the OAuth scope writes need; "" if read-only
	Doc        string       // one line

	// The query vocabulary of the resource's lists; see [Filter].
	Filters  []Filter
	Sorts    []string
	Includes []string

	delete deleteKind
}

// Has reports whether the resource has verb v.
func (r Resource) Has(v Verb) bool { return slices.Contains(r.Verbs, v) }

// Action returns the resource's action called name.
func (r Resource) Action(name string) (Action, bool) {
	for _, a := range r.Actions {
		if a.Name == name {
			return a, true
		}
	}
	return Action{}, false
}

// Resources returns every resource of the API that this package serves,
// in a stable order. The slice and everything in it are the caller's.
func Resources() []Resource {
	out := make([]Resource, len(catalog))
	for i := range catalog {
		out[i] = catalog[i].resource()
	}
	return out
}

// LookupResource returns the resource whose Name is name.
func LookupResource(name string) (Resource, bool) {
	s := specOf(name)
	if s == nil {
		return Resource{}, false
	}
	return s.resource(), true
}

// spec is one row of the catalogue: a Resource as constant data.
type spec struct {
	name, single, plural string
	family               Family
	scope                ScopeKind
	path, item, create   string // templates; item without the trailing "/{id}" when it ends so
	verbs                []Verb
	actions              []Action
	model                any // a nil pointer to the model type
	scopeNoun            string
	readOnly             bool
	delete               deleteKind
	doc                  string
}

func (s *spec) resource() Resource {
	r := Resource{
		Name: s.name, Single: s.single, Plural: s.plural, Family: s.family, Scope: s.scope,
		Path: s.path, ItemPath: s.itemTemplate(), CreatePath: s.create,
		Verbs: slices.Clone(s.verbs), Actions: slices.Clone(s.actions),
		Model: reflect.TypeOf(s.model).Elem(), Doc: s.doc, delete: s.delete,
	}
	for i := range r.Actions {
		r.Actions[i].Inputs = slices.Clone(r.Actions[i].Inputs)
	}
	if s.scopeNoun != "" {
		r.ReadScope = "user:" + s.scopeNoun + ":read"
		if !s.readOnly {
			r.WriteScope = "user:" + s.scopeNoun + ":write"
		}
	}
	v := vocabularyOf(s.name)
	r.Filters, r.Sorts, r.Includes = slices.Clone(v.filters), slices.Clone(v.sorts), slices.Clone(v.includes)
	return r
}

// itemTemplate is the template of one record's path.
func (s *spec) itemTemplate() string {
	switch {
	case strings.Contains(s.item, "{id}"):
		return s.item
	case s.item != "":
		return s.item + "/{id}"
	}
	return s.path + "/{id}"
}

// endpoint is the spec's endpoint for one business.
func (s *spec) endpoint(o Owner) endpoint {
	return endpoint{
		family: s.family, name: s.name, single: s.single, plural: s.plural,
		list: o.expand(s.path), item: o.expand(s.item), create: o.expand(s.create),
	}
}

// specOf returns the catalogue's row for name, or nil.
func specOf(name string) *spec {
	for i := range catalog {
		if catalog[i].name == name {
			return &catalog[i]
		}
	}
	return nil
}

// mustSpec is specOf for the package's own names.
func mustSpec(name string) *spec {
	s := specOf(name)
	if s == nil {
		panic("freshbooks: no resource " + name + " in the catalogue")
	}
	return s
}

// Verb sets of the catalogue.
var (
	crud        = []Verb{VerbList, VerbGet, VerbCreate, VerbUpdate, VerbDelete}
	crudArchive = []Verb{VerbList, VerbGet, VerbCreate, VerbUpdate, VerbDelete, VerbArchive}
	crudRestore = []Verb{VerbList, VerbGet, VerbCreate, VerbUpdate, VerbDelete, VerbArchive, VerbRestore}
)

// Actions shared by several resources.
var (
	uploadAction   = Action{Name: "upload", Method: "POST", Doc: "upload a file", kind: actUpload}
	downloadAction = Action{Name: "download", Method: "GET", Doc: "download a file by its jwt", OnItem: true, kind: actDownload}
	emailInputs    = []string{"email_recipients", "email_include_pdf", "invoice_customized_email", "estimate_customized_email"}
)

// catalog is every resource of the API, the one table the services, the
// command line and the MCP server are built from. Paths are from the
// FreshBooks API reference; each service method's doc comment repeats its
// endpoint.
var catalog = [...]spec{
	// Accounting: /accounting/account/{account_id}/...
	{name: "bills", single: "bill", plural: "bills", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "bills/bills", verbs: crudArchive, model: (*Bill)(nil), scopeNoun: "bills", delete: deleteVisState,
		doc: "bills from vendors"},
	{name: "bill-payments", single: "bill_payment", plural: "bill_payments", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "bill_payments/bill_payments", verbs: crud, model: (*BillPayment)(nil), scopeNoun: "bill_payments", delete: deleteVisState,
		doc: "payments made against bills"},
	{name: "bill-vendors", single: "bill_vendor", plural: "bill_vendors", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "bill_vendors/bill_vendors", verbs: crud, model: (*BillVendor)(nil), scopeNoun: "bill_vendors", delete: deleteVisState,
		doc: "vendors that send bills"},
	{name: "clients", single: "client", plural: "clients", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "users/clients", verbs: crudRestore, model: (*Customer)(nil), scopeNoun: "clients", delete: deleteVisState,
		doc: "the business's clients (customers)"},
	{name: "credit-notes", single: "credit_note", plural: "credit_notes", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "credit_notes/credit_notes", verbs: crudRestore, model: (*CreditNote)(nil), scopeNoun: "credit_notes", delete: deleteVisState,
		doc: "credit notes issued to clients"},
	{name: "estimates", single: "estimate", plural: "estimates", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "estimates/estimates", verbs: crudRestore, model: (*Estimate)(nil), scopeNoun: "estimates", delete: deleteHTTP,
		actions: []Action{
			{Name: "accept", Method: "PUT", Doc: "mark an estimate accepted", OnItem: true, set: `{"action_accept":true}`},
			{Name: "send", Method: "PUT", Doc: "email an estimate to its recipients", OnItem: true, set: `{"action_email":true}`, Inputs: emailInputs},
		},
		doc: "estimates (quotes) for clients"},
	{name: "expenses", single: "expense", plural: "expenses", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "expenses/expenses", verbs: crud, model: (*Expense)(nil), scopeNoun: "expenses", delete: deleteVisState,
		doc: "the business's expenses"},
	{name: "expense-categories", single: "category", plural: "categories", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "expenses/categories", verbs: []Verb{VerbList, VerbGet}, model: (*ExpenseCategory)(nil), scopeNoun: "expenses",
		doc: "the categories expenses are filed under"},
	{name: "gateways", single: "gateway", plural: "gateways", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "systems/gateways", verbs: []Verb{VerbList, VerbDelete}, model: (*Gateway)(nil), scopeNoun: "online_payments", delete: deleteHTTP,
		doc: "the payment gateways connected to the business"},
	{name: "invoices", single: "invoice", plural: "invoices", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "invoices/invoices", verbs: crudRestore, model: (*Invoice)(nil), scopeNoun: "invoices", delete: deleteHTTP,
		actions: []Action{
			{Name: "mark-sent", Method: "PUT", Doc: "mark an invoice sent without emailing it", OnItem: true, set: `{"action_mark_as_sent":true}`},
			{Name: "send", Method: "PUT", Doc: "email an invoice to its recipients and mark it sent", OnItem: true, set: `{"action_email":true}`, Inputs: emailInputs},
			{Name: "share-link", Method: "GET", Doc: "a link to view a sent invoice", OnItem: true, suffix: "/share_link", query: "share_method=share_link", result: "share_link"},
		},
		doc: "invoices to clients"},
	{name: "invoice-profiles", single: "invoice_profile", plural: "invoice_profiles", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "invoice_profiles/invoice_profiles", verbs: crudRestore, model: (*InvoiceProfile)(nil), scopeNoun: "invoices", delete: deleteVisState,
		doc: "recurring invoice profiles"},
	{name: "items", single: "item", plural: "items", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "items/items", verbs: crudRestore, model: (*Item)(nil), scopeNoun: "billable_items", delete: deleteVisState,
		doc: "billable items (products)"},
	{name: "other-income", single: "other_income", plural: "other_income", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "other_incomes/other_incomes", verbs: crud, model: (*OtherIncome)(nil), scopeNoun: "other_income", delete: deleteHTTP,
		doc: "income that is not from invoices"},
	{name: "payments", single: "payment", plural: "payments", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "payments/payments", verbs: []Verb{VerbList, VerbGet, VerbCreate, VerbUpdate, VerbDelete, VerbRestore}, model: (*Payment)(nil), scopeNoun: "payments", delete: deleteVisState,
		doc: "payments received against invoices"},
	{name: "staff", single: "staff", plural: "staffs", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "users/staffs", verbs: []Verb{VerbList, VerbGet, VerbUpdate, VerbDelete}, model: (*Staff)(nil), scopeNoun: "teams", delete: deleteVisState,
		doc: "the business's staff"},
	{name: "systems", single: "system", plural: "systems", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "systems/systems", verbs: []Verb{VerbGet}, model: (*System)(nil), scopeNoun: "business", readOnly: true,
		doc: "the business's accounting system settings"},
	{name: "tasks", single: "task", plural: "tasks", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "projects/tasks", verbs: crud, model: (*Task)(nil), scopeNoun: "billable_items", delete: deleteVisState,
		doc: "billable tasks"},
	{name: "taxes", single: "tax", plural: "taxes", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "taxes/taxes", verbs: crud, model: (*Tax)(nil), scopeNoun: "taxes", delete: deleteHTTP,
		doc: "the taxes the business charges"},
	{name: "journal-entries", single: "journal_entry", plural: "journal_entries", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "journal_entries/journal_entries", verbs: []Verb{VerbCreate}, model: (*JournalEntry)(nil), scopeNoun: "journal_entries",
		doc: "manual journal entries"},
	{name: "journal-entry-accounts", single: "journal_entry_account", plural: "journal_entry_accounts", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "journal_entry_accounts/journal_entry_accounts", verbs: []Verb{VerbList}, model: (*JournalEntryAccount)(nil), scopeNoun: "journal_entries", readOnly: true,
		doc: "the accounts journal entries post to"},
	{name: "journal-entry-details", single: "journal_entry_detail", plural: "journal_entry_details", family: FamilyAccounting, scope: AccountScoped,
		path: accountingPath + "journal_entries/journal_entry_details", verbs: []Verb{VerbList}, model: (*JournalEntryDetail)(nil), scopeNoun: "journal_entries", readOnly: true,
		doc: "the lines of the general ledger"},
	{name: "reports", single: "report", plural: "reports", family: FamilyReports, scope: AccountScoped,
		path: accountingPath + "reports/accounting", model: (*json.RawMessage)(nil), scopeNoun: "reports", readOnly: true,
		actions: []Action{
			{Name: "profit-loss", Method: "GET", Doc: "profit and loss over a period", suffix: "/profitloss_entity", result: "profitloss",
				Inputs: []string{"start_date", "end_date", "currency_code", "resolution"}},
			{Name: "payments-collected", Method: "GET", Doc: "payments collected over a period", suffix: "/payments_collected", result: "payments_collected",
				Inputs: []string{"start_date", "end_date", "currency_code", "clientids", "payment_method"}},
			{Name: "tax-summary", Method: "GET", Doc: "taxes charged and paid over a period", suffix: "/taxsummary", result: "taxsummary",
				Inputs: []string{"start_date", "end_date", "currency_code", "cash_based"}},
		},
		doc: "accounting reports computed by FreshBooks"},

	// Webhook callbacks: /events/account/{account_id}/events/callbacks
	{name: "callbacks", single: "callback", plural: "callbacks", family: FamilyEvents, scope: AccountScoped,
		path: "/events/account/{account_id}/events/callbacks", verbs: crud, model: (*Callback)(nil), delete: deleteHTTP,
		actions: []Action{
			{Name: "verify", Method: "PUT", Doc: "verify a callback with the verifier FreshBooks sent to it", OnItem: true, idMember: "callback_id", Inputs: []string{"verifier"}},
			{Name: "resend-verification", Method: "PUT", Doc: "ask FreshBooks to send the verifier again", OnItem: true, idMember: "callback_id", set: `{"resend":true}`},
		},
		doc: "webhook callbacks"},

	// Online payments: /payments/account/{account_id}/...
	{name: "invoice-payment-options", single: "payment_options", plural: "payment_options", family: FamilyPayments, scope: AccountScoped,
		path: "/payments/account/{account_id}", item: "/payments/account/{account_id}/invoice/{id}/payment_options",
		verbs: []Verb{VerbGet}, model: (*PaymentOptions)(nil), scopeNoun: "online_payments",
		actions: []Action{
			{Name: "defaults", Method: "GET", Doc: "the business's default payment options for new invoices", suffix: "/payment_options", query: "entity_type=invoice"},
			{Name: "set", Method: "POST", Doc: "set an invoice's online payment options", OnItem: true,
				Inputs: []string{"gateway_name", "has_credit_card", "has_ach_transfer", "has_bacs_debit", "has_sepa_debit", "has_paypal_smart_checkout", "allow_partial_payments", "entity_id", "entity_type"}},
		},
		doc: "online payment options of invoices, by invoice id"},

	// Uploads: /uploads/account/{account_id}/{attachments|images}
	{name: "attachments", single: "attachment", plural: "attachments", family: FamilyUploads, scope: AccountScoped,
		path: "/uploads/account/{account_id}/attachments", item: "/uploads/attachments", model: (*Upload)(nil), scopeNoun: "uploads",
		actions: []Action{uploadAction, downloadAction}, doc: "files attached to expenses and invoices"},
	{name: "images", single: "image", plural: "images", family: FamilyUploads, scope: AccountScoped,
		path: "/uploads/account/{account_id}/images", item: "/uploads/images", model: (*Upload)(nil), scopeNoun: "uploads",
		actions: []Action{uploadAction, downloadAction}, doc: "images such as logos"},

	// Projects, time tracking and comments: /{family}/business/{business_id}/...
	{name: "projects", single: "project", plural: "projects", family: FamilyProjects, scope: BusinessScoped,
		path: "/projects/business/{business_id}/projects", item: "/projects/business/{business_id}/project", create: "/projects/business/{business_id}/project",
		verbs: crud, model: (*Project)(nil), scopeNoun: "projects", delete: deleteHTTP,
		actions: []Action{
			{Name: "abilities", Method: "GET", Doc: "what the current user may do with projects", at: "/projects/business/{business_id}/abilities", result: "abilities"},
		},
		doc: "projects, their budgets and team"},
	{name: "time-entries", single: "time_entry", plural: "time_entries", family: FamilyProjects, scope: BusinessScoped,
		path: "/timetracking/business/{business_id}/time_entries", create: "/timetracking/business/{business_id}/time_entries",
		verbs: crud, model: (*TimeEntry)(nil), scopeNoun: "time_entries", delete: deleteHTTP,
		doc: "time logged, and running timers"},
	{name: "services", single: "service", plural: "services", family: FamilyProjects, scope: BusinessScoped,
		path: "/comments/business/{business_id}/services", item: "/comments/business/{business_id}/service", create: "/comments/business/{business_id}/service",
		verbs: crud, model: (*Service)(nil), scopeNoun: "billable_items", delete: deleteHTTP,
		doc: "services time is logged against"},
	{name: "service-rates", single: "service_rate", plural: "service_rates", family: FamilyProjects, scope: BusinessScoped,
		path: "/comments/business/{business_id}/service_rates", item: "/comments/business/{business_id}/service/{id}/rate",
		verbs: []Verb{VerbList, VerbGet, VerbUpdate}, model: (*ServiceRate)(nil), scopeNoun: "billable_items",
		actions: []Action{
			{Name: "set", Method: "POST", Doc: "set the rate of a service that has none", OnItem: true, Inputs: []string{"rate"}},
		},
		doc: "the rate of each service, by service id"},

	// The chart of accounts: /accounting/businesses/{business_uuid}/ledger_accounts/...
	{name: "ledger-accounts", single: "account", plural: "accounts", family: FamilyLedger, scope: BusinessUUIDScoped,
		path: "/accounting/businesses/{business_uuid}/ledger_accounts/accounts", verbs: []Verb{VerbList, VerbGet, VerbCreate, VerbUpdate},
		model: (*LedgerAccount)(nil), scopeNoun: "journal_entries",
		doc: "the chart of accounts"},
}

// accountingPath is the prefix of the accounting family's paths.
const accountingPath = "/accounting/account/{account_id}/"

// Owner names the business a resource belongs to. Set the id that the
// resource's [ScopeKind] needs; the others may stay empty.
type Owner struct {
	Account      AccountID
	Business     BusinessID
	BusinessUUID BusinessUUID
}

// expand fills a path template's business ids, escaping them.
func (o Owner) expand(template string) string {
	if template == "" || !strings.Contains(template, "{") {
		return template
	}
	return strings.NewReplacer(
		"{account_id}", url.PathEscape(string(o.Account)),
		"{business_id}", strconv.FormatInt(int64(o.Business), 10),
		"{business_uuid}", url.PathEscape(string(o.BusinessUUID)),
	).Replace(template)
}
