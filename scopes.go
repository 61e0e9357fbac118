package freshbooks

import "encoding/json"

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
	o := Owner{Account: id}
	ep := func(name string) endpoint { return mustSpec(name).endpoint(o) }
	return &AccountScope{
		ID:                    id,
		Bills:                 &BillsService{resource[Bill]{c, ep("bills")}},
		BillPayments:          &BillPaymentsService{resource[BillPayment]{c, ep("bill-payments")}},
		BillVendors:           &BillVendorsService{resource[BillVendor]{c, ep("bill-vendors")}},
		Callbacks:             &CallbacksService{resource[Callback]{c, ep("callbacks")}},
		Clients:               &ClientsService{resource[Customer]{c, ep("clients")}},
		CreditNotes:           &CreditNotesService{resource[CreditNote]{c, ep("credit-notes")}},
		Estimates:             &EstimatesService{resource[Estimate]{c, ep("estimates")}},
		Expenses:              &ExpensesService{resource[Expense]{c, ep("expenses")}},
		ExpenseCategories:     &ExpenseCategoriesService{resource[ExpenseCategory]{c, ep("expense-categories")}},
		Gateways:              &GatewaysService{resource[Gateway]{c, ep("gateways")}},
		Invoices:              &InvoicesService{resource[Invoice]{c, ep("invoices")}},
		InvoiceProfiles:       &InvoiceProfilesService{resource[InvoiceProfile]{c, ep("invoice-profiles")}},
		InvoicePaymentOptions: &InvoicePaymentOptionsService{resource[PaymentOptions]{c, ep("invoice-payment-options")}},
		Items:                 &ItemsService{resource[Item]{c, ep("items")}},
		OtherIncome:           &OtherIncomeService{resource[OtherIncome]{c, ep("other-income")}},
		Payments:              &PaymentsService{resource[Payment]{c, ep("payments")}},
		Staff:                 &StaffService{resource[Staff]{c, ep("staff")}},
		Systems:               &SystemsService{resource[System]{c, ep("systems")}},
		Tasks:                 &TasksService{resource[Task]{c, ep("tasks")}},
		Taxes:                 &TaxesService{resource[Tax]{c, ep("taxes")}},
		Attachments:           &AttachmentsService{resource[Upload]{c, ep("attachments")}},
		Images:                &ImagesService{resource[Upload]{c, ep("images")}},
		JournalEntries:        &JournalEntriesService{resource[JournalEntry]{c, ep("journal-entries")}},
		JournalEntryAccounts:  &JournalEntryAccountsService{resource[JournalEntryAccount]{c, ep("journal-entry-accounts")}},
		JournalEntryDetails:   &JournalEntryDetailsService{resource[JournalEntryDetail]{c, ep("journal-entry-details")}},
		Reports:               &ReportsService{resource[json.RawMessage]{c, ep("reports")}},
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
	o := Owner{Business: id}
	ep := func(name string) endpoint { return mustSpec(name).endpoint(o) }
	return &BusinessScope{
		ID:           id,
		Projects:     &ProjectsService{resource[Project]{c, ep("projects")}},
		TimeEntries:  &TimeEntriesService{resource[TimeEntry]{c, ep("time-entries")}},
		Services:     &ServicesService{resource[Service]{c, ep("services")}},
		ServiceRates: &ServiceRatesService{resource[ServiceRate]{c, ep("service-rates")}},
	}
}

// LedgerAccounts returns the chart of accounts of the business with UUID
// id.
func (c *Client) LedgerAccounts(id BusinessUUID) *LedgerAccountsService {
	return &LedgerAccountsService{resource[LedgerAccount]{c, mustSpec("ledger-accounts").endpoint(Owner{BusinessUUID: id})}}
}

// AppImages uploads images that belong to the application rather than to a
// business, such as an app logo.
//
// FreshBooks endpoint: POST /uploads/images
func (c *Client) AppImages() *ImagesService {
	return &ImagesService{resource[Upload]{c, endpoint{family: FamilyUploads, list: "/uploads/images", item: "/uploads/images", single: "image"}}}
}
