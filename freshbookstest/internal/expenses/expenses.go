package expenses

import (
	"cmp"
	"slices"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// The expenses and purchasing family: expenses and their categories,
// bills, bill vendors and bill payments, other income, tasks, staff, the
// accounting system and payment gateways (freshbooks-api.md §4.1.4–4.1.7).
//
// Seeded per account at startup:
//   - the expense categories FreshBooks provides (read-only), a tree of
//     top-level categories and subcategories;
//   - staff: one per person with a role in the business, the owner first
//     with id 1 (the staffid of the owner's expenses, as in FreshBooks);
//   - the accounting system, whose id is the systemid of the account in
//     the identity's deprecated roles list (business id + 11 here);
//   - two payment gateways, Stripe and PayPal.
//
// Choices marked [INF] are inferred: no source shows FreshBooks doing it.

const (
	Categories  = "categories"
	tblExpenses = "expenses"
	tblVendors  = "bill_vendors"
	tblBills    = "bills"
	tblBillPays = "bill_payments"
	tblIncome   = "other_income"
	tblTasks    = "tasks"
	tblStaff    = "staff"
	tblSystems  = "systems"
	tblGateways = "gateways"
	tblAttach   = "expense_attachments" // id sequence of attached receipts
)

// Behaviours are what expenses, expense categories, bills, bill
// vendors, bill payments, other income, tasks, staff, systems and
// gateways do beyond the generic engine.
func Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{
		"categories": {
			// [INF] no source lists category filters or sort keys.
			Filters: map[string]engine.Filter{"categoryids": engine.In("categoryid"), "parentid": engine.Eq("parentid"), "is_cogs": engine.Bool("is_cogs")},
			Sorts:   map[string]string{"category": "category"},
		},
		"expenses": {
			Filters: map[string]engine.Filter{
				"date": engine.Range("date"), "updated": engine.Range("updated"), "amount": engine.Range("_amount"),
				"clientid": engine.Eq("clientid"), "clientids": engine.In("clientid"),
				"projectid": engine.Eq("projectid"), "projectids": engine.In("projectid"),
				"categoryid": engine.Eq("categoryid"), "categoryids": engine.In("categoryid"),
				"expenseid": engine.Eq("expenseid"), "expenseids": engine.In("expenseid"), "staffid": engine.Eq("staffid"),
				// [INF] FreshBooks' vendor filter has no _like key; it is
				// taken here as a case-insensitive substring match.
				"vendor":      engine.Like("vendor"),
				"has_receipt": engine.Bool("has_receipt"),
			},
			Sorts:    map[string]string{"date": "date", "amount": "_amount", "vendor": "vendor", "updated": "updated"}, // [INF]
			Hidden:   []string{"attachment"},
			Includes: []string{"category", "expense_profile", "project", "account"}, // [INF] accepted; only category is expanded
			Hooks:    engine.Hooks{Validate: validateExpense, Derive: deriveExpense, View: viewExpense},
		},
		// created_at/updated_at of vendors, bills and other income are set
		// by derive. FreshBooks honours no filters on bill vendors (live
		// reports), vis_state aside.
		"bill_vendors": {Hooks: engine.Hooks{Validate: validateVendor, Derive: deriveVendor, View: viewVendor}},
		"bills": {
			Filters: map[string]engine.Filter{"vendorid": engine.Eq("vendorid"), "statuses": engine.In("status"), "currency_code": engine.Eq("currency_code"),
				"ids": engine.In("id")},
			Sorts: map[string]string{"issue_date": "issue_date", "due_date": "due_date", "bill_number": "bill_number", "amount": "_total"}, // [INF]
			Hooks: engine.Hooks{Validate: validateBill, Derive: deriveBill, View: viewBill, Before: beforeBill},
		},
		"bill_payments": {Hooks: engine.Hooks{Validate: validateBillPayment, Derive: deriveBillPayment, After: afterBillPayment}},
		// The SDKs disagree on the verb that deletes other income (HTTP
		// DELETE or PUT vis_state 1): both work, and both keep the record
		// deleted [INF].
		"other_income": {
			Filters: map[string]engine.Filter{"incomeid": engine.Eq("incomeid"), "category_name": engine.Eq("category_name")},
			Hooks:   engine.Hooks{Validate: validateIncome, Derive: deriveIncome, Before: beforeIncome},
		},
		"tasks": {
			Filters: map[string]engine.Filter{"taskids": engine.In("taskid"), "name_like": engine.Like("name"), "billable": engine.Bool("billable")}, // [INF]
			Hooks:   engine.Hooks{Validate: validateTask, Derive: deriveTask},
		},
		"staff":    {Filters: map[string]engine.Filter{"email": engine.Eq("email"), "username": engine.Eq("username")}}, // [INF]
		"gateways": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpDelete: removeGateway}}},
	}
}

