package freshbookstest

import "github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"

// The catalogue: every resource the sandbox serves, with its paths, its
// family (envelope and error shapes), its JSON keys and its verbs. It is
// data only; the families under internal/ give the resources their
// behaviour, by name, and the engine serves them.

const (
	acct         = "/accounting/account/{account}/"
	projectsPath = "/projects/business/{business}/"
	timePath     = "/timetracking/business/{business}/"
	commentsPath = "/comments/business/{business}/"
	ledgerPath   = "/accounting/businesses/{uuid}/ledger_accounts/accounts"
	payPath      = "/payments/account/{account}/"
)

// all verbs of a resource with a full set.
const crud = engine.List | engine.Get | engine.Create | engine.Update | engine.Delete

// catalogue lists every resource, in the order their routes are made.
var catalogue = []engine.Resource{
	// Authorization (freshbooks-api.md §1) and the current user (§2).
	{Name: "authorize", Family: engine.Auth, Scope: engine.Public, Path: "/oauth/authorize", Verbs: engine.List | engine.Create,
		Actions: []engine.Action{{Method: "GET", Path: "/oauth/authorize/", Name: "authorize"}}},
	{Name: "token", Family: engine.Auth, Scope: engine.Public, Path: "/auth/oauth/token", Verbs: engine.Create},
	{Name: "revoke", Family: engine.Auth, Scope: engine.Public, Path: "/auth/oauth/revoke", Verbs: engine.Create},
	{Name: "me", Family: engine.Auth, Scope: engine.ByToken, Path: "/auth/api/v1/users/me", Verbs: engine.List},

	// Clients (§4.1.1).
	{Name: "clients", Family: engine.Accounting, Path: acct + "users/clients", Single: "client", Plural: "clients",
		IDKeys: []string{"id", "userid"}, Verbs: crud, ReadScope: "clients", Event: "client"},

	// Sales (§4.1.2–§4.1.6).
	{Name: "taxes", Family: engine.Accounting, Path: acct + "taxes/taxes", Single: "tax", Plural: "taxes",
		IDKeys: []string{"id", "taxid"}, Verbs: crud, Deletion: engine.HardDelete, ReadScope: "taxes", Event: "tax"},
	{Name: "items", Family: engine.Accounting, Path: acct + "items/items", Single: "item", Plural: "items",
		IDKeys: []string{"id", "itemid"}, Verbs: engine.List | engine.Get | engine.Create | engine.Update, ReadScope: "billable_items", Event: "item"},
	{Name: "credit_notes", Family: engine.Accounting, Path: acct + "credit_notes/credit_notes", Single: "credit_note", Plural: "credit_notes",
		IDKeys: []string{"id", "creditid"}, Verbs: engine.List | engine.Get | engine.Create | engine.Update, ReadScope: "credit_notes", Event: "credit_note"},
	{Name: "invoices", Family: engine.Accounting, Path: acct + "invoices/invoices", Single: "invoice", Plural: "invoices",
		IDKeys: []string{"id", "invoiceid"}, Verbs: crud, ReadScope: "invoices", Event: "invoice",
		Actions: []engine.Action{{Method: "GET", Path: acct + "invoices/invoices/{id}/share_link", Name: "share_link"}}},
	{Name: "estimates", Family: engine.Accounting, Path: acct + "estimates/estimates", Single: "estimate", Plural: "estimates",
		IDKeys: []string{"id", "estimateid"}, Verbs: crud, ReadScope: "estimates", Event: "estimate"},
	{Name: "invoice_profiles", Family: engine.Accounting, Path: acct + "invoice_profiles/invoice_profiles", Single: "invoice_profile",
		Plural: "invoice_profiles", IDKeys: []string{"id", "profileid"}, Verbs: engine.List | engine.Get | engine.Create | engine.Update,
		ReadScope: "invoices", Event: "recurring"}, // the webhook noun of recurring profiles
	{Name: "payments", Family: engine.Accounting, Path: acct + "payments/payments", Single: "payment", Plural: "payments",
		IDKeys: []string{"id", "logid"}, Verbs: engine.List | engine.Get | engine.Create | engine.Update, ReadScope: "payments", Event: "payment"},

	// Expenses and bills (§4.1.4–§4.1.7).
	{Name: "categories", Family: engine.Accounting, Path: acct + "expenses/categories", Single: "category", Plural: "categories",
		IDKeys: []string{"id", "categoryid"}, Verbs: engine.List | engine.Get, ReadScope: "expenses", Event: "category", Timestamps: engine.NoStamps},
	{Name: "expenses", Family: engine.Accounting, Path: acct + "expenses/expenses", Single: "expense", Plural: "expenses",
		IDKeys: []string{"id", "expenseid"}, Verbs: crud, ReadScope: "expenses", Event: "expense"},
	{Name: "bill_vendors", Family: engine.Accounting, Path: acct + "bill_vendors/bill_vendors", Single: "bill_vendor", Plural: "bill_vendors",
		IDKeys: []string{"vendorid"}, Verbs: crud, ReadScope: "bill_vendors", Event: "bill_vendor", Timestamps: engine.NoStamps},
	{Name: "bills", Family: engine.Accounting, Path: acct + "bills/bills", Single: "bill", Plural: "bills",
		IDKeys: []string{"id"}, Verbs: crud, ReadScope: "bills", Event: "bill", Timestamps: engine.NoStamps},
	{Name: "bill_payments", Family: engine.Accounting, Path: acct + "bill_payments/bill_payments", Single: "bill_payment", Plural: "bill_payments",
		IDKeys: []string{"id"}, Verbs: crud, ReadScope: "bill_payments", Timestamps: engine.NoStamps},
	{Name: "other_income", Family: engine.Accounting, Path: acct + "other_incomes/other_incomes", Single: "other_income", Plural: "other_income",
		IDKeys: []string{"incomeid"}, Verbs: crud, ReadScope: "other_income", Timestamps: engine.NoStamps},
	{Name: "tasks", Family: engine.Accounting, Path: acct + "projects/tasks", Single: "task", Plural: "tasks",
		IDKeys: []string{"id", "taskid"}, Verbs: crud, ReadScope: "billable_items"}, // [INF] tasks are billable items
	{Name: "staff", Family: engine.Accounting, Path: acct + "users/staffs", Single: "staff", Plural: "staffs",
		IDKeys: []string{"id", "userid"}, Verbs: engine.List | engine.Get | engine.Update | engine.Delete, ReadScope: "teams"}, // [INF]
	{Name: "systems", Family: engine.Accounting, Path: acct + "systems/systems", Single: "system", Plural: "systems",
		IDKeys: []string{"id"}, Verbs: engine.Get, ReadScope: "business", Timestamps: engine.NoStamps}, // [INF]
	{Name: "gateways", Family: engine.Accounting, Path: acct + "systems/gateways", Single: "gateway", Plural: "gateways",
		IDKeys: []string{"id"}, Verbs: engine.List | engine.Delete, ReadScope: "online_payments", Timestamps: engine.NoStamps}, // [INF]

	// Journal entries and their accounts (§4.1.8).
	{Name: "journal_entries", Family: engine.Accounting, Path: acct + "journal_entries/journal_entries", Single: "journal_entry",
		Plural: "journal_entries", IDKeys: []string{"id", "entryid"}, Verbs: engine.Create, ReadScope: "journal_entries"},
	{Name: "journal_entry_accounts", Family: engine.Accounting, Path: acct + "journal_entry_accounts/journal_entry_accounts",
		Single: "journal_entry_account", Plural: "journal_entry_accounts", IDKeys: []string{"id", "accountid"}, Verbs: engine.List,
		ReadScope: "journal_entries", Timestamps: engine.NoStamps},
	{Name: "journal_entry_details", Family: engine.Accounting, Path: acct + "journal_entries/journal_entry_details",
		Single: "journal_entry_detail", Plural: "journal_entry_details", IDKeys: []string{"id", "detailid"}, Verbs: engine.List,
		ReadScope: "journal_entries", Timestamps: engine.NoStamps},

	// Reports (§4.5).
	{Name: "reports", Family: engine.Accounting, Path: acct + "reports/accounting/{report}", Verbs: engine.List, ReadScope: "reports"},

	// Uploads (§4.6): files of an account, an application's images, and
	// the downloads, whose token is the capability.
	{Name: "images", Family: engine.Uploads, Path: "/uploads/account/{account}/images", Verbs: engine.Create, ReadScope: "uploads"},
	{Name: "attachments", Family: engine.Uploads, Path: "/uploads/account/{account}/attachments", Verbs: engine.Create, ReadScope: "uploads"},
	{Name: "app_images", Family: engine.Uploads, Scope: engine.ByToken, Path: "/uploads/images", Verbs: engine.Create, ReadScope: "uploads"}, // [INF]
	{Name: "image_files", Family: engine.Uploads, Scope: engine.Public, Path: "/uploads/images", Item: "/uploads/images/{jwt}", Verbs: engine.Get},
	{Name: "attachment_files", Family: engine.Uploads, Scope: engine.Public, Path: "/uploads/attachments", Item: "/uploads/attachments/{jwt}", Verbs: engine.Get},

	// Online payments (§4.7).
	{Name: "payment_options", Family: engine.Payments, Path: payPath + "payment_options", Verbs: engine.List, ReadScope: "online_payments"},
	{Name: "invoice_payment_options", Family: engine.Payments, Path: payPath + "invoice/{invoice}/payment_options", Verbs: engine.List | engine.Create,
		ReadScope: "online_payments"},

	// Webhook callbacks (§7). Registering one needs the read scope of its
	// event's noun (§7.2), which the family checks; the rest of the
	// resource needs some business scope [INF].
	{Name: "callbacks", Family: engine.Events, Path: "/events/account/{account}/events/callbacks", Single: "callback", Plural: "callbacks",
		IDKeys: []string{"callbackid"}, Verbs: crud, PerPage: 15, Timestamps: engine.ISOStamps, ReadScope: engine.AnyScope},

	// Projects and time tracking (§4.3).
	{Name: "projects", Family: engine.Projects, Scope: engine.ByBusiness, Path: projectsPath + "projects", Item: projectsPath + "project/{id}",
		Create: projectsPath + "project", Single: "project", Plural: "projects", IDKeys: []string{"id"}, Verbs: crud,
		Deletion: engine.HardDelete, ReadScope: "projects", Event: "project", PerPage: 30, Timestamps: engine.ISOStamps,
		Actions: []engine.Action{{Method: "GET", Path: projectsPath + "abilities", Name: "abilities"}}},
	{Name: "time_entries", Family: engine.Projects, Scope: engine.ByBusiness, Path: timePath + "time_entries", Single: "time_entry",
		Plural: "time_entries", IDKeys: []string{"id"}, Verbs: crud, Deletion: engine.HardDelete, ReadScope: "time_entries",
		Event: "time_entry", PerPage: 30, Timestamps: engine.ISOStamps},
	// Services are billable items: the webhook table asks
	// user:billable_items:read for the "service" noun (§7.2) [INF for the
	// API itself]. perPage is the list's meta in the JAVA SDK fixture.
	{Name: "services", Family: engine.Projects, Scope: engine.ByBusiness, Path: commentsPath + "services", Item: commentsPath + "service/{id}",
		Create: commentsPath + "service", Single: "service", Plural: "services", IDKeys: []string{"id"}, Verbs: crud,
		ReadScope: "billable_items", Event: "service", PerPage: 50, Timestamps: engine.NoStamps},
	{Name: "service_rates", Family: engine.Projects, Scope: engine.ByBusiness, Path: commentsPath + "service_rates",
		Item: commentsPath + "service/{service}/rate", Create: commentsPath + "service/{service}/rate", Single: "service_rate",
		Plural: "service_rates", IDKeys: []string{"service_id"}, Verbs: engine.List | engine.Get | engine.Create | engine.Update, ReadScope: "billable_items"},

	// The ledger (§4.2): the chart of accounts, and the lookups every
	// business shares. Its OAuth scope is not documented: the chart needs
	// the journal entries' scope, as the SDK's table says, and the shared
	// lookups, which hold no business data, none [INF].
	{Name: "ledger_accounts", Family: engine.Ledger, Scope: engine.ByBusinessUUID, Path: ledgerPath, Verbs: engine.List | engine.Get | engine.Create | engine.Update,
		ReadScope: "journal_entries"},
	{Name: "ledger_account_types", Family: engine.Ledger, Scope: engine.ByToken, Path: "/accounting/ledger_accounts/types", Verbs: engine.List},
	{Name: "ledger_account_sub_types", Family: engine.Ledger, Scope: engine.ByToken, Path: "/accounting/ledger_accounts/sub_types", Verbs: engine.List | engine.Get},
}
