package freshbooks

import (
	"net/url"
	"strconv"
)

// AccountScope reaches the endpoints scoped by an account id: accounting,
// webhook callbacks, online payment options and uploads. Get one with
// [Client.Account]; it costs nothing to make.
type AccountScope struct {
	ID AccountID

	Bills                 *BillsService
	BillPayments          *BillPaymentsService
	BillVendors           *BillVendorsService
	Callbacks             *CallbacksService
	Clients               *ClientsService
	CreditNotes           *CreditNotesService
	Estimates             *EstimatesService
	Expenses              *ExpensesService
	ExpenseCategories     *ExpenseCategoriesService
	Gateways              *GatewaysService
	Invoices              *InvoicesService
	InvoiceProfiles       *InvoiceProfilesService
	InvoicePaymentOptions *InvoicePaymentOptionsService
	Items                 *ItemsService
	OtherIncome           *OtherIncomeService
	Payments              *PaymentsService
	Staff                 *StaffService
	Systems               *SystemsService
	Tasks                 *TasksService
	Taxes                 *TaxesService
	Attachments           *AttachmentsService
	Images                *ImagesService
	JournalEntries        *JournalEntriesService
	JournalEntryAccounts  *JournalEntryAccountsService
	JournalEntryDetails   *JournalEntryDetailsService
	Reports               *ReportsService
}

// Account returns the services of the business with account id id.
func (c *Client) Account(id AccountID) *AccountScope {
	a := "/accounting/account/" + url.PathEscape(string(id)) + "/"
	acct := func(path, single, plural string) endpoint {
		return endpoint{env: envResult, dialect: dialectAccounting, list: a + path, single: single, plural: plural}
	}
	payments := "/payments/account/" + url.PathEscape(string(id))
	uploads := "/uploads/account/" + url.PathEscape(string(id))
	return &AccountScope{
		ID:                    id,
		Bills:                 &BillsService{resource[Bill]{c, acct("bills/bills", "bill", "bills")}},
		BillPayments:          &BillPaymentsService{resource[BillPayment]{c, acct("bill_payments/bill_payments", "bill_payment", "bill_payments")}},
		BillVendors:           &BillVendorsService{resource[BillVendor]{c, acct("bill_vendors/bill_vendors", "bill_vendor", "bill_vendors")}},
		Callbacks:             &CallbacksService{resource[Callback]{c, endpoint{env: envResult, dialect: dialectAccounting, list: "/events/account/" + url.PathEscape(string(id)) + "/events/callbacks", single: "callback", plural: "callbacks"}}},
		Clients:               &ClientsService{resource[Customer]{c, acct("users/clients", "client", "clients")}},
		CreditNotes:           &CreditNotesService{resource[CreditNote]{c, acct("credit_notes/credit_notes", "credit_note", "credit_notes")}},
		Estimates:             &EstimatesService{resource[Estimate]{c, acct("estimates/estimates", "estimate", "estimates")}},
		Expenses:              &ExpensesService{resource[Expense]{c, acct("expenses/expenses", "expense", "expenses")}},
		ExpenseCategories:     &ExpenseCategoriesService{resource[ExpenseCategory]{c, acct("expenses/categories", "category", "categories")}},
		Gateways:              &GatewaysService{resource[Gateway]{c, acct("systems/gateways", "gateway", "gateways")}},
		Invoices:              &InvoicesService{resource[Invoice]{c, acct("invoices/invoices", "invoice", "invoices")}},
		InvoiceProfiles:       &InvoiceProfilesService{resource[InvoiceProfile]{c, acct("invoice_profiles/invoice_profiles", "invoice_profile", "invoice_profiles")}},
		InvoicePaymentOptions: &InvoicePaymentOptionsService{resource[PaymentOptions]{c, endpoint{env: envFlat, dialect: dialectFlat, list: payments, single: "payment_options", bare: true}}},
		Items:                 &ItemsService{resource[Item]{c, acct("items/items", "item", "items")}},
		OtherIncome:           &OtherIncomeService{resource[OtherIncome]{c, acct("other_incomes/other_incomes", "other_income", "other_income")}},
		Payments:              &PaymentsService{resource[Payment]{c, acct("payments/payments", "payment", "payments")}},
		Staff:                 &StaffService{resource[Staff]{c, acct("users/staffs", "staff", "staffs")}},
		Systems:               &SystemsService{resource[System]{c, acct("systems/systems", "system", "systems")}},
		Tasks:                 &TasksService{resource[Task]{c, acct("projects/tasks", "task", "tasks")}},
		Taxes:                 &TaxesService{resource[Tax]{c, acct("taxes/taxes", "tax", "taxes")}},
		Attachments:           &AttachmentsService{resource[Upload]{c, endpoint{env: envFlat, list: uploads + "/attachments", item: "/uploads/attachments", single: "attachment"}}},
		Images:                &ImagesService{resource[Upload]{c, endpoint{env: envFlat, list: uploads + "/images", item: "/uploads/images", single: "image"}}},
		JournalEntries:        &JournalEntriesService{resource[JournalEntry]{c, acct("journal_entries/journal_entries", "journal_entry", "journal_entries")}},
		JournalEntryAccounts:  &JournalEntryAccountsService{resource[JournalEntryAccount]{c, acct("journal_entry_accounts/journal_entry_accounts", "journal_entry_account", "journal_entry_accounts")}},
		JournalEntryDetails:   &JournalEntryDetailsService{resource[JournalEntryDetail]{c, acct("journal_entries/journal_entry_details", "journal_entry_detail", "journal_entry_details")}},
		Reports:               &ReportsService{c: c, root: a + "reports/accounting/"},
	}
}