func validateExpense(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if e := engine.Missing(rec, []string{"categoryid", "staffid", "date", "amount"}, requiredField); e != nil {
		return e
	}
	if e := checkRef(sc, rec, "categoryid", Categories, "Category"); e != nil {
		return e
	}
	// The staff member and the client must exist when the expense is
	// made; later updates leave them be, even if since deleted [INF].
	if creating {
		if e := checkRef(sc, rec, "staffid", tblStaff, "Staff"); e != nil {
			return e
		}
		if !engine.Blank(rec["clientid"]) {
			if e := checkRef(sc, rec, "clientid", "clients", "Client"); e != nil {
				return e
			}
		}
	}
	if e := check(rec, []string{"taxPercent1", "taxPercent2", "markup_percent"}, []string{"amount", "taxAmount1", "taxAmount2"},
		[]string{"date"}, []string{"projectid", "clientid", "status"}, []string{"billable", "has_receipt", "include_receipt", "compounded_tax", "is_cogs"}); e != nil {
		return e
	}
	if st, _ := asInt(rec["status"]); st < 0 || st > 3 {
		return engine.Invalid("status", rec["status"])
	}
	return checkAttachment(sc, rec)
}

func deriveExpense(sc *engine.Scope, rec engine.Record) {
	amount, code, _ := asMoney(rec["amount"])
	code = cmp.Or(code, sc.Business.Currency)
	rec["amount"] = engine.Money(amount, code)
	rec["_amount"] = amount.String()
	defaults(rec, map[string]any{
		"vendor": "", "notes": "", "markup_percent": "0", "billable": false, "has_receipt": false, "include_receipt": false,
		"compounded_tax": false, "isduplicate": false, "clientid": engine.Num(0), "projectid": engine.Num(0), "invoiceid": nil, "profileid": nil,
		"transactionid": nil, "bank_name": nil, "accountid": nil, "account_name": nil, "bill_matches": []any{},
		"potential_bill_payment": false, "from_bulk_import": false, "background_jobid": nil, "ext_accountid": nil,
		"ext_invoiceid": engine.Num(0), "ext_systemid": engine.Num(0), "converse_projectid": nil, "modern_projectid": nil,
		"taxName1": "", "taxName2": "", "taxPercent1": nil, "taxPercent2": nil, "taxAmount1": nil, "taxAmount2": nil,
		"attachment": nil,
	})
	if _, ok := rec["is_cogs"]; !ok {
		cat, _ := existing(sc, Categories, rec["categoryid"])
		rec["is_cogs"] = cat != nil && cat["is_cogs"] == true
	}
	// Taxes [INF]: a tax percentage makes the tax amount, taken on the
	// expense's amount; without one, a tax amount given is kept.
	for _, n := range []string{"1", "2"} {
		if pct, ok := engine.DecimalOf(rec["taxPercent"+n]); ok {
			rec["taxAmount"+n] = engine.Money(amount.Mul(pct).Div(decimal.NewFromInt(100)).Round(2), code)
		} else if d, _, ok := asMoney(rec["taxAmount"+n]); ok {
			rec["taxAmount"+n] = engine.Money(d, code)
		}
	}
	// Status [INF]: internal unless billable to a client; invoiced and
	// recouped are kept once reached.
	if st, _ := asInt(rec["status"]); st < 2 {
		st = 0
		if client, _ := asInt(rec["clientid"]); client != 0 && rec["billable"] == true {
			st = 1
		}
		rec["status"] = engine.Num(st)
	}
	attachTo(sc, rec)
	if rec["attachment"] != nil {
		rec["has_receipt"] = true
	}
	rec["version"] = sc.Now().In(engine.Eastern()).Format("2006-01-02 15:04:05.000000")
}

func viewExpense(sc *engine.Scope, rec engine.Record, includes []string) {
	if slices.Contains(includes, "category") {
		if cat, _ := existing(sc, Categories, rec["categoryid"]); cat != nil {
			rec["category"] = sc.Render(sc.Named(Categories), cat, nil)
		} else {
			rec["category"] = nil
		}
	}
}
