package ledger

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Ledger accounts (freshbooks-api.md §4.2): the chart of accounts, under
// /accounting/businesses/{business_uuid}/ledger_accounts/accounts, with
// bare bodies, {"data": ...} answers, no paging, no delete, and errors in
// the ledger's {"errors": {"message", "status", "details"}} shape.

// ledgerSubType is one account sub-type. The names "Cash & Bank",
// "Current Asset", "Current Liability", "Equity" and "Property, Plant,
// and Equipment" are captured (freshbooks-api.md §4.2); the rest of the
// list, the ids and the base numbers are [INF].
type ledgerSubType struct {
	id         int64
	typ, name  string
	baseNumber int
}

var ledgerSubTypes = []ledgerSubType{
	{1, "asset", "Cash & Bank", 1000},
	{2, "asset", "Current Asset", 1200},
	{3, "asset", "Property, Plant, and Equipment", 1500},
	{4, "asset", "Long Term Asset", 1800},
	{5, "liability", "Current Liability", 2000},
	{6, "liability", "Long Term Liability", 2500},
	{7, "equity", "Equity", 3000},
	{8, "income", "Income", 4000},
	{9, "income", "Other Income", 4500},
	{10, "expense", "Cost of Goods Sold", 5000},
	{11, "expense", "Operating Expense", 6000},
	{12, "expense", "Other Expense", 8000},
}

func subTypeNamed(name string) *ledgerSubType {
	for i := range ledgerSubTypes {
		if ledgerSubTypes[i].name == name {
			return &ledgerSubTypes[i]
		}
	}
	return nil
}

func (t ledgerSubType) json() map[string]any {
	return map[string]any{"id": t.id, "type": t.typ, "name": t.name, "base_number": t.baseNumber}
}

// SeedChart is the chart every business starts with: the system accounts
// FreshBooks relies on (with system_account_name) and a few common ones,
// sub-accounts numbered "<parent>-<n>" as in the python-sdk fixture
// [INF: FreshBooks' own default chart is not captured].
var SeedChart = []struct {
	number, name, subType, system, description string
}{
	{"1000", "Cash", "Cash & Bank", "Cash", "Money in the business's bank accounts"},
	{"1000-1", "Petty Cash", "Cash & Bank", "", "Cash kept on hand for small expenses"},
	{"1200", "Accounts Receivable", "Current Asset", "Accounts Receivable", "Money clients owe the business"},
	{"1500", "Equipment", "Property, Plant, and Equipment", "", "Computers, tools and furniture"},
	{"2000", "Accounts Payable", "Current Liability", "Accounts Payable", "Money the business owes its vendors"},
	{"2100", "Sales Taxes Payable", "Current Liability", "Sales Taxes Payable", "Sales taxes collected and not yet paid"},
	{"3000", "Owner's Equity", "Equity", "Owner's Equity", "The owner's stake in the business"},
	{"3000-1", "Owner Investment", "Equity", "", "Money the owner put into the business"},
	{"3000-2", "Owner Drawings", "Equity", "", "Money the owner took out of the business"},
	{"3100", "Retained Earnings", "Equity", "Retained Earnings", "Profits kept in the business"},
	{"4000", "Sales", "Income", "Sales", "Income from invoices"},
	{"4500", "Other Income", "Other Income", "Other Income", "Income from other sources"},
	{"5000", "Cost of Goods Sold", "Cost of Goods Sold", "Cost of Goods Sold", "Direct costs of what the business sells"},
	{"6000", "Expenses", "Operating Expense", "Expenses", "Costs of running the business"},
	{"6000-1", "Advertising", "Operating Expense", "", ""},
	{"6000-2", "Office Expenses", "Operating Expense", "", ""},
	{"6000-3", "Rent", "Operating Expense", "", ""},
	{"6000-4", "Travel", "Operating Expense", "", ""},
	{"6000-5", "Meals and Entertainment", "Operating Expense", "", ""},
}