// BusinessScope reaches the endpoints scoped by a business id: projects,
// time tracking and services. Get one with [Client.Business]; it costs
// nothing to make.
type BusinessScope struct {
	ID BusinessID

	Projects     *ProjectsService
	TimeEntries  *TimeEntriesService
	Services     *ServicesService
	ServiceRates *ServiceRatesService
}

// Business returns the services of the business with id id.
func (c *Client) Business(id BusinessID) *BusinessScope {
	b := "/business/" + strconv.FormatInt(int64(id), 10) + "/"
	flat := func(list, item, single, plural string) endpoint {
		return endpoint{env: envFlat, dialect: dialectProjects, list: list, item: item, create: item, single: single, plural: plural}
	}
	return &BusinessScope{
		ID:           id,
		Projects:     &ProjectsService{resource[Project]{c, flat("/projects"+b+"projects", "/projects"+b+"project", "project", "projects")}},
		TimeEntries:  &TimeEntriesService{resource[TimeEntry]{c, flat("/timetracking"+b+"time_entries", "/timetracking"+b+"time_entries", "time_entry", "time_entries")}},
		Services:     &ServicesService{resource[Service]{c, flat("/comments"+b+"services", "/comments"+b+"service", "service", "services")}},
		ServiceRates: &ServiceRatesService{resource[ServiceRate]{c, flat("/comments"+b+"service_rates", "/comments"+b+"service", "service_rate", "service_rates")}},
	}
}

// LedgerAccounts returns the chart of accounts of the business with UUID
// id.
func (c *Client) LedgerAccounts(id BusinessUUID) *LedgerAccountsService {
	return &LedgerAccountsService{resource[LedgerAccount]{c, endpoint{env: envData, dialect: dialectFlat,
		list: "/accounting/businesses/" + url.PathEscape(string(id)) + "/ledger_accounts/accounts", bare: true}}}
}

// AppImages uploads images that belong to the application rather than to a
// business, such as an app logo.
//
// FreshBooks endpoint: POST /uploads/images
func (c *Client) AppImages() *ImagesService {
	return &ImagesService{resource[Upload]{c, endpoint{env: envFlat, list: "/uploads/images", item: "/uploads/images", single: "image"}}}
}
