package expenses

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

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

// expenseBehaviours are what expenses, expense categories, bills, bill
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

// ---------------------------------------------------------------------------
// Seed data

// expenseCategoryTree is the set of categories FreshBooks gives every
// account (a realistic selection; FreshBooks' own list is longer).
// Subcategories inherit is_cogs from their parent.
var expenseCategoryTree = []struct {
	name     string
	cogs     bool
	children []string
}{
	{"Advertising", false, nil},
	{"Car & Truck", false, []string{"Gas", "Mileage", "Parking", "Vehicle Insurance", "Vehicle Repairs"}},
	{"Contract Labor", false, nil},
	{"Cost of Goods Sold", true, []string{"Materials", "Inventory Purchases", "Freight & Delivery"}},
	{"Education and Training", false, nil},
	{"Employee Benefits", false, []string{"Accident Insurance", "Health Insurance", "Life Insurance"}},
	{"Meals and Entertainment", false, []string{"Entertainment", "Restaurants/Dining"}},
	{"Office Expenses & Postage", false, []string{"Hardware", "Office Supplies", "Packaging", "Postage", "Printing",
		"Shipping & Couriers", "Software", "Stationery"}},
	{"Other Expenses", false, []string{"Bank Fees", "Business Insurance", "Commissions", "Depreciation", "Interest - Mortgage",
		"Interest - Other", "Online Services", "Reference Materials", "Repairs & Maintenance",
		"Subscriptions/Dues/Memberships", "Taxes & Licenses", "Wages"}},
	{"Personal", false, nil},
	{"Professional Services", false, []string{"Accounting", "Legal Fees"}},
	{"Rent or Lease", false, []string{"Equipment", "Machinery", "Office Space", "Vehicles"}},
	{"Supplies", false, nil},
	{"Travel", false, []string{"Airfare", "Hotel/Lodging/Accommodation", "Taxi & Parking"}},
	{"Utilities", false, []string{"Gas & Electrical", "Phone"}},
}

// seedExpenses gives every account its categories, staff, system and
// gateways.
func Seed(s *engine.Engine) {
	s.Lock()
	defer s.Unlock()
	for _, b := range s.Businesses {
		seedExpenseAccount(s, b)
	}
}