// ledgerTime writes the ledger's timestamps: UTC with microseconds.
func ledgerTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// ledgerTable returns a business's chart, made on first use (the same
// chart every time, so it does not matter when). Callers hold s.mu.
func ledgerTable(sc *engine.Scope) (*engine.Collection, error) {
	t := sc.Table("ledger_accounts")
	if len(t.IDs) > 0 {
		return t, nil
	}
	at := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	byNumber := map[string]engine.Record{}
	for i, a := range SeedChart {
		st := subTypeNamed(a.subType)
		rec := engine.Record{"uuid": engine.StableUUID(sc.Business.UUID + "/" + a.number), "name": a.name, "number": a.number,
			"description": a.description, "type": st.typ, "sub_type": st.name, "system_account_name": nil,
			"parent_account": nil, "sub_accounts": []any{}, "auto_created": a.system != "", "state": "active",
			"updated_at": ledgerTime(at.Add(time.Duration(i*1733) * time.Microsecond))}
		if a.system != "" {
			rec["system_account_name"] = a.system
		}
		if parent, _, ok := strings.Cut(a.number, "-"); ok && byNumber[parent] != nil {
			p := byNumber[parent]
			rec["parent_account"] = p["uuid"]
			p["sub_accounts"] = append(p["sub_accounts"].([]any), rec["uuid"])
		}
		byNumber[a.number] = rec
	}
	for i, a := range SeedChart {
		if err := sc.Save("ledger_accounts", int64(i+1), byNumber[a.number].Clone()); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// ledgerByUUID finds an account. Callers hold s.mu.
func ledgerByUUID(t *engine.Collection, uuid string) (int64, engine.Record) {
	for _, id := range t.IDs {
		if t.ByID[id].Str("uuid") == uuid {
			return id, t.ByID[id]
		}
	}
	return 0, nil
}

// CompareAccountNumbers orders "1000" < "1000-1" < "1000-2" < "1200".
func CompareAccountNumbers(a, b string) int {
	ab, as, _ := strings.Cut(a, "-")
	bb, bs, _ := strings.Cut(b, "-")
	for _, pair := range [][2]string{{ab, bb}, {as, bs}} {
		x, err1 := strconv.Atoi(pair[0])
		y, err2 := strconv.Atoi(pair[1])
		if err1 == nil && err2 == nil && x != y {
			return x - y
		}
		if c := strings.Compare(pair[0], pair[1]); (err1 != nil || err2 != nil) && c != 0 {
			return c
		}
	}
	return 0
}

// ledgerIssue is one detail of a ledger validation error.
type ledgerIssue struct{ field, message string }

// writeLedgerIssues answers a 400 in the ledger's shape
// (create_ledger_account_response__validation_errors).
func writeLedgerIssues(w http.ResponseWriter, r *http.Request, issues []ledgerIssue) {
	details := make([]any, 0, len(issues))
	for _, is := range issues {
		details = append(details, map[string]any{"reason": is.field + ": " + is.message,
			"metadata": map[string]any{"message": is.message, "field": is.field}})
	}
	engine.WriteJSON(w, r, http.StatusBadRequest, map[string]any{"errors": map[string]any{
		"message": "Request failed with status code 400", "status": http.StatusBadRequest, "details": details}})
}

// Behaviours are the chart of accounts and its lookups.
func Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{
		"ledger_accounts": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{
			engine.OpList: listLedger, engine.OpGet: getLedger,
			engine.OpCreate: func(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
				return writeLedger(w, r, sc, "")
			},
			engine.OpUpdate: func(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
				return writeLedger(w, r, sc, r.PathValue("id"))
			},
		}}},
		// The lookups shared by every business (LIVE-3P IRL).
		"ledger_account_types":     {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: listLedgerTypes}}},
		"ledger_account_sub_types": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: listLedgerSubTypes, engine.OpGet: getLedgerSubType}}},
	}
}

var errLedgerNotFound = &engine.Error{Status: http.StatusNotFound, Message: "Not found."}

