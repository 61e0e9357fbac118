package freshbookstest

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// miscBehaviours are journal entries, reports, uploads and online
// payment options.
func miscBehaviours() map[string]engine.Behaviour {
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
		"reports":          {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: report}}},
		"images":           {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpCreate: accountUpload("images")}}},
		"attachments":      {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpCreate: accountUpload("attachments")}}},
		"app_images":       {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpCreate: appUpload}}},
		"image_files":      {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpGet: download("images")}}},
		"attachment_files": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpGet: download("attachments")}}},
		"payment_options":  {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: defaultPaymentOptions}}},
		"invoice_payment_options": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: invoicePaymentOptions,
			engine.OpCreate: createPaymentOptions}}},
	}
}

// ---- numbers, money, records ----

// miscCode returns a money object's currency code, or "".
func miscCode(v any) string {
	switch m := v.(type) {
	case map[string]any:
		c, _ := m["code"].(string)
		return c
	case engine.Record:
		c, _ := m["code"].(string)
		return c
	}
	return ""
}

// active returns the records of a table that are not deleted, in id
// order. Callers hold the lock.
func active(sc *engine.Scope, name string) []engine.Record {
	t := sc.Table(name)
	out := make([]engine.Record, 0, len(t.IDs))
	for _, id := range t.IDs {
		if rec := t.ByID[id]; rec.Str("vis_state") != "1" {
			out = append(out, rec)
		}
	}
	return out
}

// miscMaps returns the objects of an array member.
func miscMaps(v any) []map[string]any {
	arr, _ := v.([]any)
	out := make([]map[string]any, 0, len(arr))
	for _, x := range arr {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// miscAccountingError answers one accounting error entry about object.
func miscAccountingError(w http.ResponseWriter, r *http.Request, status, errno int, object, field, msg, value string) {
	fe := engine.FieldError{Errno: errno, Message: msg, Object: object, Value: value}
	if field != "" {
		fe.Field = &field
	}
	engine.WriteJSON(w, r, status, engine.AccountingErrors(fe))
}

// signedToken makes a JWT-looking token (HS256 over the sandbox's key)
// carrying claims, as FreshBooks' upload and report download tokens are.
func signedToken(sc *engine.Scope, claims map[string]any) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload, _ := json.Marshal(claims)
	msg := header + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, tokenKey(sc))
	mac.Write([]byte(msg))
	return msg + "." + enc.EncodeToString(mac.Sum(nil))
}

// readToken checks a token made by signedToken and returns its claims.
func readToken(sc *engine.Scope, tok string) (map[string]any, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, false
	}
	mac := hmac.New(sha256.New, tokenKey(sc))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		return nil, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, false
	}
	claims := engine.DecodeRecord(payload)
	return claims, claims != nil
}

// tokenKey is derived from the seed, so tokens survive a restart of a
// durable sandbox.
func tokenKey(sc *engine.Scope) []byte {
	k := sha256.Sum256([]byte("freshbookstest tokens " + strconv.FormatUint(sc.Seed(), 10)))
	return k[:]
}

// ---- journal entries ----

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
	tblJournalSubs     = "journal_entry_sub_accounts"
	tblJournalDetails  = "journal_entry_details"
)

