package freshbooks

// The OAuth scopes FreshBooks grants, as [Client.NewAuthRequest] takes
// them: user:<object>:read and user:<object>:write. Profile, reports and
// notifications are read-only. Which resource needs which is in each
// [Resource]'s ReadScope and WriteScope; the ledger's (journal entries) is
// inferred, as FreshBooks documents none.
const (
	ScopeProfileRead         = "user:profile:read" // always granted; the current user only
	ScopeBusinessRead        = "user:business:read"
	ScopeBusinessWrite       = "user:business:write"
	ScopeClientsRead         = "user:clients:read"
	ScopeClientsWrite        = "user:clients:write"
	ScopeInvoicesRead        = "user:invoices:read" // invoices and recurring profiles
	ScopeInvoicesWrite       = "user:invoices:write"
	ScopeEstimatesRead       = "user:estimates:read"
	ScopeEstimatesWrite      = "user:estimates:write"
	ScopeCreditNotesRead     = "user:credit_notes:read"
	ScopeCreditNotesWrite    = "user:credit_notes:write"
	ScopePaymentsRead        = "user:payments:read"
	ScopePaymentsWrite       = "user:payments:write"
	ScopeTaxesRead           = "user:taxes:read"
	ScopeTaxesWrite          = "user:taxes:write"
	ScopeBillableItemsRead   = "user:billable_items:read" // items, tasks, services and rates
	ScopeBillableItemsWrite  = "user:billable_items:write"
	ScopeExpensesRead        = "user:expenses:read" // expenses and their categories
	ScopeExpensesWrite       = "user:expenses:write"
	ScopeBillsRead           = "user:bills:read"
	ScopeBillsWrite          = "user:bills:write"
	ScopeBillVendorsRead     = "user:bill_vendors:read"
	ScopeBillVendorsWrite    = "user:bill_vendors:write"
	ScopeBillPaymentsRead    = "user:bill_payments:read"
	ScopeBillPaymentsWrite   = "user:bill_payments:write"
	ScopeOtherIncomeRead     = "user:other_income:read"
	ScopeOtherIncomeWrite    = "user:other_income:write"
	ScopeJournalEntriesRead  = "user:journal_entries:read" // journal entries and the chart of accounts
	ScopeJournalEntriesWrite = "user:journal_entries:write"
	ScopeProjectsRead        = "user:projects:read"
	ScopeProjectsWrite       = "user:projects:write"
	ScopeTimeEntriesRead     = "user:time_entries:read"
	ScopeTimeEntriesWrite    = "user:time_entries:write"
	ScopeTeamsRead           = "user:teams:read" // staff
	ScopeTeamsWrite          = "user:teams:write"
	ScopeOnlinePaymentsRead  = "user:online_payments:read" // gateways and payment options
	ScopeOnlinePaymentsWrite = "user:online_payments:write"
	ScopeUploadsRead         = "user:uploads:read"
	ScopeUploadsWrite        = "user:uploads:write"
	ScopeReportsRead         = "user:reports:read"
	ScopeNotificationsRead   = "user:notifications:read"
)
