package freshbooks

import (
	"context"
	"encoding/json"
	"maps"
)

// LedgerAccount is an account of a business's chart of accounts, in the
// general ledger. Accounts are addressed by UUID.
type LedgerAccount struct {
	UUID        string            `json:"uuid,omitempty"`
	Name        string            `json:"name,omitempty"`   // required
	Number      string            `json:"number,omitempty"` // "1000", or "1000-1" for a sub-account
	Description string            `json:"description,omitempty"`
	Type        LedgerAccountType `json:"type,omitempty"` // follows SubType
	// SubType is the name of a sub-type ("Cash & Bank", "Current
	// Liability"): see [LedgerAccountsService.SubTypes]. Required.
	SubType string `json:"sub_type,omitempty"`
	// SystemAccountName names the role of an account FreshBooks relies
	// on ("Accounts Receivable").
	SystemAccountName string `json:"system_account_name,omitempty"`
	// ParentAccount is the UUID of the account this one is a sub-account
	// of, or "" for a top-level account.
	ParentAccount string   `json:"parent_account,omitempty"`
	SubAccounts   []string `json:"sub_accounts,omitempty"` // UUIDs
	AutoCreated   bool     `json:"auto_created,omitempty"`
	State         string   `json:"state,omitempty"` // "active"
	UpdatedAt     Time     `json:"updated_at,omitzero"`

	Extra Extra `json:"-"`
}

// LedgerAccountType is the kind of a ledger account.
type LedgerAccountType string

// Ledger account types.
const (
	LedgerAsset     LedgerAccountType = "asset"
	LedgerLiability LedgerAccountType = "liability"
	LedgerEquity    LedgerAccountType = "equity"
	LedgerIncome    LedgerAccountType = "income"
	LedgerExpense   LedgerAccountType = "expense"
)

// UnmarshalJSON keeps unmodelled members in Extra.
func (a *LedgerAccount) UnmarshalJSON(b []byte) error {
	type plain LedgerAccount
	return unmarshalKeeping(b, (*plain)(a), &a.Extra)
}

// MarshalJSON writes Extra back.
func (a LedgerAccount) MarshalJSON() ([]byte, error) {
	type plain LedgerAccount
	return marshalKeeping((*plain)(&a), a.Extra)
}

// LedgerType is one of the account types, as listed by
// [LedgerAccountsService.Types].
type LedgerType struct {
	Name  LedgerAccountType `json:"name"`
	Extra Extra             `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (t *LedgerType) UnmarshalJSON(b []byte) error {
	type plain LedgerType
	return unmarshalKeeping(b, (*plain)(t), &t.Extra)
}

// MarshalJSON writes Extra back.
func (t LedgerType) MarshalJSON() ([]byte, error) {
	type plain LedgerType
	return marshalKeeping((*plain)(&t), t.Extra)
}

// LedgerSubType is a sub-type of account, such as "Cash & Bank" of
// type asset: the value of [LedgerAccount.SubType].
type LedgerSubType struct {
	ID   int64             `json:"id,omitempty"`
	Type LedgerAccountType `json:"type,omitempty"`
	Name string            `json:"name,omitempty"`
	// Extra holds the other members, base_number among them: its JSON
	// type is not documented, so BaseNumber reads it.
	Extra Extra `json:"-"`
}

// BaseNumber returns the first account number of the sub-type's range,
// such as "1000", whether FreshBooks sent it as a string or a number; ""
// if it sent none.
func (t LedgerSubType) BaseNumber() string {
	raw := t.Extra["base_number"]
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (t *LedgerSubType) UnmarshalJSON(b []byte) error {
	type plain LedgerSubType
	return unmarshalKeeping(b, (*plain)(t), &t.Extra)
}

// MarshalJSON writes Extra back.
func (t LedgerSubType) MarshalJSON() ([]byte, error) {
	type plain LedgerSubType
	return marshalKeeping((*plain)(&t), t.Extra)
}

// LedgerAccountsService manages a business's chart of accounts. Ledger
// accounts cannot be deleted; the list is the whole chart, unpaged.
type LedgerAccountsService struct{ r resource[LedgerAccount] }

// Get returns a ledger account.
//
// FreshBooks endpoint: GET /accounting/businesses/{business_uuid}/ledger_accounts/accounts/{uuid}
func (s *LedgerAccountsService) Get(ctx context.Context, uuid string) (*LedgerAccount, error) {
	return s.r.getAt(ctx, s.r.ep.itemPath(uuid), nil)
}

// List returns the whole chart of accounts, as one page.
//
// FreshBooks endpoint: GET /accounting/businesses/{business_uuid}/ledger_accounts/accounts
func (s *LedgerAccountsService) List(ctx context.Context) (*Page[LedgerAccount], error) {
	return s.r.list(ctx, nil)
}

// Create adds an account. Name and SubType are required; ParentAccount
// makes it a sub-account. FreshBooks wants the parent_account member even
// for a top-level account, so Create sends it as null when ParentAccount
// is "".
//
// FreshBooks endpoint: POST /accounting/businesses/{business_uuid}/ledger_accounts/accounts
func (s *LedgerAccountsService) Create(ctx context.Context, a *LedgerAccount) (*LedgerAccount, error) {
	if a != nil && a.ParentAccount == "" {
		if _, ok := a.Extra["parent_account"]; !ok {
			cp := *a
			cp.Extra = maps.Clone(a.Extra)
			if cp.Extra == nil {
				cp.Extra = Extra{}
			}
			cp.Extra["parent_account"] = json.RawMessage("null")
			a = &cp
		}
	}
	return s.r.create(ctx, a, nil)
}

// Update changes the fields of an account that a sets.
//
// FreshBooks endpoint: PUT /accounting/businesses/{business_uuid}/ledger_accounts/accounts/{uuid}
func (s *LedgerAccountsService) Update(ctx context.Context, uuid string, a *LedgerAccount) (*LedgerAccount, error) {
	return s.r.updateAt(ctx, s.r.ep.itemPath(uuid), a, nil)
}

// ledgerRoot is the prefix of the ledger lookups shared by every business.
const ledgerRoot = "/accounting/ledger_accounts/"

// ledgerLookup is a resource for the shared, unscoped ledger lookups.
func ledgerLookup[T any](c *Client, path string) resource[T] {
	return resource[T]{c, endpoint{family: FamilyLedger, list: ledgerRoot + path}}
}

// Types lists the account types: asset, liability, equity, income,
// expense.
//
// FreshBooks endpoint: GET /accounting/ledger_accounts/types
func (s *LedgerAccountsService) Types(ctx context.Context) ([]LedgerType, error) {
	p, err := ledgerLookup[LedgerType](s.r.c, "types").list(ctx, nil)
	if err != nil {
		return nil, err
	}
	return p.Items, nil
}

// SubTypes lists the account sub-types, the values of
// [LedgerAccount.SubType].
//
// FreshBooks endpoint: GET /accounting/ledger_accounts/sub_types
func (s *LedgerAccountsService) SubTypes(ctx context.Context) ([]LedgerSubType, error) {
	p, err := ledgerLookup[LedgerSubType](s.r.c, "sub_types").list(ctx, nil)
	if err != nil {
		return nil, err
	}
	return p.Items, nil
}

// SubType returns one account sub-type.
//
// FreshBooks endpoint: GET /accounting/ledger_accounts/sub_types/{id}
func (s *LedgerAccountsService) SubType(ctx context.Context, id int64) (*LedgerSubType, error) {
	return ledgerLookup[LedgerSubType](s.r.c, "sub_types").get(ctx, id, nil)
}