func listLedger(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	t, err := ledgerTable(sc)
	if err != nil {
		sc.Unlock()
		return engine.StorageError(err)
	}
	recs := make([]engine.Record, 0, len(t.IDs))
	for _, id := range t.IDs {
		recs = append(recs, t.ByID[id].Clone())
	}
	sc.Unlock()
	slices.SortStableFunc(recs, func(a, b engine.Record) int { return CompareAccountNumbers(a.Str("number"), b.Str("number")) })
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"data": recs})
	return nil
}

func getLedger(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	defer sc.Unlock()
	t, err := ledgerTable(sc)
	if err != nil {
		return engine.StorageError(err)
	}
	_, rec := ledgerByUUID(t, r.PathValue("id"))
	if rec == nil {
		return errLedgerNotFound
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"data": rec.Clone()})
	return nil
}

func listLedgerTypes(w http.ResponseWriter, r *http.Request, _ *engine.Scope) *engine.Error {
	var out []any
	for _, t := range []string{"asset", "liability", "equity", "income", "expense"} {
		out = append(out, map[string]any{"name": t})
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"data": out})
	return nil
}

func listLedgerSubTypes(w http.ResponseWriter, r *http.Request, _ *engine.Scope) *engine.Error {
	out := make([]any, 0, len(ledgerSubTypes))
	for _, t := range ledgerSubTypes {
		out = append(out, t.json())
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"data": out})
	return nil
}

func getLedgerSubType(w http.ResponseWriter, r *http.Request, _ *engine.Scope) *engine.Error {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	for _, t := range ledgerSubTypes {
		if t.id == id {
			engine.WriteJSON(w, r, http.StatusOK, map[string]any{"data": t.json()})
			return nil
		}
	}
	return errLedgerNotFound
}