// seedExpenseAccount gives an account its categories, staff, system and
// gateways. Callers hold s.mu.
func seedExpenseAccount(s *engine.Engine, b *engine.Business) {
	key := "acct:" + b.AccountID
	now := s.Now()
	stamp := now.In(engine.Eastern()).Format(time.DateTime)

	cats := s.Table(key, Categories)
	add := func(name string, parent json.Number, cogs bool) json.Number {
		rec := engine.Record{"category": name, "parentid": nil, "is_cogs": cogs, "is_editable": false, "transaction_posted": false,
			"created_at": stamp, "updated_at": stamp, "vis_state": json.Number("0")}
		if parent != "" {
			rec["parentid"] = parent
		}
		id := engine.Num(cats.Insert(rec))
		rec["id"], rec["categoryid"] = id, id
		return id
	}
	for _, c := range expenseCategoryTree {
		parent := add(c.name, "", c.cogs)
		for _, child := range c.children {
			add(child, parent, c.cogs)
		}
	}

	// Staff: the owner is 1, then everyone else with a role, in the order
	// of the identities.
	type person struct {
		p    *engine.Identity
		role string
	}
	var people []person
	for _, p := range s.Identities {
		for _, m := range p.Memberships {
			if m.Business != b || m.Role == "client" {
				continue
			}
			if m.Role == "owner" {
				people = append([]person{{p, m.Role}}, people...)
			} else {
				people = append(people, person{p, m.Role})
			}
		}
	}
	staff := s.Table(key, tblStaff)
	for i, pp := range people {
		id := engine.Num(int64(i + 1))
		level := 1 // [INF] 0 for the owner, 1 for others
		if pp.role == "owner" {
			level = 0
		}
		staff.Put(int64(i+1), engine.Record{
			"id": id, "userid": id, "accounting_systemid": b.AccountID,
			"fname": pp.p.FirstName, "lname": pp.p.LastName, "display_name": pp.p.FirstName + " " + pp.p.LastName,
			"email": pp.p.Email, "username": pp.p.Email, "organization": b.Name,
			"bus_phone": "", "home_phone": "", "mob_phone": "", "fax": "", "note": "",
			"p_street": "", "p_street2": "", "p_city": "", "p_province": "", "p_code": "", "p_country": "",
			"rate": "0.00", "currency_code": b.Currency, "language": "en", "level": engine.Num(int64(level)), "num_logins": engine.Num(0),
			"api_token": nil, "last_login": nil, "signup_date": pp.p.CreatedAt.UTC().Format(time.DateTime),
			"updated": stamp, "vis_state": json.Number("0"),
		})
	}

	owner := ""
	if len(people) > 0 {
		owner = people[0].p.Email
	}
	sysID := b.ID + 11 // the systemid of the identity's roles entry (identity.go)
	s.Table(key, tblSystems).Put(sysID, engine.Record{
		"id": engine.Num(sysID), "accounting_systemid": b.AccountID, "name": b.Name, "email": owner, "phone": b.Phone,
		"street": b.Street, "street2": "", "city": b.City, "province": b.Province, "code": b.PostalCode, "country": b.Country,
		"currency_code": b.Currency, "language": "en", "date_format": b.DateFormat, "timezone": b.Timezone, "updated": stamp,
	})

	gw := s.Table(key, tblGateways)
	for _, g := range []struct {
		kind int64
		name string
	}{{26, "Stripe"}, {7, "PayPal"}} {
		rec := engine.Record{"gatewayid": engine.Num(g.kind), "gateway_name": g.name, "vis_state": json.Number("0")}
		rec["id"] = engine.Num(gw.Insert(rec))
	}
}

// removeGateway disconnects a gateway. It leaves the lists; the answer
// is the accounting family's empty success, as for taxes [INF]. The
// record is kept with vis_state 1 [INF], so that a durable sandbox, which
// seeds gateways again on start before loading its data, does not bring
// it back.
func removeGateway(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sp := sc.Named(tblGateways)
	sc.Lock()
	defer sc.Unlock()
	id, rec, e := sc.Lookup(sp, r)
	if e != nil {
		return e
	}
	if rec.Str("vis_state") == "1" {
		return engine.NotFound(sp, r.PathValue("id"))
	}
	next := rec.Clone()
	next["vis_state"] = json.Number("1")
	if err := sc.Save(sp.Name, id, next); err != nil {
		return engine.StorageError(err)
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"response": map[string]any{}})
	return nil
}

// ---------------------------------------------------------------------------
// Values

// asMoney reads a money object {"amount": "1.00", "code": "USD"}; code
// may be absent.
func asMoney(v any) (decimal.Decimal, string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return decimal.Decimal{}, "", false
	}
	d, ok := engine.DecimalOf(m["amount"])
	if !ok {
		return decimal.Decimal{}, "", false
	}
	code, isStr := m["code"].(string)
	if m["code"] != nil && !isStr {
		return decimal.Decimal{}, "", false
	}
	return d, code, true
}

// asInt reads an integer from a JSON number or a string of digits.
func asInt(v any) (int64, bool) {
	switch v := v.(type) {
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n, err == nil
	case int64:
		return v, true
	case int:
		return int64(v), true
	}
	return 0, false
}

// asDate reads a YYYY-MM-DD date.
func asDate(v any) (time.Time, bool) {
	str, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, str)
	return t, err == nil
}

// requiredField is FreshBooks' answer to a missing field: errno 1001
// RequiredField; the message follows "'payment_type' is a required
// field.", seen live on bill payments.
func requiredField(field string) *engine.Error {
	return engine.Validation(1001, field, "'"+field+"' is a required field.")
}