// seedJournalAccounts gives every account the chart of accounts, once.
// It is deterministic; a durable sandbox's stored chart replaces it when
// loaded.
func seedJournalAccounts(s *engine.Engine) {
	s.Lock()
	defer s.Unlock()
	for _, b := range s.Businesses {
		key := "acct:" + b.AccountID
		accounts, subs := s.Table(key, tblJournalAccounts), s.Table(key, tblJournalSubs)
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
	subs := sc.Table(tblJournalSubs)
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

var miscCurrencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

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
	if c := rec.Str("currency_code"); c != "" && !miscCurrencyCode.MatchString(c) {
		e := engine.Validation(1004, "currency_code", "Invalid value '"+c+"' for field 'currency_code'.")
		e.Value = c
		return nil, e
	}
	raw, ok := rec["details"].([]any)
	if !ok || len(raw) == 0 {
		return nil, engine.Validation(1001, "details", "'details' is a required field.")
	}
	subs := sc.Table(tblJournalSubs)
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
	subs := sc.Table(tblJournalSubs)
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
		_ = sc.Save(tblJournalSubs, sub.Int("id"), sub)

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

// ---- reports ----

// reportQuery is a report request's parameters, checked.
type reportQuery struct {
	start, end    string // YYYY-MM-DD, inclusive
	currency      string
	currencyGiven bool // currency_code was a parameter
	cashBased     bool
	resolution    string
}

// in reports whether a date (or the date of a timestamp) is in range.
func (q reportQuery) in(date string) bool {
	if len(date) < 10 {
		return false
	}
	d := date[:10]
	return d >= q.start && d <= q.end
}

// reportParamError is a bad report parameter, answered 422 errno 1004 in
// the accounting shape (the revenue_by_client sales_type error of
// freshbooks-api.md §4.5; its use for every parameter is inferred).
type reportParamError struct {
	errno        int
	field, value string
	message      string
}

func badReportParam(field, value string) *reportParamError {
	return &reportParamError{errno: 1004, field: field, value: value,
		message: "Invalid value '" + value + "' for field '" + field + "'."}
}

func reportParams(sc *engine.Scope, r *http.Request, b *engine.Business) (reportQuery, *reportParamError) {
	q := r.URL.Query()
	// FreshBooks falls back to today when the dates are absent
	// (freshbooks-api.md §4.5); today in the business's zone (inferred).
	today := sc.Now().In(engine.Eastern()).Format(time.DateOnly)
	rq := reportQuery{start: today, end: today, currency: b.Currency, resolution: "m"}
	for _, p := range []struct {
		key string
		dst *string
	}{{"start_date", &rq.start}, {"end_date", &rq.end}} {
		v := q.Get(p.key)
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return rq, badReportParam(p.key, v)
		}
		*p.dst = v
	}
	if rq.start > rq.end {
		return rq, &reportParamError{errno: 1007, field: "start_date", value: rq.start,
			message: "A supplied date range must have the earlier date first."}
	}
	if v := q.Get("currency_code"); v != "" {
		if !miscCurrencyCode.MatchString(strings.ToUpper(v)) {
			return rq, badReportParam("currency_code", v)
		}
		rq.currency, rq.currencyGiven = strings.ToUpper(v), true
	}
	if v := q.Get("cash_based"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return rq, badReportParam("cash_based", v)
		}
		rq.cashBased = b
	}
	if v := q.Get("resolution"); v != "" {
		if v != "m" && v != "q" && v != "y" {
			return rq, badReportParam("resolution", v)
		}
		rq.resolution = v
	}
	return rq, nil
}

// tooManyPeriods refuses a profit and loss range of more columns than
// maxReportPeriods: a range of centuries by month would be enormous.
// FreshBooks' limit is not documented; this one (and errno 1030
// InvalidRangeValue) is inferred.
func (q reportQuery) tooManyPeriods() *reportParamError {
	start, _ := time.Parse(time.DateOnly, q.start)
	end, _ := time.Parse(time.DateOnly, q.end)
	months := (end.Year()-start.Year())*12 + int(end.Month()) - int(start.Month()) + 1
	if perCol := map[string]int{"m": 1, "q": 3, "y": 12}[q.resolution]; months/perCol > maxReportPeriods {
		return &reportParamError{errno: 1030, field: "end_date", value: q.end,
			message: "The date range has too many periods for the resolution (at most " + strconv.Itoa(maxReportPeriods) + ")."}
	}
	return nil
}

// maxReportPeriods bounds the columns of a report.
const maxReportPeriods = 1200

