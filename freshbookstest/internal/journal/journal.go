package journal

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// Behaviours are journal entries, their accounts and details
// (freshbooks-api.md §4.1.8).
func Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{
		"journal_entries": {Hooks: engine.Hooks{Validate: validateJournalEntry, Derive: deriveJournalEntry, View: viewJournalEntry}},
		// account_type is ignored by FreshBooks (freshbooks-api.md §4.1.8),
		// so no filters.
		"journal_entry_accounts": {Hooks: engine.Hooks{View: viewJournalAccount}},
		"journal_entry_details": {
			// Filters inferred: FreshBooks documents none for this list.
			Filters: map[string]engine.Filter{
				"accountid": engine.Eq("_accountid"), "sub_accountid": engine.Eq("_sub_accountid"), "entryid": engine.Eq("_entryid"),
				"date": engine.Range("user_entered_date"),
			},
			Sorts: map[string]string{"date": "user_entered_date", "detailid": "detailid"},
		},
	}
}

// journalChart is the chart of accounts every business starts with
// (names and numbers inferred: FreshBooks' default chart is not in the
// sources).
var journalChart = []struct {
	name, number, kind string
	subs               [][2]string // name, number
}{
	{"Assets", "1000", "asset", [][2]string{{"Cash", "1010"}, {"Petty Cash", "1020"}, {"Accounts Receivable", "1200"}}},
	{"Liabilities", "2000", "liability", [][2]string{{"Accounts Payable", "2010"}, {"Credit Card", "2100"}, {"Sales Taxes Payable", "2200"}}},
	{"Equity", "3000", "equity", [][2]string{{"Owner's Equity", "3010"}, {"Retained Earnings", "3200"}}},
	{"Income", "4000", "income", [][2]string{{"Sales", "4010"}, {"Other Income", "4020"}}},
	{"Expenses", "5000", "expense", [][2]string{{"Office Expenses", "5010"}, {"Advertising", "5020"}, {"Travel", "5030"}, {"Cost of Goods Sold", "5100"}}},
}

const (
	tblJournalAccounts = "journal_entry_accounts"
	SubAccounts        = "journal_entry_sub_accounts"
	tblJournalDetails  = "journal_entry_details"
)

// seedJournalAccounts gives every account the chart of accounts, once.
// It is deterministic; a durable sandbox's stored chart replaces it when
// loaded.
func Seed(s *engine.Engine) {
	s.Lock()
	defer s.Unlock()
	for _, b := range s.Businesses {
		key := "acct:" + b.AccountID
		accounts, subs := s.Table(key, tblJournalAccounts), s.Table(key, SubAccounts)
		if len(accounts.IDs) > 0 {
			continue
		}
		for _, a := range journalChart {
			rec := engine.Record{"account_name": a.name, "account_number": a.number, "account_type": a.kind, "currency_code": b.Currency}
			id := accounts.Insert(rec)
			rec["id"], rec["accountid"] = json.Number(strconv.FormatInt(id, 10)), json.Number(strconv.FormatInt(id, 10))
			for _, sub := range a.subs {
				sr := engine.Record{"parentid": rec["id"], "account_sub_name": sub[0], "account_sub_number": sub[1],
					"account_type": a.kind, "currency_code": b.Currency, "balance": "0.00", "custom": false}
				sid := subs.Insert(sr)
				sr["id"], sr["sub_accountid"] = json.Number(strconv.FormatInt(sid, 10)), json.Number(strconv.FormatInt(sid, 10))
			}
		}
	}
}

// viewJournalAccount shows an account with its sub accounts and its
// balance, their sum.
func viewJournalAccount(sc *engine.Scope, rec engine.Record, _ []string) {
	subs := sc.Table(SubAccounts)
	total := decimal.Zero
	list := []any{}
	for _, sid := range subs.IDs {
		sub := subs.ByID[sid]
		if sub.Str("parentid") != rec.Str("id") {
			continue
		}
		bal, _ := engine.AmountOf(sub["balance"])
		total = total.Add(bal)
		list = append(list, sub.Clone())
	}
	rec["balance"] = total.StringFixed(2)
	rec["sub_accounts"] = list
}

