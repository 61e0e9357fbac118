package freshbookstest

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
const crud = vList | vGet | vCreate | vUpdate | vDelete

// catalogue lists every resource, in the order their routes are made.
var catalogue = []resource{
	// Authorization (freshbooks-api.md §1) and the current user (§2).
	{name: "authorize", family: famAuth, scope: public, path: "/oauth/authorize", verbs: vList | vCreate,
		actions: []action{{"GET", "/oauth/authorize/", "authorize"}}},
	{name: "token", family: famAuth, scope: public, path: "/auth/oauth/token", verbs: vCreate},
	{name: "revoke", family: famAuth, scope: public, path: "/auth/oauth/revoke", verbs: vCreate},
	{name: "me", family: famAuth, scope: byToken, path: "/auth/api/v1/users/me", verbs: vList},

	// Clients (§4.1.1).
	{name: "clients", family: famAccounting, path: acct + "users/clients", single: "client", plural: "clients",
		idKeys: []string{"id", "userid"}, verbs: crud, readScope: "clients", event: "client"},

	// Sales (§4.1.2–§4.1.6).
	{name: "taxes", family: famAccounting, path: acct + "taxes/taxes", single: "tax", plural: "taxes",
		idKeys: []string{"id", "taxid"}, verbs: crud, deletion: hardDelete, readScope: "taxes", event: "tax"},
	{name: "items", family: famAccounting, path: acct + "items/items", single: "item", plural: "items",
		idKeys: []string{"id", "itemid"}, verbs: vList | vGet | vCreate | vUpdate, readScope: "billable_items", event: "item"},
	{name: "credit_notes", family: famAccounting, path: acct + "credit_notes/credit_notes", single: "credit_note", plural: "credit_notes",
		idKeys: []string{"id", "creditid"}, verbs: vList | vGet | vCreate | vUpdate, readScope: "credit_notes", event: "credit_note"},
	{name: "invoices", family: famAccounting, path: acct + "invoices/invoices", single: "invoice", plural: "invoices",
		idKeys: []string{"id", "invoiceid"}, verbs: crud, readScope: "invoices", event: "invoice",
		actions: []action{{"GET", acct + "invoices/invoices/{id}/share_link", "share_link"}}},
	{name: "estimates", family: famAccounting, path: acct + "estimates/estimates", single: "estimate", plural: "estimates",
		idKeys: []string{"id", "estimateid"}, verbs: crud, readScope: "estimates", event: "estimate"},
	{name: "invoice_profiles", family: famAccounting, path: acct + "invoice_profiles/invoice_profiles", single: "invoice_profile",
		plural: "invoice_profiles", idKeys: []string{"id", "profileid"}, verbs: vList | vGet | vCreate | vUpdate,
		readScope: "invoices", event: "recurring"}, // the webhook noun of recurring profiles
	{name: "payments", family: famAccounting, path: acct + "payments/payments", single: "payment", plural: "payments",
		idKeys: []string{"id", "logid"}, verbs: vList | vGet | vCreate | vUpdate, readScope: "payments", event: "payment"},

	// Expenses and bills (§4.1.4–§4.1.7).
	{name: "categories", family: famAccounting, path: acct + "expenses/categories", single: "category", plural: "categories",
		idKeys: []string{"id", "categoryid"}, verbs: vList | vGet, readScope: "expenses", event: "category", timestamps: noStamps},
	{name: "expenses", family: famAccounting, path: acct + "expenses/expenses", single: "expense", plural: "expenses",
		idKeys: []string{"id", "expenseid"}, verbs: crud, readScope: "expenses", event: "expense"},
	{name: "bill_vendors", family: famAccounting, path: acct + "bill_vendors/bill_vendors", single: "bill_vendor", plural: "bill_vendors",
		idKeys: []string{"vendorid"}, verbs: crud, readScope: "bill_vendors", event: "bill_vendor", timestamps: noStamps},
	{name: "bills", family: famAccounting, path: acct + "bills/bills", single: "bill", plural: "bills",
		idKeys: []string{"id"}, verbs: crud, readScope: "bills", event: "bill", timestamps: noStamps},
	{name: "bill_payments", family: famAccounting, path: acct + "bill_payments/bill_payments", single: "bill_payment", plural: "bill_payments",
		idKeys: []string{"id"}, verbs: crud, readScope: "bill_payments", timestamps: noStamps},
	{name: "other_income", family: famAccounting, path: acct + "other_incomes/other_incomes", single: "other_income", plural: "other_income",
		idKeys: []string{"incomeid"}, verbs: crud, readScope: "other_income", timestamps: noStamps},
	{name: "tasks", family: famAccounting, path: acct + "projects/tasks", single: "task", plural: "tasks",
		idKeys: []string{"id", "taskid"}, verbs: crud, readScope: "billable_items"}, // [INF] tasks are billable items
	{name: "staff", family: famAccounting, path: acct + "users/staffs", single: "staff", plural: "staffs",
		idKeys: []string{"id", "userid"}, verbs: vList | vGet | vUpdate | vDelete, readScope: "teams"}, // [INF]
	{name: "systems", family: famAccounting, path: acct + "systems/systems", single: "system", plural: "systems",
		idKeys: []string{"id"}, verbs: vGet, readScope: "business", timestamps: noStamps}, // [INF]
	{name: "gateways", family: famAccounting, path: acct + "systems/gateways", single: "gateway", plural: "gateways",
		idKeys: []string{"id"}, verbs: vList | vDelete, readScope: "online_payments", timestamps: noStamps}, // [INF]

	// Journal entries and their accounts (§4.1.8).
	{name: "journal_entries", family: famAccounting, path: acct + "journal_entries/journal_entries", single: "journal_entry",
		plural: "journal_entries", idKeys: []string{"id", "entryid"}, verbs: vCreate, readScope: "journal_entries"},
	{name: "journal_entry_accounts", family: famAccounting, path: acct + "journal_entry_accounts/journal_entry_accounts",
		single: "journal_entry_account", plural: "journal_entry_accounts", idKeys: []string{"id", "accountid"}, verbs: vList,
		readScope: "journal_entries", timestamps: noStamps},
	{name: "journal_entry_details", family: famAccounting, path: acct + "journal_entries/journal_entry_details",
		single: "journal_entry_detail", plural: "journal_entry_details", idKeys: []string{"id", "detailid"}, verbs: vList,
		readScope: "journal_entries", timestamps: noStamps},

	// Reports (§4.5).
	{name: "reports", family: famAccounting, path: acct + "reports/accounting/{report}", verbs: vList, readScope: "reports"},

	// Uploads (§4.6): files of an account, an application's images, and
	// the downloads, whose token is the capability.
	{name: "images", family: famUploads, path: "/uploads/account/{account}/images", verbs: vCreate, readScope: "uploads"},
	{name: "attachments", family: famUploads, path: "/uploads/account/{account}/attachments", verbs: vCreate, readScope: "uploads"},
	{name: "app_images", family: famUploads, scope: byToken, path: "/uploads/images", verbs: vCreate},
	{name: "image_files", family: famUploads, scope: public, path: "/uploads/images", item: "/uploads/images/{jwt}", verbs: vGet},
	{name: "attachment_files", family: famUploads, scope: public, path: "/uploads/attachments", item: "/uploads/attachments/{jwt}", verbs: vGet},

	// Online payments (§4.7).
	{name: "payment_options", family: famPayments, path: payPath + "payment_options", verbs: vList, readScope: "online_payments"},
	{name: "invoice_payment_options", family: famPayments, path: payPath + "invoice/{invoice}/payment_options", verbs: vList | vCreate,
		readScope: "online_payments"},

	// Webhook callbacks (§7).
	{name: "callbacks", family: famEvents, path: "/events/account/{account}/events/callbacks", single: "callback", plural: "callbacks",
		idKeys: []string{"callbackid"}, verbs: crud, perPage: 15, timestamps: isoStamps},

	// Projects and time tracking (§4.3).
	{name: "projects", family: famProjects, scope: byBusiness, path: projectsPath + "projects", item: projectsPath + "project/{id}",
		create: projectsPath + "project", single: "project", plural: "projects", idKeys: []string{"id"}, verbs: crud,
		deletion: hardDelete, readScope: "projects", event: "project", perPage: 30, timestamps: isoStamps,
		actions: []action{{"GET", projectsPath + "abilities", "abilities"}}},
	{name: "time_entries", family: famProjects, scope: byBusiness, path: timePath + "time_entries", single: "time_entry",
		plural: "time_entries", idKeys: []string{"id"}, verbs: crud, deletion: hardDelete, readScope: "time_entries",
		event: "time_entry", perPage: 30, timestamps: isoStamps},
	// Services are billable items: the webhook table asks
	// user:billable_items:read for the "service" noun (§7.2) [INF for the
	// API itself]. perPage is the list's meta in the JAVA SDK fixture.
	{name: "services", family: famProjects, scope: byBusiness, path: commentsPath + "services", item: commentsPath + "service/{id}",
		create: commentsPath + "service", single: "service", plural: "services", idKeys: []string{"id"}, verbs: crud,
		readScope: "billable_items", event: "service", perPage: 50, timestamps: noStamps},
	{name: "service_rates", family: famProjects, scope: byBusiness, path: commentsPath + "service_rates",
		item: commentsPath + "service/{service}/rate", create: commentsPath + "service/{service}/rate", single: "service_rate",
		plural: "service_rates", idKeys: []string{"service_id"}, verbs: vList | vGet | vCreate | vUpdate, readScope: "billable_items"},

	// The ledger (§4.2): the chart of accounts, and the lookups every
	// business shares. Its OAuth scope is not documented: none is checked
	// [INF].
	{name: "ledger_accounts", family: famLedger, scope: byBusinessUUID, path: ledgerPath, verbs: vList | vGet | vCreate | vUpdate},
	{name: "ledger_account_types", family: famLedger, scope: byToken, path: "/accounting/ledger_accounts/types", verbs: vList},
	{name: "ledger_account_sub_types", family: famLedger, scope: byToken, path: "/accounting/ledger_accounts/sub_types", verbs: vList | vGet},
}