// miscMulti reads a list parameter in any spelling: key[]=1&key[]=2, key=1&key=2
// or key=1,2.
func miscMulti(r *http.Request, key string) []string {
	q := r.URL.Query()
	var out []string
	for _, v := range append(q[key+"[]"], q[key]...) {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// reportKeys maps the reports the sandbox computes to their result keys.
var reportKeys = map[string]string{"profitloss_entity": "profitloss", "payments_collected": "payments_collected",
	"taxsummary": "taxsummary", "revenue_by_client": "revenue_by_client"}

func report(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	name := r.PathValue("report")
	key, known := reportKeys[name]
	if !known {
		miscAccountingError(w, r, http.StatusNotFound, 1012, "report", "report", "Report not found.", name)
		return nil
	}
	rq, pe := reportParams(sc, r, sc.Business)
	if pe == nil && name == "profitloss_entity" {
		pe = rq.tooManyPeriods()
	}
	if pe == nil && name == "revenue_by_client" {
		// Documented: sales_type is required (freshbooks-api.md §4.5);
		// the values accepted are inferred.
		if st := r.URL.Query().Get("sales_type"); st != "invoiced" && st != "paid" {
			pe = badReportParam("sales_type", st)
		}
	}
	if pe != nil {
		miscAccountingError(w, r, http.StatusUnprocessableEntity, pe.errno, "report", pe.field, pe.message, pe.value)
		return nil
	}
	sc.Lock()
	var body map[string]any
	switch name {
	case "profitloss_entity":
		body = profitLoss(sc, rq)
	case "payments_collected":
		body = paymentsCollected(sc, rq, miscMulti(r, "clientids"), miscMulti(r, "payment_method"))
	case "taxsummary":
		body = taxSummary(sc, rq)
	default:
		body = revenueByClient(sc, rq, r.URL.Query().Get("sales_type"))
	}
	sc.Unlock()
	body["start_date"], body["end_date"] = rq.start, rq.end
	body["download_token"] = signedToken(sc, map[string]any{"account": sc.Business.AccountID, "report": name,
		"start_date": rq.start, "end_date": rq.end, "iat": sc.Now().Unix()})
	engine.WriteJSON(w, r, http.StatusOK, engine.Result(map[string]any{key: body}))
	return nil
}

// miscInvoiceIncome is an invoice's amount before taxes: its lines'
// amounts less its discount, or its amount when it has no lines.
func miscInvoiceIncome(inv engine.Record) decimal.Decimal {
	lines := miscMaps(inv["lines"])
	if len(lines) == 0 {
		d, _ := engine.AmountOf(inv["amount"])
		return d
	}
	total := decimal.Zero
	for _, l := range lines {
		total = total.Add(miscLineAmount(l))
	}
	return total.Mul(miscKept(inv))
}

// miscKept is the share of an invoice's lines its discount leaves.
func miscKept(inv engine.Record) decimal.Decimal {
	pct, _ := engine.AmountOf(inv["discount_value"])
	return decimal.NewFromInt(100).Sub(pct).Shift(-2)
}

// miscPaidShare is the share of an invoice a payment pays, at most all.
func miscPaidShare(inv engine.Record, paid decimal.Decimal) decimal.Decimal {
	total, _ := engine.AmountOf(inv["amount"])
	if total.Sign() <= 0 {
		return decimal.Zero
	}
	return decimal.Min(paid.Div(total), decimal.NewFromInt(1))
}

// miscLineAmount is a line's amount, or its quantity times its unit cost.
func miscLineAmount(l map[string]any) decimal.Decimal {
	if d, ok := engine.AmountOf(l["amount"]); ok && l["amount"] != nil {
		return d
	}
	qty, ok := engine.AmountOf(l["qty"])
	if !ok {
		qty = decimal.NewFromInt(1)
	}
	cost, _ := engine.AmountOf(l["unit_cost"])
	return qty.Mul(cost)
}

// miscCurrency is the currency of a record: its money's code, its
// currency_code, or the business's.
func miscCurrency(rec engine.Record, moneyKey, fallback string) string {
	return cmp.Or(miscCode(rec[moneyKey]), cmp.Or(rec.Str("currency_code"), fallback))
}

// periods splits the range into the report's columns.
func (q reportQuery) periods() (labels []string, index func(date string) int) {
	start, _ := time.Parse(time.DateOnly, q.start)
	end, _ := time.Parse(time.DateOnly, q.end)
	var bounds []string // first day of each period, clipped to the range
	p := start
	for !p.After(end) {
		bounds = append(bounds, p.Format(time.DateOnly))
		y, m, _ := p.Date()
		switch q.resolution {
		case "y":
			p = time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
		case "q":
			p = time.Date(y, m-(m-1)%3+3, 1, 0, 0, 0, 0, time.UTC)
		default:
			p = time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	return bounds, func(date string) int {
		i, _ := slices.BinarySearch(bounds, date[:10]+"~") // the last bound <= date
		return max(i-1, 0)
	}
}

// miscPLEntry builds a profit and loss line from per-period amounts.
func miscPLEntry(description, kind, currency string, data []decimal.Decimal, children []any) map[string]any {
	total := decimal.Zero
	amounts := make([]any, len(data))
	for i, d := range data {
		total = total.Add(d)
		amounts[i] = engine.Money(d.Round(2), currency)
	}
	if children == nil {
		children = []any{}
	}
	return map[string]any{"description": description, "entry_type": kind, "total": engine.Money(total.Round(2), currency),
		"data": amounts, "children": children}
}

// profitLoss computes the profit and loss report from the account's
// invoices (or payments, cash based), other income and expenses. Callers
// hold s.mu.
func profitLoss(sc *engine.Scope, q reportQuery) map[string]any {
	labels, at := q.periods()
	zeros := func() []decimal.Decimal { return make([]decimal.Decimal, len(labels)) }
	sales, other := zeros(), zeros()
	add := func(col []decimal.Decimal, date string, d decimal.Decimal) { col[at(date)] = col[at(date)].Add(d) }
	cur := sc.Business.Currency
	if q.cashBased {
		invoices := sc.Table("invoices")
		for _, p := range active(sc, "payments") {
			inv := invoices.ByID[p.Int("invoiceid")]
			c := miscCurrency(p, "amount", cmp.Or(inv.Str("currency_code"), cur))
			if c == q.currency && q.in(p.Str("date")) {
				// What a payment pays of the invoice's income, taxes left
				// out; a payment without its invoice counts whole.
				d, _ := engine.AmountOf(p["amount"])
				if inv != nil {
					d = miscInvoiceIncome(inv).Mul(miscPaidShare(inv, d))
				}
				add(sales, p.Str("date"), d)
			}
		}
	} else {
		for _, inv := range active(sc, "invoices") {
			if miscCurrency(inv, "amount", cur) == q.currency && q.in(inv.Str("create_date")) {
				add(sales, inv.Str("create_date"), miscInvoiceIncome(inv))
			}
		}
	}
	for _, oi := range active(sc, "other_income") {
		if miscCurrency(oi, "amount", cur) == q.currency && q.in(oi.Str("date")) {
			d, _ := engine.AmountOf(oi["amount"])
			add(other, oi.Str("date"), d)
		}
	}
	categories := sc.Table("categories")
	byCategory := map[string][]decimal.Decimal{}
	var names []string
	for _, ex := range active(sc, "expenses") {
		if miscCurrency(ex, "amount", cur) != q.currency || !q.in(ex.Str("date")) {
			continue
		}
		name := "Uncategorized"
		if c := categories.ByID[ex.Int("categoryid")]; c != nil && c.Str("category") != "" {
			name = c.Str("category")
		}
		if byCategory[name] == nil {
			byCategory[name] = zeros()
			names = append(names, name)
		}
		d, _ := engine.AmountOf(ex["amount"])
		add(byCategory[name], ex.Str("date"), d)
	}
	slices.Sort(names)
	sum := func(cols ...[]decimal.Decimal) []decimal.Decimal {
		out := zeros()
		for _, c := range cols {
			for i, d := range c {
				out[i] = out[i].Add(d)
			}
		}
		return out
	}
	expenses := []any{}
	var expenseCols [][]decimal.Decimal
	for _, n := range names {
		expenses = append(expenses, miscPLEntry(n, "expense", q.currency, byCategory[n], nil))
		expenseCols = append(expenseCols, byCategory[n])
	}
	totalIncome, totalExpenses := sum(sales, other), sum(expenseCols...)
	net := zeros()
	for i := range net {
		net[i] = totalIncome[i].Sub(totalExpenses[i])
	}
	return map[string]any{
		"cash_based": q.cashBased, "company_name": sc.Business.Name, "currency_code": q.currency, "resolution": q.resolution,
		"labels":         labels,
		"income":         []any{miscPLEntry("Sales", "income", q.currency, sales, nil), miscPLEntry("Other Income", "income", q.currency, other, nil)},
		"expenses":       expenses,
		"total_income":   miscPLEntry("Total Income", "total", q.currency, totalIncome, nil),
		"total_expenses": miscPLEntry("Total Expenses", "total", q.currency, totalExpenses, nil),
		"net_profit":     miscPLEntry("Net Profit", "total", q.currency, net, nil),
	}
}

// miscClientName is how reports name a client: its organization, or its
// person's name.
func miscClientName(c engine.Record) string {
	if c == nil {
		return ""
	}
	if o := c.Str("organization"); o != "" {
		return o
	}
	return strings.TrimSpace(c.Str("fname") + " " + c.Str("lname"))
}

// paymentsCollected lists the payments received in range. Callers hold
// s.mu.
func paymentsCollected(sc *engine.Scope, q reportQuery, clientIDs, methods []string) map[string]any {
	invoices, clients := sc.Table("invoices"), sc.Table("clients")
	currencies := []string{} // the filters are echoed, as in FreshBooks' example
	if q.currencyGiven {
		currencies = append(currencies, q.currency)
	}
	totals := map[string]decimal.Decimal{}
	var codes []string
	type row struct {
		date string
		id   int64
		v    map[string]any
	}
	var rows []row
	for _, p := range active(sc, "payments") {
		inv := invoices.ByID[p.Int("invoiceid")]
		c := miscCurrency(p, "amount", cmp.Or(inv.Str("currency_code"), sc.Business.Currency))
		clientID := cmp.Or(p.Str("clientid"), inv.Str("customerid"))
		if c != q.currency || !q.in(p.Str("date")) {
			continue
		}
		if len(clientIDs) > 0 && !slices.Contains(clientIDs, clientID) {
			continue
		}
		if len(methods) > 0 && !slices.ContainsFunc(methods, func(m string) bool { return strings.EqualFold(m, p.Str("type")) }) {
			continue
		}
		d, _ := engine.AmountOf(p["amount"])
		if _, ok := totals[c]; !ok {
			codes = append(codes, c)
		}
		totals[c] = totals[c].Add(d)
		cid, _ := strconv.ParseInt(clientID, 10, 64)
		rows = append(rows, row{p.Str("date"), p.Int("id"), map[string]any{
			"amount": engine.Money(d.Round(2), c), "paymentid": p["id"], "clientid": cid, "client": miscClientName(clients.ByID[cid]),
			"invoiceid": p["invoiceid"], "invoice_number": inv.Str("invoice_number"), "date": p.Str("date"),
			"method": p.Str("type"), "note": p.Str("note"),
		}})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return miscCmpDateID(a.date, a.id, b.date, b.id) })
	payments := make([]any, len(rows))
	for i, r := range rows {
		payments[i] = r.v
	}
	totalList := []any{}
	for _, c := range codes {
		totalList = append(totalList, engine.Money(totals[c].Round(2), c))
	}
	ids := []any{}
	for _, id := range clientIDs {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	return map[string]any{"clientids": ids, "currency_codes": currencies, "payment_methods": append([]string{}, methods...),
		"payments": payments, "totals": totalList}
}

func miscCmpDateID(d1 string, id1 int64, d2 string, id2 int64) int {
	if c := strings.Compare(d1, d2); c != 0 {
		return c
	}
	return int(id1 - id2)
}

// miscTaxAmounts accumulates one tax of the tax summary.
type miscTaxAmounts struct {
	taxableCollected, collected, taxablePaid, paid decimal.Decimal
}

// taxSummary sums the taxes on the lines of the invoices in range (or,
// cash based, on the share of them paid in range) and on the expenses in
// range. Callers hold s.mu.
func taxSummary(sc *engine.Scope, q reportQuery) map[string]any {
	taxes := map[string]*miscTaxAmounts{}
	var names []string
	tax := func(name string) *miscTaxAmounts {
		if taxes[name] == nil {
			taxes[name] = &miscTaxAmounts{}
			names = append(names, name)
		}
		return taxes[name]
	}
	for _, t := range active(sc, "taxes") {
		if n := t.Str("name"); n != "" {
			tax(n)
		}
	}
	hundred := decimal.NewFromInt(100)
	invoiced := decimal.Zero
	// collect adds the taxes of an invoice's lines, scaled by share: taxes
	// apply after the discount, and a compounded second tax applies to the
	// amount plus the first tax (as the invoices compute them).
	collect := func(inv engine.Record, share decimal.Decimal) {
		kept := miscKept(inv)
		for _, l := range miscMaps(inv["lines"]) {
			base := miscLineAmount(l).Mul(kept).Mul(share)
			lr := engine.Record(l)
			on := base
			for _, n := range []string{"1", "2"} {
				name := lr.Str("taxName" + n)
				pct, ok := engine.AmountOf(l["taxAmount"+n])
				if name == "" || !ok || l["taxAmount"+n] == nil {
					continue
				}
				t := tax(name)
				amount := on.Mul(pct).Div(hundred)
				t.taxableCollected = t.taxableCollected.Add(on)
				t.collected = t.collected.Add(amount)
				if n == "1" && lr.Str("compounded_tax") == "true" {
					on = on.Add(amount)
				}
			}
		}
	}
	cur := sc.Business.Currency
	if q.cashBased {
		invoices := sc.Table("invoices")
		for _, p := range active(sc, "payments") {
			inv := invoices.ByID[p.Int("invoiceid")]
			if inv == nil || miscCurrency(p, "amount", cmp.Or(inv.Str("currency_code"), cur)) != q.currency || !q.in(p.Str("date")) {
				continue
			}
			paid, _ := engine.AmountOf(p["amount"])
			invoiced = invoiced.Add(paid)
			collect(inv, miscPaidShare(inv, paid))
		}
	} else {
		for _, inv := range active(sc, "invoices") {
			if miscCurrency(inv, "amount", cur) != q.currency || !q.in(inv.Str("create_date")) {
				continue
			}
			total, ok := engine.AmountOf(inv["amount"])
			if !ok {
				total = miscInvoiceIncome(inv)
			}
			invoiced = invoiced.Add(total)
			collect(inv, decimal.NewFromInt(1))
		}
	}
	for _, ex := range active(sc, "expenses") {
		if miscCurrency(ex, "amount", cur) != q.currency || !q.in(ex.Str("date")) {
			continue
		}
		amount, _ := engine.AmountOf(ex["amount"])
		// An expense's taxAmountN is money, taken on its amount
		// (freshbooks-api.md §3.5; the sandbox's expenses compute it so);
		// a bare number is read as a percent of the amount (inferred).
		for _, n := range []string{"1", "2"} {
			name := ex.Str("taxName" + n)
			v := ex["taxAmount"+n]
			d, ok := engine.AmountOf(v)
			if name == "" || !ok || v == nil {
				continue
			}
			if _, isMoney := v.(map[string]any); !isMoney {
				d = amount.Mul(d).Div(hundred)
			}
			t := tax(name)
			t.paid = t.paid.Add(d)
			t.taxablePaid = t.taxablePaid.Add(amount)
		}
	}
	slices.Sort(names)
	entries := []any{}
	for _, n := range names {
		t := taxes[n]
		entries = append(entries, map[string]any{
			"tax_name":                 n,
			"taxable_amount_collected": engine.Money(t.taxableCollected.Round(2), q.currency),
			"tax_collected":            engine.Money(t.collected.Round(2), q.currency),
			"taxable_amount_paid":      engine.Money(t.taxablePaid.Round(2), q.currency),
			"tax_paid":                 engine.Money(t.paid.Round(2), q.currency),
			"net_taxable_amount":       engine.Money(t.taxableCollected.Sub(t.taxablePaid).Round(2), q.currency),
			"net_tax":                  engine.Money(t.collected.Sub(t.paid).Round(2), q.currency),
		})
	}
	return map[string]any{"cash_based": q.cashBased, "company_name": sc.Business.Name, "currency_code": q.currency,
		"taxes": entries, "total_invoiced": engine.Money(invoiced.Round(2), q.currency)}
}

// revenueByClient sums, per client, what was invoiced (or paid) in range.
// The report's shape is inferred. Callers hold s.mu.
func revenueByClient(sc *engine.Scope, q reportQuery, salesType string) map[string]any {
	clients, invoices := sc.Table("clients"), sc.Table("invoices")
	sums := map[int64]decimal.Decimal{}
	var order []int64
	add := func(cid int64, d decimal.Decimal) {
		if _, ok := sums[cid]; !ok {
			order = append(order, cid)
		}
		sums[cid] = sums[cid].Add(d)
	}
	cur := sc.Business.Currency
	if salesType == "paid" {
		for _, p := range active(sc, "payments") {
			inv := invoices.ByID[p.Int("invoiceid")]
			if miscCurrency(p, "amount", cmp.Or(inv.Str("currency_code"), cur)) == q.currency && q.in(p.Str("date")) {
				d, _ := engine.AmountOf(p["amount"])
				add(miscFirst(p.Int("clientid"), inv.Int("customerid")), d)
			}
		}
	} else {
		for _, inv := range active(sc, "invoices") {
			if miscCurrency(inv, "amount", cur) == q.currency && q.in(inv.Str("create_date")) {
				d, _ := engine.AmountOf(inv["amount"])
				add(inv.Int("customerid"), d)
			}
		}
	}
	slices.Sort(order)
	rows := []any{}
	total := decimal.Zero
	for _, cid := range order {
		total = total.Add(sums[cid])
		rows = append(rows, map[string]any{"clientid": cid, "client": miscClientName(clients.ByID[cid]), "total": engine.Money(sums[cid].Round(2), q.currency)})
	}
	return map[string]any{"company_name": sc.Business.Name, "currency_code": q.currency, "sales_type": salesType,
		"clients": rows, "total": engine.Money(total.Round(2), q.currency)}
}

func miscFirst(a, b int64) int64 {
	if a != 0 {
		return a
	}
	return b
}

// ---- uploads ----

// maxUpload is the largest file the sandbox takes (FreshBooks' limit is
// not documented; 10 MiB is inferred).
const maxUpload = 10 << 20

// accountUpload serves POST /uploads/account/{account}/<kind>.
func accountUpload(kind string) engine.Handler {
	return func(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
		return upload(w, r, sc, kind, sc.Business.AccountID)
	}
}

// appUpload serves POST /uploads/images: an image without an account,
// such as an application's logo.
func appUpload(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	if !slices.Contains(engine.CallerOf(r).Scopes, "user:uploads:write") {
		engine.WriteError(w, r, http.StatusForbidden, 1003, "Insufficient scopes: required [user:uploads:write].")
		return nil
	}
	return upload(w, r, sc.At("app"), "images", "")
}

// upload stores the multipart part "content" and answers its token.
func upload(w http.ResponseWriter, r *http.Request, sc *engine.Scope, kind, account string) *engine.Error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20) // the file plus the form's own bytes
	mr, err := r.MultipartReader()
	if err != nil {
		return &engine.Error{Status: http.StatusBadRequest, Message: "The request must be multipart/form-data with the file in the 'content' field."}
	}
	var data []byte
	var original string
	found := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return uploadReadError(err)
		}
		if part.FormName() != "content" || found {
			_, _ = io.Copy(io.Discard, part)
			continue
		}
		found = true
		original = part.FileName()
		data, err = io.ReadAll(io.LimitReader(part, maxUpload+1))
		if err != nil {
			return uploadReadError(err)
		}
		if len(data) > maxUpload {
			return &engine.Error{Status: http.StatusRequestEntityTooLarge, Message: "File too large: the limit is 10 MiB."}
		}
	}
	if !found {
		return &engine.Error{Status: http.StatusBadRequest, Message: "No file was sent in the 'content' field."}
	}
	media := http.DetectContentType(data)
	if mt, _, err := mime.ParseMediaType(media); err == nil && strings.HasPrefix(mt, "text/") {
		media = mt // keep "text/plain", without the charset guess
	}
	sum := sha1.Sum(append([]byte(kind+account+original), data...))
	filename := "upload-" + hex.EncodeToString(sum[:])
	sc.Lock()
	t := sc.Table("uploads")
	rec := engine.Record{"kind": kind, "filename": filename, "original_filename": original, "media_type": media,
		"length": json.Number(strconv.Itoa(len(data))), "_content": base64.StdEncoding.EncodeToString(data)}
	id := t.Insert(rec)
	jwt := signedToken(sc, map[string]any{"account": account, "bucket": "uploads", "filename": filename, "key": id,
		"kind": kind, "length": len(data), "original_filename": original})
	rec["id"], rec["jwt"] = json.Number(strconv.FormatInt(id, 10)), jwt
	rec["uuid"] = miscUUID(sha256.Sum256([]byte(jwt)))
	err = sc.Save("uploads", id, rec)
	if err != nil {
		t.Remove(id)
	}
	sc.Unlock()
	if err != nil {
		return engine.StorageError(err)
	}
	obj := map[string]any{"jwt": jwt, "public_id": jwt, "filename": filename, "media_type": media, "uuid": rec["uuid"]}
	if kind == "attachments" {
		engine.WriteJSON(w, r, http.StatusCreated, map[string]any{"attachment": obj})
		return nil
	}
	// FreshBooks links to my.freshbooks.com; the sandbox links to itself
	// so that the link works (inferred).
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	engine.WriteJSON(w, r, http.StatusCreated, map[string]any{"image": obj, "link": scheme + "://" + r.Host + "/uploads/images/" + jwt})
	return nil
}

