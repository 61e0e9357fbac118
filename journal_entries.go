package freshbooks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strconv"
)

// JournalEntry is a manual journal entry: debits and credits to sub
// accounts of the chart of accounts that must balance. FreshBooks only
// creates them through the API; they are read back as
// [JournalEntryDetail] rows.
type JournalEntry struct {
	ID           JournalEntryID `json:"id,omitempty"`
	EntryID      JournalEntryID `json:"entryid,omitempty"`
	Name         string         `json:"name,omitempty"` // required on create
	Description  string         `json:"description,omitempty"`
	CurrencyCode string         `json:"currency_code,omitempty"`
	// Date is the entry's date as written: FreshBooks expects "date" on
	// create (freshbooks-api.md §4.1.8, live report) and answers with
	// UserEnteredDate.
	Date            Date               `json:"date,omitzero"`
	UserEnteredDate Date               `json:"user_entered_date,omitzero"`
	CreatedAt       AccountingTime     `json:"created_at,omitzero"`
	Details         []JournalEntryLine `json:"details,omitempty"` // at least one debit and one credit

	Extra Extra `json:"-"`
}

// JournalEntryLine is one line of a [JournalEntry]: a debit or a
// credit to a sub account. Set exactly one of Debit and Credit.
type JournalEntryLine struct {
	ID       int64 `json:"id,omitempty"`
	DetailID int64 `json:"detailid,omitempty"`
	// SubAccountID is the sub account debited or credited (see
	// [JournalEntryAccount]). FreshBooks' examples write it as a JSON
	// string ("123"); it is decoded from a string or a number and encoded
	// as a string.
	SubAccountID    int64   `json:"-"`
	Debit           Decimal `json:"debit,omitzero"`
	Credit          Decimal `json:"credit,omitzero"`
	CategoryID      int64   `json:"categoryid,omitempty"`
	CurrencyCode    string  `json:"currency_code,omitempty"`
	Description     string  `json:"description,omitempty"`
	Name            string  `json:"name,omitempty"`
	UserEnteredDate Date    `json:"user_entered_date,omitzero"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (j *JournalEntry) UnmarshalJSON(b []byte) error {
	type plain JournalEntry
	return unmarshalKeeping(b, (*plain)(j), &j.Extra)
}

// MarshalJSON writes Extra back.
func (j JournalEntry) MarshalJSON() ([]byte, error) {
	type plain JournalEntry
	return marshalKeeping((*plain)(&j), j.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra and reads sub_accountid
// from a JSON string or number.
func (d *JournalEntryLine) UnmarshalJSON(b []byte) error {
	type plain JournalEntryLine
	if err := unmarshalKeeping(b, (*plain)(d), &d.Extra); err != nil {
		return err
	}
	raw, ok := d.Extra["sub_accountid"]
	if !ok {
		return nil
	}
	raw = bytes.Trim(bytes.TrimSpace(raw), `"`)
	if string(raw) != "" && string(raw) != "null" {
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return fmt.Errorf("freshbooks: journal entry detail: sub_accountid %s is not an id", truncateForError(string(raw)))
		}
		d.SubAccountID = n
	}
	delete(d.Extra, "sub_accountid")
	if len(d.Extra) == 0 {
		d.Extra = nil
	}
	return nil
}

// MarshalJSON writes Extra back, and sub_accountid as a JSON string.
func (d JournalEntryLine) MarshalJSON() ([]byte, error) {
	type plain JournalEntryLine
	extra := d.Extra
	if d.SubAccountID != 0 {
		extra = make(Extra, len(d.Extra)+1)
		for k, v := range d.Extra {
			extra[k] = v
		}
		extra["sub_accountid"] = json.RawMessage(strconv.Quote(strconv.FormatInt(d.SubAccountID, 10)))
	}
	return marshalKeeping((*plain)(&d), extra)
}

// JournalAccountType is the kind of an account of the chart used by
// journal entries.
type JournalAccountType string

// Journal account types. The values are those of the ledger's account
// types (freshbooks-api.md §4.2); their use here is inferred.
const (
	JournalAsset     JournalAccountType = "asset"
	JournalLiability JournalAccountType = "liability"
	JournalEquity    JournalAccountType = "equity"
	JournalIncome    JournalAccountType = "income"
	JournalExpense   JournalAccountType = "expense"
)