// writeLedger creates (uuid "") or updates an account. Bodies are bare.
// Create requires name, sub_type and the parent_account member (null for
// a top-level account), reporting every missing one at once as the
// python-sdk fixture does; an update changes the members it is given.
// type follows sub_type; uuid, sub_accounts, state and updated_at are the
// server's. The messages are Django REST framework's [INF beyond
// "This field is required."].
func writeLedger(w http.ResponseWriter, r *http.Request, sc *engine.Scope, uuid string) *engine.Error {
	in, e := engine.ReadBody(w, r, "")
	if e != nil {
		return e
	}
	sc.Lock()
	defer sc.Unlock()
	t, err := ledgerTable(sc)
	if err != nil {
		return engine.StorageError(err)
	}
	creating := uuid == ""
	id, old := int64(0), engine.Record(nil)
	if !creating {
		if id, old = ledgerByUUID(t, uuid); old == nil {
			return errLedgerNotFound
		}
	}
	var issues []ledgerIssue
	bad := map[string]bool{}
	required := func(k string) bool {
		if bad[k] {
			return false
		}
		if _, ok := in[k]; !ok && creating {
			issues = append(issues, ledgerIssue{k, "This field is required."})
			return false
		}
		return ok(in, k)
	}
	for _, k := range []string{"name", "number", "description", "system_account_name", "sub_type", "parent_account"} {
		switch v := in[k].(type) {
		case json.Number:
			in[k] = v.String()
		case nil, string:
		default:
			issues = append(issues, ledgerIssue{k, "Not a valid string."})
			bad[k] = true
			delete(in, k)
		}
	}
	if v, present := in["auto_created"]; present {
		if _, isBool := v.(bool); !isBool {
			issues = append(issues, ledgerIssue{"auto_created", "Must be a valid boolean."})
			bad["auto_created"] = true
			delete(in, "auto_created")
		}
	}
	if required("name") && strings.TrimSpace(in.Str("name")) == "" {
		issues = append(issues, ledgerIssue{"name", "This field may not be blank."})
	}
	var st *ledgerSubType
	if required("sub_type") {
		if st = subTypeNamed(in.Str("sub_type")); st == nil {
			issues = append(issues, ledgerIssue{"sub_type", `"` + in.Str("sub_type") + `" is not a valid choice.`})
		}
	}
	var parent engine.Record
	parentID := int64(0)
	if required("parent_account") && in["parent_account"] != nil {
		pu := in.Str("parent_account")
		if parentID, parent = ledgerByUUID(t, pu); parent == nil {
			issues = append(issues, ledgerIssue{"parent_account", `Invalid pk "` + pu + `" - object does not exist.`})
		} else if pu == uuid {
			issues = append(issues, ledgerIssue{"parent_account", "An account cannot be its own parent."})
		}
	}
	if ok(in, "number") {
		for _, oid := range t.IDs {
			if oid != id && t.ByID[oid].Str("number") == in.Str("number") {
				issues = append(issues, ledgerIssue{"number", "ledger account with this number already exists."})
			}
		}
	}
	if len(issues) > 0 {
		writeLedgerIssues(w, r, issues)
		return nil
	}

	next := engine.Record{}
	if !creating {
		next = old.Clone()
	}
	for _, k := range []string{"name", "number", "description", "system_account_name", "auto_created"} {
		if v, ok := in[k]; ok {
			next[k] = v
		}
	}
	if st != nil {
		next["type"], next["sub_type"] = st.typ, st.name
	}
	oldParent := ""
	if !creating {
		oldParent = old.Str("parent_account")
	}
	if _, ok := in["parent_account"]; ok {
		next["parent_account"] = nil
		if parent != nil {
			next["parent_account"] = parent["uuid"]
		}
	}
	if creating {
		next["uuid"] = sc.UUID()
		next["sub_accounts"] = []any{}
		next["state"] = "active"
		engine.Defaults(next, map[string]any{"description": "", "system_account_name": nil, "auto_created": false})
		if !ok(next, "number") {
			next["number"] = nextAccountNumber(t, parent, st)
		}
		id = t.Next + 1
	}
	now := ledgerTime(sc.Now())
	next["updated_at"] = now
	// Keep the parents' sub_accounts in step.
	if newParent := next.Str("parent_account"); newParent != oldParent {
		if pid, p := ledgerByUUID(t, oldParent); p != nil {
			p = p.Clone()
			subs, _ := p["sub_accounts"].([]any)
			p["sub_accounts"] = slices.DeleteFunc(subs, func(v any) bool { return v == next["uuid"] })
			p["updated_at"] = now
			if err := sc.Save("ledger_accounts", pid, p); err != nil {
				return engine.StorageError(err)
			}
		}
		if parent != nil {
			p := parent.Clone()
			subs, _ := p["sub_accounts"].([]any)
			p["sub_accounts"] = append(subs, next["uuid"])
			p["updated_at"] = now
			if err := sc.Save("ledger_accounts", parentID, p); err != nil {
				return engine.StorageError(err)
			}
		}
	}
	if err := sc.Save("ledger_accounts", id, next); err != nil {
		return engine.StorageError(err)
	}
	status := http.StatusOK
	if creating {
		status = http.StatusCreated
	}
	engine.WriteJSON(w, r, status, map[string]any{"data": next.Clone()})
	return nil
}

// ok reports whether a member is present and not null or "".
func ok(rec engine.Record, k string) bool {
	v, present := rec[k]
	return present && v != nil && rec.Str(k) != ""
}

// nextAccountNumber numbers a new account: the parent's number + "-n" for
// a sub-account, else the first free multiple of 10 from the sub-type's
// base number [INF].
func nextAccountNumber(t *engine.Collection, parent engine.Record, st *ledgerSubType) string {
	used := map[string]bool{}
	for _, id := range t.IDs {
		used[t.ByID[id].Str("number")] = true
	}
	if parent != nil {
		for n := 1; ; n++ {
			if c := parent.Str("number") + "-" + strconv.Itoa(n); !used[c] {
				return c
			}
		}
	}
	base := 1000
	if st != nil {
		base = st.baseNumber
	}
	for n := base; ; n += 10 {
		if c := strconv.Itoa(n); !used[c] {
			return c
		}
	}
}