func uploadReadError(err error) *engine.Error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &engine.Error{Status: http.StatusRequestEntityTooLarge, Message: "File too large: the limit is 10 MiB."}
	}
	return &engine.Error{Status: http.StatusBadRequest, Message: "The upload could not be read."}
}

func miscUUID(b [32]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// download serves an upload's bytes by token. It needs no access token:
// the token is the capability (inferred: the Python SDK sends none).
func download(kind string) engine.Handler {
	return func(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
		notFound := func() *engine.Error { engine.WriteError(w, r, http.StatusNotFound, 0, "File not found"); return nil }
		claims, ok := readToken(sc, r.PathValue("jwt"))
		if !ok || engine.Record(claims).Str("kind") != kind {
			return notFound()
		}
		scope := "app"
		if a := engine.Record(claims).Str("account"); a != "" {
			scope = "acct:" + a
		}
		sc.Lock()
		rec := sc.At(scope).Table("uploads").ByID[engine.Record(claims).Int("key")]
		var media, content string
		if rec != nil {
			media, content = rec.Str("media_type"), rec.Str("_content")
		}
		sc.Unlock()
		data, err := base64.StdEncoding.DecodeString(content)
		if rec == nil || err != nil {
			return notFound()
		}
		w.Header().Set("Content-Type", media)
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(data)
		return nil
	}
}

// ---- online payment options ----

// paymentsValidation answers a payments-family validation error.
func paymentsValidation(w http.ResponseWriter, r *http.Request, field, msg string) {
	engine.WriteJSON(w, r, http.StatusBadRequest, map[string]any{"error_type": "validation", "message": "Invalid request: " + field + ": " + msg,
		"errors": []any{map[string]any{"field": field, "message": msg}}})
}

var paymentGateways = []string{"fbpay", "stripe", "paypal"}

// paymentDefaults are an account's default options: FreshBooks Payments
// with cards (the values are inferred).
func paymentDefaults(b *engine.Business, gateway string) engine.Record {
	country := "US"
	return engine.Record{
		"gateway_name": gateway, "has_credit_card": gateway != "paypal", "has_ach_transfer": false, "has_bacs_debit": false,
		"has_sepa_debit": false, "has_acss_debit": false, "stripe_acss_payment_options": nil,
		"has_paypal_smart_checkout": gateway == "paypal", "allow_partial_payments": false,
		"entity_type": "invoice", "entity_id": nil,
		"gateway_info": map[string]any{
			"id": "acct_sandbox" + strings.ToLower(b.AccountID), "account_id": b.AccountID, "country": country,
			"user_publishable_key": "pk_test_sandbox_" + strings.ToLower(b.AccountID), "currencies": []any{strings.ToLower(b.Currency)},
			"bank_transfer_enabled": false, "gateway_name": gateway, "can_process_payments": true,
		},
	}
}

func defaultPaymentOptions(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	if et := r.URL.Query().Get("entity_type"); et != "invoice" {
		// entity_type=invoice is what every SDK sends; other values are
		// refused (inferred).
		paymentsValidation(w, r, "entity_type", "Must be 'invoice'.")
		return nil
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"payment_options": paymentDefaults(sc.Business, "fbpay")})
	return nil
}