// debitNormal reports whether debits raise the balance of an account of
// this type (assets and expenses), as in double-entry bookkeeping.
func debitNormal(kind string) bool { return kind == "asset" || kind == "expense" }

// journalLine is one checked detail of a journal entry.
type journalLine struct {
	sub           engine.Record
	debit, credit decimal.Decimal
	isDebit       bool
	description   string
}

func validateJournalEntry(sc *engine.Scope, rec engine.Record, _ bool) *engine.Error {
	_, e := checkJournalEntry(sc, rec)
	return e
}

// checkJournalEntry validates a journal entry as written and returns its
// lines. The errnos are the accounting table's; which one FreshBooks uses
// for each case is inferred.
func checkJournalEntry(sc *engine.Scope, rec engine.Record) ([]journalLine, *engine.Error) {
	if strings.TrimSpace(rec.Str("name")) == "" {
		// FreshBooks requires name (freshbooks-api.md §4.1.8, live report).
		return nil, engine.Validation(1001, "name", "'name' is a required field.")
	}
	date := cmp.Or(rec.Str("date"), rec.Str("user_entered_date"))
	if date == "" {
		return nil, engine.Validation(1001, "date", "'date' is a required field.")
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		e := engine.Validation(1033, "date", "The field 'date' must be a date in the form YYYY-MM-DD.")
		e.Value = date
		return nil, e
	}
	if c := rec.Str("currency_code"); c != "" && !engine.IsCurrencyCode(c) {
		e := engine.Validation(1004, "currency_code", "Invalid value '"+c+"' for field 'currency_code'.")
		e.Value = c
		return nil, e
	}
	raw, ok := rec["details"].([]any)
	if !ok || len(raw) == 0 {
		return nil, engine.Validation(1001, "details", "'details' is a required field.")
	}
	subs := sc.Table(SubAccounts)
	var lines []journalLine
	debits, credits := decimal.Zero, decimal.Zero
	for _, x := range raw {
		d, ok := x.(map[string]any)
		if !ok {
			return nil, engine.Validation(1004, "details", "Each detail must be an object.")
		}
		dr := engine.Record(d)
		sid := dr.Str("sub_accountid")
		n, err := strconv.ParseInt(sid, 10, 64)
		sub := subs.ByID[n]
		if err != nil || sub == nil {
			e := engine.Validation(1004, "sub_accountid", "Invalid value '"+sid+"' for field 'sub_accountid'.")
			e.Value = sid
			return nil, e
		}
		line := journalLine{sub: sub, description: dr.Str("description")}
		hasDebit, hasCredit := d["debit"] != nil && dr.Str("debit") != "", d["credit"] != nil && dr.Str("credit") != ""
		if hasDebit == hasCredit {
			return nil, engine.Validation(1004, "details", "Each detail must have either a debit or a credit.")
		}
		field := "debit"
		if hasCredit {
			field = "credit"
		}
		amount, ok := engine.AmountOf(d[field])
		switch {
		case !ok:
			e := engine.Validation(1004, field, "Invalid value '"+dr.Str(field)+"' for field '"+field+"'.")
			e.Value = dr.Str(field)
			return nil, e
		case amount.Sign() < 0:
			e := engine.Validation(1025, field, "The field '"+field+"' cannot be negative.")
			e.Value = dr.Str(field)
			return nil, e
		}
		amount = amount.Round(2)
		if hasDebit {
			line.debit, line.isDebit = amount, true
			debits = debits.Add(amount)
		} else {
			line.credit = amount
			credits = credits.Add(amount)
		}
		lines = append(lines, line)
	}
	if !debits.Equal(credits) {
		// That debits must equal credits is accounting; the errno (1040
		// InvalidTotal) and the message are inferred.
		e := engine.Validation(1040, "details", "Total debits ("+debits.StringFixed(2)+") must equal total credits ("+credits.StringFixed(2)+").")
		e.Value = debits.Sub(credits).StringFixed(2)
		return nil, e
	}
	if debits.Sign() == 0 {
		return nil, engine.Validation(1004, "details", "A journal entry must move an amount.")
	}
	return lines, nil
}