// unknownRef reports a reference to a record that does not exist:
// errno 1012 UnknownResource, as a 422 on the write [INF status].
func unknownRef(field, noun string, v any) *engine.Error {
	e := engine.Validation(1012, field, noun+" not found.")
	e.Value = engine.Record{"v": v}.Str("v")
	return e
}

// deletedRef reports a reference to a deleted record: errno 1011
// DeletedResource.
func deletedRef(field string, v any) *engine.Error {
	e := engine.Validation(1011, field, "The resource referred to in the request is deleted.")
	e.Value = engine.Record{"v": v}.Str("v")
	return e
}

// existing finds a record of table by the id in v; deleted tells whether
// it is deleted.
func existing(sc *engine.Scope, table string, v any) (rec engine.Record, deleted bool) {
	id, ok := asInt(v)
	if !ok {
		return nil, false
	}
	rec = sc.Table(table).ByID[id]
	return rec, rec != nil && rec.Str("vis_state") == "1"
}

// checkRef checks an id member that must name a live record.
func checkRef(sc *engine.Scope, rec engine.Record, field, table, noun string) *engine.Error {
	if _, ok := asInt(rec[field]); !ok {
		return engine.Invalid(field, rec[field])
	}
	ref, deleted := existing(sc, table, rec[field])
	switch {
	case ref == nil:
		return unknownRef(field, noun, rec[field])
	case deleted:
		return deletedRef(field, rec[field])
	}
	return nil
}