// paymentInvoice finds the invoice of a payment options path. Callers hold
// s.mu.
func paymentInvoice(r *http.Request, sc *engine.Scope) (int64, *engine.Error) {
	raw := r.PathValue("invoice")
	id, err := strconv.ParseInt(raw, 10, 64)
	inv := sc.Table("invoices").ByID[id]
	if err != nil || inv == nil || inv.Str("vis_state") == "1" {
		return 0, &engine.Error{Status: http.StatusNotFound, Message: "Invoice " + raw + " not found."}
	}
	return id, nil
}

func invoicePaymentOptions(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	id, e := paymentInvoice(r, sc)
	var out engine.Record
	if e == nil {
		if stored := sc.Table("payment_options").ByID[id]; stored != nil {
			out = stored.Clone()
		} else {
			// An invoice without options of its own has the account's
			// defaults (inferred).
			out = paymentDefaults(sc.Business, "fbpay")
			out["entity_id"] = strconv.FormatInt(id, 10)
		}
	}
	sc.Unlock()
	if e != nil {
		return e
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"payment_options": out})
	return nil
}

var paymentFlags = []string{"has_credit_card", "has_ach_transfer", "has_bacs_debit", "has_sepa_debit", "has_acss_debit",
	"has_paypal_smart_checkout", "allow_partial_payments"}