// deriveJournalEntry posts a new entry: one detail row per line, and the
// sub accounts' balances moved. Callers hold s.mu.
func deriveJournalEntry(sc *engine.Scope, rec engine.Record) {
	lines, e := checkJournalEntry(sc, rec)
	if e != nil {
		return // cannot happen: validated before
	}
	date := cmp.Or(rec.Str("date"), rec.Str("user_entered_date"))
	delete(rec, "date")
	rec["user_entered_date"] = date
	currency := cmp.Or(rec.Str("currency_code"), sc.Business.Currency)
	rec["currency_code"] = currency
	if _, ok := rec["description"]; !ok {
		rec["description"] = ""
	}
	entryID := rec["id"]
	accounts, details := sc.Table(tblJournalAccounts), sc.Table(tblJournalDetails)
	var out []any
	subs := sc.Table(SubAccounts)
	for _, l := range lines {
		sub := subs.ByID[l.sub.Int("id")].Clone() // as moved by the lines before
		account := accounts.ByID[sub.Int("parentid")]
		if account == nil {
			account = engine.Record{}
		}
		bal, _ := engine.AmountOf(sub["balance"])
		delta := l.debit.Sub(l.credit)
		if !debitNormal(sub.Str("account_type")) {
			delta = delta.Neg()
		}
		bal = bal.Add(delta)
		sub["balance"] = bal.StringFixed(2)
		_ = sc.Save(SubAccounts, sub.Int("id"), sub)

		var debit, credit, wireDebit, wireCredit any
		if l.isDebit {
			debit, wireDebit = engine.Money(l.debit.Round(2), currency), l.debit.StringFixed(2)
		} else {
			credit, wireCredit = engine.Money(l.credit.Round(2), currency), l.credit.StringFixed(2)
		}
		description := cmp.Or(l.description, rec.Str("description"))
		row := engine.Record{
			"name": rec["name"], "description": description, "detail_type": "journal_entry", // detail_type value inferred
			"user_entered_date": date, "accounting_systemid": sc.Business.AccountID,
			"debit": debit, "credit": credit, "balance": engine.Money(bal.Round(2), currency),
			"account": map[string]any{"id": account["id"], "accountid": account["accountid"], "account_name": account["account_name"],
				"account_number": account["account_number"], "account_type": account["account_type"], "accounting_systemid": sc.Business.AccountID},
			"sub_account": map[string]any{"id": sub["id"], "sub_accountid": sub["sub_accountid"], "parentid": sub["parentid"],
				"account_sub_name": sub["account_sub_name"], "account_sub_number": sub["account_sub_number"], "accounting_systemid": sc.Business.AccountID},
			"entry": map[string]any{"id": entryID, "entryid": entryID, "accounting_systemid": sc.Business.AccountID,
				"clientid": nil, "creditid": nil, "expenseid": nil, "incomeid": nil, "invoiceid": nil, "paymentid": nil},
			"_accountid": account["id"], "_sub_accountid": sub["id"], "_entryid": entryID,
		}
		did := details.Insert(row)
		row["id"], row["detailid"] = json.Number(strconv.FormatInt(did, 10)), json.Number(strconv.FormatInt(did, 10))
		_ = sc.Save(tblJournalDetails, did, row)
		out = append(out, map[string]any{
			"id": row["id"], "detailid": row["id"], "sub_accountid": sub.Str("id"), // a string, as FreshBooks' examples write it
			"debit": wireDebit, "credit": wireCredit, "categoryid": nil, "currency_code": currency,
			"description": description, "name": rec["name"], "user_entered_date": date,
		})
	}
	rec["details"] = out
}

// viewJournalEntry leaves out the generic members FreshBooks does not
// answer for journal entries.
func viewJournalEntry(sc *engine.Scope, rec engine.Record, _ []string) {
	delete(rec, "vis_state")
	delete(rec, "updated")
}