// JournalEntryAccount is an account of the chart that journal entries
// post to, with its sub accounts and balances.
type JournalEntryAccount struct {
	ID            int64               `json:"id,omitempty"`
	AccountID     int64               `json:"accountid,omitempty"`
	AccountName   string              `json:"account_name,omitempty"`
	AccountNumber string              `json:"account_number,omitempty"`
	AccountType   JournalAccountType  `json:"account_type,omitempty"`
	CurrencyCode  string              `json:"currency_code,omitempty"`
	Balance       Decimal             `json:"balance,omitzero"` // a decimal string
	SubAccounts   []JournalSubAccount `json:"sub_accounts,omitempty"`

	Extra Extra `json:"-"`
}

// JournalSubAccount is a sub account of a [JournalEntryAccount]: what
// journal entry details debit and credit.
type JournalSubAccount struct {
	ID               int64              `json:"id,omitempty"`
	SubAccountID     int64              `json:"sub_accountid,omitempty"`
	ParentID         int64              `json:"parentid,omitempty"` // the account's id
	AccountSubName   string             `json:"account_sub_name,omitempty"`
	AccountSubNumber string             `json:"account_sub_number,omitempty"`
	AccountType      JournalAccountType `json:"account_type,omitempty"`
	CurrencyCode     string             `json:"currency_code,omitempty"`
	Balance          Decimal            `json:"balance,omitzero"`
	Custom           *bool              `json:"custom,omitempty"` // made by the business, not FreshBooks

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (a *JournalEntryAccount) UnmarshalJSON(b []byte) error {
	type plain JournalEntryAccount
	return unmarshalKeeping(b, (*plain)(a), &a.Extra)
}

// MarshalJSON writes Extra back.
func (a JournalEntryAccount) MarshalJSON() ([]byte, error) {
	type plain JournalEntryAccount
	return marshalKeeping((*plain)(&a), a.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (a *JournalSubAccount) UnmarshalJSON(b []byte) error {
	type plain JournalSubAccount
	return unmarshalKeeping(b, (*plain)(a), &a.Extra)
}

// MarshalJSON writes Extra back.
func (a JournalSubAccount) MarshalJSON() ([]byte, error) {
	type plain JournalSubAccount
	return marshalKeeping((*plain)(&a), a.Extra)
}

// JournalEntryDetail is one row of the general journal: a debit or a
// credit to a sub account, the entry it belongs to and the account's
// balance after it.
type JournalEntryDetail struct {
	ID                 int64                    `json:"id,omitempty"`
	DetailID           int64                    `json:"detailid,omitempty"`
	Name               string                   `json:"name,omitempty"`
	Description        string                   `json:"description,omitempty"`
	DetailType         string                   `json:"detail_type,omitempty"`
	UserEnteredDate    Date                     `json:"user_entered_date,omitzero"`
	AccountingSystemID string                   `json:"accounting_systemid,omitempty"`
	Debit              Money                    `json:"debit,omitzero"`  // null on a credit
	Credit             Money                    `json:"credit,omitzero"` // null on a debit
	Balance            Money                    `json:"balance,omitzero"`
	Account            *JournalDetailAccount    `json:"account,omitempty"`
	SubAccount         *JournalDetailSubAccount `json:"sub_account,omitempty"`
	Entry              *JournalDetailEntry      `json:"entry,omitempty"`

	Extra Extra `json:"-"`
}

// JournalDetailAccount is the account of a [JournalEntryDetail].
type JournalDetailAccount struct {
	ID                 int64              `json:"id,omitempty"`
	AccountID          int64              `json:"accountid,omitempty"`
	AccountName        string             `json:"account_name,omitempty"`
	AccountNumber      string             `json:"account_number,omitempty"`
	AccountType        JournalAccountType `json:"account_type,omitempty"`
	AccountingSystemID string             `json:"accounting_systemid,omitempty"`

	Extra Extra `json:"-"`
}

// JournalDetailSubAccount is the sub account of a [JournalEntryDetail].
type JournalDetailSubAccount struct {
	ID                 int64  `json:"id,omitempty"`
	SubAccountID       int64  `json:"sub_accountid,omitempty"`
	ParentID           int64  `json:"parentid,omitempty"`
	AccountSubName     string `json:"account_sub_name,omitempty"`
	AccountSubNumber   string `json:"account_sub_number,omitempty"`
	AccountingSystemID string `json:"accounting_systemid,omitempty"`

	Extra Extra `json:"-"`
}

// JournalDetailEntry is what made a [JournalEntryDetail]: a journal entry,
// or an invoice, payment, expense, credit or other income (the id of the
// source is set, the others are null).
type JournalDetailEntry struct {
	ID                 JournalEntryID `json:"id,omitempty"`
	EntryID            JournalEntryID `json:"entryid,omitempty"`
	AccountingSystemID string         `json:"accounting_systemid,omitempty"`
	CustomerID         CustomerID     `json:"clientid,omitempty"`
	CreditID           CreditNoteID   `json:"creditid,omitempty"`
	ExpenseID          ExpenseID      `json:"expenseid,omitempty"`
	IncomeID           OtherIncomeID  `json:"incomeid,omitempty"`
	InvoiceID          InvoiceID      `json:"invoiceid,omitempty"`
	PaymentID          PaymentID      `json:"paymentid,omitempty"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (d *JournalEntryDetail) UnmarshalJSON(b []byte) error {
	type plain JournalEntryDetail
	return unmarshalKeeping(b, (*plain)(d), &d.Extra)
}

// MarshalJSON writes Extra back.
func (d JournalEntryDetail) MarshalJSON() ([]byte, error) {
	type plain JournalEntryDetail
	return marshalKeeping((*plain)(&d), d.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (a *JournalDetailAccount) UnmarshalJSON(b []byte) error {
	type plain JournalDetailAccount
	return unmarshalKeeping(b, (*plain)(a), &a.Extra)
}

// MarshalJSON writes Extra back.
func (a JournalDetailAccount) MarshalJSON() ([]byte, error) {
	type plain JournalDetailAccount
	return marshalKeeping((*plain)(&a), a.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (a *JournalDetailSubAccount) UnmarshalJSON(b []byte) error {
	type plain JournalDetailSubAccount
	return unmarshalKeeping(b, (*plain)(a), &a.Extra)
}

// MarshalJSON writes Extra back.
func (a JournalDetailSubAccount) MarshalJSON() ([]byte, error) {
	type plain JournalDetailSubAccount
	return marshalKeeping((*plain)(&a), a.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (e *JournalDetailEntry) UnmarshalJSON(b []byte) error {
	type plain JournalDetailEntry
	return unmarshalKeeping(b, (*plain)(e), &e.Extra)
}

// MarshalJSON writes Extra back.
func (e JournalDetailEntry) MarshalJSON() ([]byte, error) {
	type plain JournalDetailEntry
	return marshalKeeping((*plain)(&e), e.Extra)
}

// JournalEntriesService adds journal entries. FreshBooks has no endpoint
// to read, change or delete one: read them back with
// [JournalEntryDetailsService].
type JournalEntriesService struct{ r resource[JournalEntry] }

// Create adds a journal entry. Name, Date and Details are required; the
// details' debits must add up to their credits, else FreshBooks answers
// a validation error.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/journal_entries/journal_entries
func (s *JournalEntriesService) Create(ctx context.Context, e *JournalEntry) (*JournalEntry, error) {
	return s.r.create(ctx, e, nil)
}

// JournalEntryAccountsService reads the chart of accounts that journal
// entries post to. FreshBooks ignores an account_type filter.
type JournalEntryAccountsService struct{ r resource[JournalEntryAccount] }

// List returns a page of accounts, with their sub accounts.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/journal_entry_accounts/journal_entry_accounts
func (s *JournalEntryAccountsService) List(ctx context.Context, opts ...QueryOption) (*Page[JournalEntryAccount], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every account, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/journal_entry_accounts/journal_entry_accounts
func (s *JournalEntryAccountsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*JournalEntryAccount, error] {
	return s.r.all(ctx, opts)
}

// JournalEntryDetailsService reads the general journal, one row per debit
// or credit.
//
// Filters (the sandbox's, inferred): accountid, sub_accountid, entryid
// (Equals), date (Between, on user_entered_date).
type JournalEntryDetailsService struct{ r resource[JournalEntryDetail] }

// List returns a page of journal entry details.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/journal_entries/journal_entry_details
func (s *JournalEntryDetailsService) List(ctx context.Context, opts ...QueryOption) (*Page[JournalEntryDetail], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every journal entry detail, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/journal_entries/journal_entry_details
func (s *JournalEntryDetailsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*JournalEntryDetail, error] {
	return s.r.all(ctx, opts)
}