func createPaymentOptions(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	in, e := engine.ReadBody(w, r, "")
	if e != nil {
		return e
	}
	sc.Lock()
	defer sc.Unlock()
	id, e := paymentInvoice(r, sc)
	if e != nil {
		return e
	}
	gateway := in.Str("gateway_name")
	if gateway == "" {
		// Also what a body wrapped in {"payment_options": …} gets: the
		// body must be the bare object (python-sdk.md §1.4.6).
		paymentsValidation(w, r, "gateway_name", "Missing data for required field.")
		return nil
	}
	if !slices.Contains(paymentGateways, gateway) {
		paymentsValidation(w, r, "gateway_name", "Must be one of: fbpay, stripe, paypal.")
		return nil
	}
	if et := in.Str("entity_type"); et != "" && et != "invoice" {
		paymentsValidation(w, r, "entity_type", "Must be 'invoice'.")
		return nil
	}
	if eid := in.Str("entity_id"); eid != "" && eid != strconv.FormatInt(id, 10) {
		paymentsValidation(w, r, "entity_id", "Does not match the invoice of the path.")
		return nil
	}
	out := paymentDefaults(sc.Business, gateway)
	for _, f := range paymentFlags {
		v, ok := in[f]
		if !ok || v == nil {
			continue
		}
		b, isBool := v.(bool)
		if !isBool {
			paymentsValidation(w, r, f, "Not a valid boolean.")
			return nil
		}
		out[f] = b
	}
	if v, ok := in["stripe_acss_payment_options"]; ok {
		out["stripe_acss_payment_options"] = v
	}
	out["entity_id"] = strconv.FormatInt(id, 10)
	if err := sc.Save("payment_options", id, out); err != nil {
		return engine.StorageError(err)
	}
	// 201 Created is inferred: the sources do not show the status.
	engine.WriteJSON(w, r, http.StatusCreated, map[string]any{"payment_options": out.Clone()})
	return nil
}