// check checks members that may be absent or null but must parse.
func check(rec engine.Record, decimals, monies, dates, ints, bools []string) *engine.Error {
	for _, k := range decimals {
		if rec[k] != nil {
			if _, ok := engine.DecimalOf(rec[k]); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	for _, k := range monies {
		if rec[k] != nil {
			if _, _, ok := asMoney(rec[k]); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	for _, k := range dates {
		if rec[k] != nil {
			if _, ok := asDate(rec[k]); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	for _, k := range ints {
		if rec[k] != nil {
			if _, ok := asInt(rec[k]); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	for _, k := range bools {
		if rec[k] != nil {
			if _, ok := rec[k].(bool); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	return nil
}

// checkAttachment checks an attachment write: {"jwt": "...", "media_type": "..."}.
// A token the sandbox issued for another account's upload (or for an
// image) is refused: one business cannot attach another's file [INF:
// FreshBooks' answer is not captured]. A token the sandbox never issued
// is taken as given, as the SDK tests' made-up receipts are.
func checkAttachment(sc *engine.Scope, rec engine.Record) *engine.Error {
	switch a := rec["attachment"].(type) {
	case nil:
		return nil
	case map[string]any:
		jwt, _ := a["jwt"].(string)
		if jwt == "" {
			break
		}
		claims, issued := sc.ReadToken(jwt)
		if issued && (engine.Record(claims).Str("account") != sc.Business.AccountID || engine.Record(claims).Str("kind") != "attachments") {
			// The value is not echoed: the token is the file's capability.
			return engine.Validation(1004, "attachment", "Invalid value for field 'attachment'.")
		}
		return nil
	}
	return engine.Invalid("attachment", rec["attachment"])
}

// attachTo gives a newly attached file its ids.
func attachTo(sc *engine.Scope, rec engine.Record) {
	a, ok := rec["attachment"].(map[string]any)
	if !ok || a["attachmentid"] != nil {
		return
	}
	id := engine.Num(nextID(sc, tblAttach, engine.Record{"jwt": a["jwt"]}))
	a["id"], a["attachmentid"] = id, id
	if a["media_type"] == nil {
		a["media_type"] = "application/octet-stream"
	}
}

// nextID takes the next id of a sequence kept as a table of small
// records, stored like any other so that ids do not repeat after a
// durable sandbox restarts. Callers hold s.mu.
func nextID(sc *engine.Scope, table string, rec engine.Record) int64 {
	id := sc.Table(table).Insert(rec)
	_ = sc.Save(table, id, rec) // a failed write only risks reusing the id after a restart
	return id
}

// defaults sets members that are absent.
func defaults(rec engine.Record, kv map[string]any) {
	for k, v := range kv {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
}

// ---------------------------------------------------------------------------
// Expenses

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

// ---------------------------------------------------------------------------
// Bill vendors

func validateVendor(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if engine.Blank(rec["vendor_name"]) {
		return requiredField("vendor_name") // [INF]
	}
	if e := check(rec, nil, nil, nil, nil, []string{"is_1099"}); e != nil {
		return e
	}
	if rec["tax_defaults"] != nil {
		taxes, ok := rec["tax_defaults"].([]any)
		if !ok {
			return engine.Invalid("tax_defaults", rec["tax_defaults"])
		}
		for _, t := range taxes {
			tm, ok := t.(map[string]any)
			if !ok {
				return engine.Invalid("tax_defaults", t)
			}
			if e := check(tm, []string{"amount"}, nil, nil, []string{"system_taxid"}, []string{"enabled"}); e != nil {
				return e
			}
		}
	}
	return nil
}

func deriveVendor(sc *engine.Scope, rec engine.Record) {
	defaults(rec, map[string]any{
		"account_number": "", "street": "", "street2": "", "city": "", "province": "", "postal_code": "", "country": "",
		"phone": "", "website": "", "currency_code": sc.Business.Currency, "language": "en", "note": "", "is_1099": false,
		"primary_contact_email": "", "primary_contact_first_name": "", "primary_contact_last_name": "", "tax_defaults": []any{},
	})
	now := sc.UTCNow()
	taxes, _ := rec["tax_defaults"].([]any)
	for _, t := range taxes {
		tm, _ := t.(map[string]any)
		if tm == nil {
			continue
		}
		if tm["tax_defaultid"] == nil {
			tm["tax_defaultid"] = engine.Num(nextID(sc, "bill_vendor_taxes", engine.Record{"vendorid": rec["vendorid"]}))
			tm["created_at"] = now
		}
		tm["vendorid"] = rec["vendorid"]
		tm["updated_at"] = now
		defaults(tm, map[string]any{"enabled": true, "name": "", "amount": "0", "system_taxid": nil})
	}
	delete(rec, "outstanding_balance") // computed in the view
	delete(rec, "overdue_balance")
	if rec["created_at"] == nil {
		rec["created_at"] = now
	}
	rec["updated_at"] = now
}

// viewVendor adds the vendor's balances, one entry per currency, from its
// bills that are not deleted [INF shape: money objects].
func viewVendor(sc *engine.Scope, rec engine.Record, _ []string) {
	type sums struct{ outstanding, overdue decimal.Decimal }
	var codes []string
	by := map[string]*sums{}
	bills := sc.Table(tblBills)
	for _, id := range bills.IDs {
		b := bills.ByID[id]
		if b.Str("vendorid") != rec.Str("vendorid") || b.Str("vis_state") == "1" {
			continue
		}
		b = b.Clone()
		settleBill(sc, b)
		out, code, _ := asMoney(b["outstanding"])
		if by[code] == nil {
			by[code] = &sums{}
			codes = append(codes, code)
		}
		by[code].outstanding = by[code].outstanding.Add(out)
		if b.Str("status") == "overdue" {
			by[code].overdue = by[code].overdue.Add(out)
		}
	}
	outstanding, overdue := []any{}, []any{}
	for _, c := range codes {
		outstanding = append(outstanding, engine.Money(by[c].outstanding, c))
		overdue = append(overdue, engine.Money(by[c].overdue, c))
	}
	rec["outstanding_balance"], rec["overdue_balance"] = outstanding, overdue
}

// ---------------------------------------------------------------------------
// Bills

// beforeBill keeps bill statuses current before reads (a bill becomes
// overdue as days pass) and refuses writes of the read-only due_date, as
// FreshBooks does for invoices: 403 errno 1038 WriteAccessDenied [INF for
// bills; message inferred].
func beforeBill(sc *engine.Scope, w http.ResponseWriter, r *http.Request, _ engine.Op) *engine.Error {
	switch r.Method {
	case http.MethodGet:
		sc.Lock()
		refreshBills(sc)
		sc.Unlock()
	case http.MethodPut:
		in, e := engine.PeekBody(w, r, "bill", nil)
		if e != nil {
			return e
		}
		if _, vis := in["vis_state"]; !vis {
			if _, ok := in["due_date"]; ok {
				return dueDateDenied()
			}
		}
	}
	return nil
}

func dueDateDenied() *engine.Error {
	return &engine.Error{Status: http.StatusForbidden, Errno: 1038, Field: "due_date", Message: "Write access denied to field due_date."}
}

func validateBill(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if _, ok := rec["due_date"]; ok && creating {
		return dueDateDenied()
	}
	if engine.Blank(rec["vendorid"]) {
		return requiredField("vendorid")
	}
	// A bill is made for a live vendor; one whose vendor was deleted
	// since may still be changed [INF].
	if e := checkRef(sc, rec, "vendorid", tblVendors, "Bill vendor"); e != nil && (creating || e.Errno != 1011) {
		return e
	}
	if engine.Blank(rec["issue_date"]) {
		return requiredField("issue_date")
	}
	if e := check(rec, nil, nil, []string{"issue_date"}, []string{"due_offset_days"}, nil); e != nil {
		return e
	}
	if days, _ := asInt(rec["due_offset_days"]); days < 0 || days > 36500 {
		return engine.Invalid("due_offset_days", rec["due_offset_days"])
	}
	if c, ok := rec["currency_code"]; ok && c != nil {
		if code, _ := c.(string); len(code) != 3 {
			return engine.Invalid("currency_code", c)
		}
	}
	lines, ok := rec["lines"].([]any)
	if rec["lines"] != nil && !ok {
		return engine.Invalid("lines", rec["lines"])
	}
	if len(lines) == 0 {
		return requiredField("lines") // [INF] a bill needs a line
	}
	for _, l := range lines {
		line, ok := l.(map[string]any)
		if !ok {
			return engine.Invalid("lines", l)
		}
		if engine.Blank(line["categoryid"]) {
			return requiredField("categoryid")
		}
		if e := checkRef(sc, line, "categoryid", Categories, "Category"); e != nil {
			return e
		}
		if e := check(line, []string{"quantity", "tax_percent1", "tax_percent2"}, []string{"unit_cost"}, nil,
			[]string{"list_index", "tax_authorityid1", "tax_authorityid2"}, nil); e != nil {
			return e
		}
	}
	return checkAttachment(sc, rec)
}

// deriveBill computes a bill's money from its lines and payments:
// amount = quantity × unit cost per line, taxes from the lines' tax
// percentages, each rounded to cents [INF rounding: half away from zero].
func deriveBill(sc *engine.Scope, rec engine.Record) {
	vendor, _ := existing(sc, tblVendors, rec["vendorid"])
	code, _ := rec["currency_code"].(string)
	if code == "" && vendor != nil {
		code, _ = vendor["currency_code"].(string)
	}
	code = cmp.Or(code, sc.Business.Currency)
	rec["currency_code"] = code
	defaults(rec, map[string]any{"language": "en", "bill_number": "", "overall_description": "", "attachment": nil, "due_offset_days": engine.Num(0)})

	hundred := decimal.NewFromInt(100)
	var subtotal, taxes decimal.Decimal
	lines, _ := rec["lines"].([]any)
	var catIDs []string
	for i, l := range lines {
		line, _ := l.(map[string]any)
		if line == nil {
			continue
		}
		delete(line, "category") // embedded by the view
		qty, ok := engine.DecimalOf(line["quantity"])
		if !ok {
			qty = decimal.NewFromInt(1)
			line["quantity"] = "1"
		}
		unit, _, _ := asMoney(line["unit_cost"])
		amount := qty.Mul(unit).Round(2)
		total := amount
		for _, n := range []string{"1", "2"} {
			defaults(line, map[string]any{"tax_name" + n: "", "tax_authorityid" + n: nil})
			pct, ok := engine.DecimalOf(line["tax_percent"+n])
			if !ok {
				line["tax_percent"+n], line["tax_amount"+n] = nil, nil
				continue
			}
			tax := amount.Mul(pct).Div(hundred).Round(2)
			line["tax_amount"+n] = engine.Money(tax, code)
			total = total.Add(tax)
			taxes = taxes.Add(tax)
		}
		line["unit_cost"] = engine.Money(unit, code)
		line["amount"] = engine.Money(amount, code)
		line["total_amount"] = engine.Money(total, code)
		if line["list_index"] == nil {
			line["list_index"] = engine.Num(int64(i + 1))
		}
		defaults(line, map[string]any{"description": ""})
		subtotal = subtotal.Add(amount)
		if id := engine.Record(line).Str("categoryid"); !slices.Contains(catIDs, id) {
			catIDs = append(catIDs, id)
		}
	}
	rec["amount"] = engine.Money(subtotal, code)
	rec["tax_amount"] = engine.Money(taxes, code)
	rec["total_amount"] = engine.Money(subtotal.Add(taxes), code)
	rec["_total"] = subtotal.Add(taxes).String()
	// [INF] the overall category is the lines' category when they share
	// one.
	switch {
	case len(catIDs) == 1:
		cat, _ := existing(sc, Categories, json.Number(catIDs[0]))
		if cat != nil {
			rec["overall_category"] = cat["category"]
		}
	case len(catIDs) > 1:
		rec["overall_category"] = "Split"
	}

	issue, _ := asDate(rec["issue_date"])
	days, _ := asInt(rec["due_offset_days"])
	rec["due_date"] = issue.AddDate(0, 0, int(days)).Format(time.DateOnly)
	delete(rec, "vendor") // embedded by the view
	delete(rec, "bill_payments")
	attachTo(sc, rec)
	settleBill(sc, rec)
	now := sc.UTCNow()
	if rec["created_at"] == nil {
		rec["created_at"] = now
	}
	rec["updated_at"] = now
}

// settle sets a bill's paid, outstanding and status from its payments
// that are not deleted. Status [INF]: paid once nothing is outstanding;
// overdue when something is after the due date; else partial once
// something is paid; else unpaid.
func settleBill(sc *engine.Scope, bill engine.Record) {
	code := bill.Str("currency_code")
	total, _, _ := asMoney(bill["total_amount"])
	paid := paidOn(sc, bill.Str("id"), "")
	outstanding := total.Sub(paid)
	bill["paid"] = engine.Money(paid, code)
	bill["outstanding"] = engine.Money(outstanding, code)
	status := "unpaid"
	switch {
	case outstanding.Sign() <= 0:
		status = "paid"
	case bill.Str("due_date") < sc.Today():
		status = "overdue"
	case paid.Sign() > 0:
		status = "partial"
	}
	bill["status"] = status
}

// paidOn sums the live payments of a bill, leaving out payment except.
func paidOn(sc *engine.Scope, billID, except string) decimal.Decimal {
	var paid decimal.Decimal
	pays := sc.Table(tblBillPays)
	for _, id := range pays.IDs {
		p := pays.ByID[id]
		if p.Str("billid") != billID || p.Str("vis_state") == "1" || p.Str("id") == except {
			continue
		}
		amount, _, _ := asMoney(p["amount"])
		paid = paid.Add(amount)
	}
	return paid
}

// refreshBills brings stored bills up to date with their payments and the
// date, so that lists filter on current statuses. A change of what was
// paid is an update of the bill. Callers hold s.mu.
func refreshBills(sc *engine.Scope) {
	t := sc.Table(tblBills)
	for _, id := range t.IDs {
		old := t.ByID[id]
		next := old.Clone()
		settleBill(sc, next)
		if next.Str("status") == old.Str("status") && next.Str("paid") == old.Str("paid") {
			continue
		}
		if next.Str("paid") != old.Str("paid") {
			next["updated_at"] = sc.UTCNow()
		}
		_ = sc.Save(tblBills, id, next) // a failed write leaves the stale record, settled again on the next read
	}
}

func viewBill(sc *engine.Scope, rec engine.Record, _ []string) {
	settleBill(sc, rec)
	if vendor, _ := existing(sc, tblVendors, rec["vendorid"]); vendor != nil {
		rec["vendor"] = sc.Render(sc.Named(tblVendors), vendor, nil)
	}
	pays := sc.Table(tblBillPays)
	list := []any{}
	for _, id := range pays.IDs {
		if p := pays.ByID[id]; p.Str("billid") == rec.Str("id") && p.Str("vis_state") != "1" {
			list = append(list, sc.Render(sc.Named(tblBillPays), p, nil))
		}
	}
	rec["bill_payments"] = list
	lines, _ := rec["lines"].([]any)
	for _, l := range lines {
		if line, ok := l.(map[string]any); ok {
			if cat, _ := existing(sc, Categories, line["categoryid"]); cat != nil {
				line["category"] = sc.Render(sc.Named(Categories), cat, nil)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Bill payments

// paymentTypes are the payment types FreshBooks accepts, those of invoice
// payments (freshbooks-api.md §4.1.3).
var paymentTypes = []string{"Check", "Credit", "Cash", "Bank Transfer", "Credit Card", "Debit", "PayPal", "2Checkout",
	"VISA", "MASTERCARD", "DISCOVER", "AMEX", "DINERS", "JCB", "ACH", "Other"}

func validateBillPayment(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if engine.Blank(rec["billid"]) {
		return requiredField("billid")
	}
	if e := checkRef(sc, rec, "billid", tblBills, "Bill"); e != nil {
		return e
	}
	if engine.Blank(rec["payment_type"]) {
		return requiredField("payment_type")
	}
	if pt, ok := rec["payment_type"].(string); !ok || !slices.Contains(paymentTypes, pt) {
		return engine.Invalid("payment_type", rec["payment_type"]) // [INF] FreshBooks' answer to an unknown type
	}
	if rec["amount"] == nil {
		return requiredField("amount") // [INF]
	}
	if e := check(rec, nil, []string{"amount"}, []string{"paid_date"}, nil, nil); e != nil {
		return e
	}
	bill, _ := existing(sc, tblBills, rec["billid"])
	amount, code, _ := asMoney(rec["amount"])
	if code != "" && code != bill.Str("currency_code") {
		return engine.Invalid("amount", rec["amount"]) // [INF] a payment is in its bill's currency
	}
	// [INF] a payment must be positive and may not exceed what is
	// outstanding on the bill, this payment's earlier amount aside.
	total, _, _ := asMoney(bill["total_amount"])
	left := total.Sub(paidOn(sc, bill.Str("id"), rec.Str("id")))
	if amount.Sign() <= 0 {
		return engine.Invalid("amount", rec["amount"])
	}
	if amount.GreaterThan(left) {
		e := engine.Validation(1004, "amount", "The payment amount exceeds the amount outstanding on the bill.")
		e.Value = engine.AmountText(amount)
		return e
	}
	return nil
}

func deriveBillPayment(sc *engine.Scope, rec engine.Record) {
	bill, _ := existing(sc, tblBills, rec["billid"])
	amount, _, _ := asMoney(rec["amount"])
	rec["amount"] = engine.Money(amount, cmp.Or(bill.Str("currency_code"), sc.Business.Currency))
	defaults(rec, map[string]any{"paid_date": sc.Today(), "note": ""})
}

// afterBillPayment settles the bills after any change of a payment.
func afterBillPayment(sc *engine.Scope, r *http.Request, _ engine.Op, _ int64) {
	if r.Method == http.MethodGet {
		return
	}
	sc.Lock()
	refreshBills(sc)
	sc.Unlock()
}

// ---------------------------------------------------------------------------
// Other income

var incomeCategories = []string{"advertising", "in_person_sales", "online_sales", "rentals", "other"}

// beforeIncome insists on amount and date in every update, as FreshBooks
// does (a live report; FreshBooks answers "There was an error accessing
// your account data.", with a status not recorded). The sandbox answers
// its usual required-field error [INF].
func beforeIncome(sc *engine.Scope, w http.ResponseWriter, r *http.Request, _ engine.Op) *engine.Error {
	if r.Method != http.MethodPut {
		return nil
	}
	in, e := engine.PeekBody(w, r, "other_income", nil)
	if e != nil {
		return e
	}
	if _, vis := in["vis_state"]; vis {
		return nil
	}
	for _, k := range []string{"amount", "date"} {
		if in[k] == nil {
			return requiredField(k)
		}
	}
	return nil
}

func validateIncome(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if e := engine.Missing(rec, []string{"amount", "date"}, requiredField); e != nil {
		return e
	}
	if e := check(rec, nil, []string{"amount"}, []string{"date"}, []string{"sourceid", "userid"}, nil); e != nil {
		return e
	}
	if c, ok := rec["category_name"]; ok && c != nil {
		if name, _ := c.(string); !slices.Contains(incomeCategories, name) {
			return engine.Invalid("category_name", c)
		}
	}
	if pt, ok := rec["payment_type"]; ok && pt != nil {
		if _, isStr := pt.(string); !isStr {
			return engine.Invalid("payment_type", pt)
		}
	}
	if rec["taxes"] != nil {
		taxes, ok := rec["taxes"].([]any)
		if !ok {
			return engine.Invalid("taxes", rec["taxes"])
		}
		for _, t := range taxes {
			tm, ok := t.(map[string]any)
			if !ok {
				return engine.Invalid("taxes", t)
			}
			if e := check(tm, []string{"amount"}, nil, nil, nil, nil); e != nil {
				return e
			}
		}
	}
	return nil
}

func deriveIncome(sc *engine.Scope, rec engine.Record) {
	amount, code, _ := asMoney(rec["amount"])
	rec["amount"] = engine.Money(amount, cmp.Or(code, sc.Business.Currency))
	defaults(rec, map[string]any{"category_name": "other", "note": "", "payment_type": "", "source": "", "sourceid": nil,
		"taxes": []any{}, "userid": engine.Num(1)}) // [INF] recorded by the owner, staff 1
	now := sc.EasternNow() // [INF] Eastern, as accounting timestamps are
	if rec["created_at"] == nil {
		rec["created_at"] = now
	}
	rec["updated_at"] = now
}

// ---------------------------------------------------------------------------
// Tasks

func validateTask(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if engine.Blank(rec["name"]) && engine.Blank(rec["tname"]) {
		return requiredField("name") // [INF]
	}
	if _, ok := rec["name"].(string); rec["name"] != nil && !ok {
		return engine.Invalid("name", rec["name"])
	}
	return check(rec, nil, []string{"rate"}, nil, []string{"tax1", "tax2"}, []string{"billable"})
}

// deriveTask keeps the twin members in step: name and tname, description
// and tdesc; name and description win [INF].
func deriveTask(sc *engine.Scope, rec engine.Record) {
	if engine.Blank(rec["name"]) {
		rec["name"] = rec["tname"]
	}
	if rec["description"] == nil {
		rec["description"] = rec.Str("tdesc")
	}
	rec["tname"], rec["tdesc"] = rec["name"], rec["description"]
	rate, code, ok := asMoney(rec["rate"])
	if !ok {
		rate = decimal.Zero
	}
	rec["rate"] = engine.Money(rate, cmp.Or(code, sc.Business.Currency))
	defaults(rec, map[string]any{"billable": true, "tax1": engine.Num(0), "tax2": engine.Num(0)}) // [INF] billable by default
}
