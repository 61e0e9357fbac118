package freshbookstest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/shopspring/decimal"
)

// The sales documents family: invoices, estimates, credit notes, recurring
// profiles, payments, taxes and items (freshbooks-api.md §4.1.2–§4.1.6).
//
// Documents are priced as FreshBooks prices them: a line's amount is qty ×
// unit_cost; its taxes are percentages (taxAmount1, taxAmount2; the
// second on top of the first when compounded_tax); a discount_value
// percentage comes off the subtotal before taxes; the total is subtotal −
// discount + taxes, to the cent. An invoice's paid is the sum of its
// payments that are not deleted, its outstanding what is left, and its
// payment_status, status, v3_status and display_status follow.
//
// Members a write must not set directly are kept apart in the stored
// record: the invoice's status number lives in "_base_status" (what was
// written or set by an action: draft, sent, viewed, disputed), and
// due_date is never stored but derived on each answer, so that a write of
// either can be told from the stored value.

// salesBehaviours are what invoices, estimates, credit notes, invoice
// profiles, payments, taxes and items do beyond the generic engine.
func salesBehaviours() map[string]behaviour {
	return map[string]behaviour{
		"taxes": {
			filters: map[string]filterDef{"taxid": {"taxid", fEq}, "taxids": {"taxid", fIn}, "name": {"name", fEq},
				"name_like": {"name", fLike}, "updated": {"updated", fRange}},
			sorts: map[string]string{"name": "name", "updated": "updated", "taxid": "taxid"},
			hooks: hooks{validate: validateTax, derive: deriveTax},
		},
		"items": {
			filters: map[string]filterDef{"itemid": {"itemid", fEq}, "itemids": {"itemid", fIn}, "sku": {"sku", fEq},
				"name": {"name", fEq}, "name_like": {"name", fLike}, "description_like": {"description", fLike}, "updated": {"updated", fRange}},
			sorts: map[string]string{"name": "name", "sku": "sku", "updated": "updated", "itemid": "itemid"},
			hooks: hooks{validate: validateItem, derive: deriveItem},
		},
		"credit_notes": {
			filters: map[string]filterDef{"clientid": {"clientid", fEq}, "clientids": {"clientid", fIn}, "creditid": {"creditid", fEq},
				"creditids": {"creditid", fIn}, "credit_number": {"credit_number", fEq}, "credit_type": {"credit_type", fEq},
				"date": {"create_date", fRange}, "updated": {"updated", fRange}},
			sorts: map[string]string{"create_date": "create_date", "credit_number": "credit_number", "amount": "_amount", "updated": "updated"},
			hooks: hooks{validate: validateCreditNote, derive: deriveCreditNote},
		},
		// HTTP DELETE (python SDK) and PUT vis_state 1 (Node SDK, Postman)
		// both delete an invoice.
		"invoices": {
			filters: map[string]filterDef{
				"customerid": {"customerid", fEq}, "customerids": {"customerid", fIn},
				"invoiceid": {"invoiceid", fEq}, "invoiceids": {"invoiceid", fIn}, "invoice_number": {"invoice_number", fEq},
				"date": {"create_date", fRange}, "updated": {"updated", fRange}, "v3_status": {"v3_status", fEq},
				"paid": {"_paid", fBool}, "outstanding": {"_outstanding", fBool},
			},
			sorts: map[string]string{"invoice_date": "create_date", "create_date": "create_date", "due_date": "_due_date",
				"invoice_number": "invoice_number", "amount": "_amount", "outstanding": "_outstanding_amount", "updated": "updated"},
			hidden: []string{"lines", "presentation", "allowed_gateways"},
			hooks: hooks{validate: validateInvoice, derive: deriveInvoice, view: viewInvoice, action: invoiceAction,
				actions: map[string]handler{"share_link": shareLink}},
		},
		"estimates": {
			filters: map[string]filterDef{
				"customerid": {"customerid", fEq}, "customerids": {"customerid", fIn},
				"estimateid": {"estimateid", fEq}, "estimateids": {"estimateid", fIn}, "estimate_number": {"estimate_number", fEq},
				"date": {"create_date", fRange}, "updated": {"updated", fRange}, "ui_status": {"ui_status", fEq},
			},
			sorts: map[string]string{"estimate_date": "create_date", "create_date": "create_date",
				"estimate_number": "estimate_number", "amount": "_amount", "updated": "updated"},
			hidden: []string{"lines"},
			hooks:  hooks{validate: validateEstimate, derive: deriveEstimate, action: estimateAction},
		},
		"invoice_profiles": {
			filters: map[string]filterDef{"customerid": {"customerid", fEq}, "customerids": {"customerid", fIn},
				"profileid": {"profileid", fEq}, "profileids": {"profileid", fIn}, "frequency": {"frequency", fEq},
				"updated": {"updated", fRange}},
			sorts:  map[string]string{"create_date": "create_date", "amount": "_amount", "updated": "updated"},
			hidden: []string{"lines"},
			hooks:  hooks{validate: validateProfile, derive: deriveProfile},
		},
		"payments": {
			filters: map[string]filterDef{
				"logid": {"logid", fEq}, "logids": {"logid", fIn}, "invoiceid": {"invoiceid", fEq},
				"clientid": {"clientid", fEq}, "clientids": {"clientid", fIn}, "customerid": {"clientid", fEq}, "customerids": {"clientid", fIn},
				"type": {"type", fEq}, "currency": {"_currency", fEq}, "from_credit": {"from_credit", fBool},
				"notes_like": {"note", fLike}, "note_like": {"note", fLike},
				"date": {"date", fRange}, "updated": {"updated", fRange}, "amount": {"_amount", fRange},
			},
			sorts: map[string]string{"date": "date", "amount": "_amount", "updated": "updated", "logid": "logid"},
			hooks: hooks{validate: validatePayment, derive: derivePayment, view: viewPayment, after: announceInvoice},
		},
	}
}

// announceInvoice makes a payment's create or update also announce the
// invoice it changed (its paid, outstanding and status move), as
// FreshBooks' invoice.update webhook would.
func announceInvoice(sc *scopeData, r *http.Request, o op, id int64) {
	if o != opCreate && o != opUpdate {
		return
	}
	sc.lock()
	defer sc.unlock()
	if invoiceID := sc.table("payments").byID[id].int("invoiceid"); invoiceID != 0 {
		sc.changed(r, sc.spec("invoices"), "update", invoiceID)
	}
}

// Base statuses of documents: what was written or set by an action.
const (
	docDisputed = 0
	docDraft    = 1
	docSent     = 2
	docViewed   = 3
)

// markSent moves a draft to sent; other statuses stay.
func markSent(rec record, statusKey string) {
	if rec.int(statusKey) == docDraft {
		rec[statusKey] = json.Number(strconv.Itoa(docSent))
	}
}

// badAction refuses an action the document does not have.
func badAction(action string) *apiError {
	return &apiError{status: 422, errno: 1004, field: "action_" + action, message: "Invalid value for field 'action_" + action + "'.", value: "true"}
}

func invoiceAction(sc *scopeData, r *http.Request, sp *spec, rec, in record, action string) *apiError {
	switch action {
	case "mark_as_sent":
		markSent(rec, "_base_status")
		return nil
	case "email":
		if e := docEmail(sc, sp, rec, in, "invoice_customized_email"); e != nil {
			return e
		}
		markSent(rec, "_base_status")
		rec["sentid"] = json.Number("1") // the account owner's accounting user id
		return nil
	}
	return badAction(action)
}

func estimateAction(sc *scopeData, r *http.Request, sp *spec, rec, in record, action string) *apiError {
	switch action {
	case "accept":
		// [INF] the status numbers of estimates are not documented:
		// accepted is inferred as 5 (draft 1, sent 2, viewed 3,
		// replied 4, accepted 5, invoiced 6).
		rec["status"] = json.Number("5")
		rec["accepted"] = true
		rec["reply_status"] = "accepted"
		return nil
	case "mark_as_sent":
		markSent(rec, "status")
		return nil
	case "email":
		if e := docEmail(sc, sp, rec, in, "estimate_customized_email"); e != nil {
			return e
		}
		markSent(rec, "status")
		return nil
	}
	return badAction(action)
}

// SentEmail is an invoice or estimate the sandbox was asked to email. The
// sandbox sends no mail; it keeps what it would have sent.
type SentEmail struct {
	AccountID  freshbooks.AccountID
	Resource   string // "invoice" or "estimate"
	ResourceID int64
	To         []string
	Subject    string
	Body       string
	IncludePDF bool
	At         time.Time
}

// docOutbox is the table of emails a scope "sent".
const docOutbox = "_outbox"

// docEmail checks an action_email body and files the email in the outbox.
func docEmail(sc *scopeData, sp *spec, rec, in record, customized string) *apiError {
	to, ok := in["email_recipients"].([]any)
	if !ok || len(to) == 0 {
		return validation(1001, "email_recipients", "The field 'email_recipients' is required.")
	}
	var addrs []any
	for _, a := range to {
		addr, ok := a.(string)
		if !ok || !strings.Contains(addr, "@") || strings.ContainsAny(addr, " \t\r\n") {
			e := validation(1004, "email_recipients", "Invalid value for field 'email_recipients'.")
			e.value = fmt.Sprint(a)
			return e
		}
		addrs = append(addrs, addr)
	}
	number := rec.str(sp.single + "_number")
	subject := sc.business.Name + " sent you " + docArticle(sp.single) + " " + sp.single + " (" + number + ")" // [INF] FreshBooks' default wording
	body := ""
	if c, ok := in[customized].(map[string]any); ok {
		subject = cmp.Or(record(c).str("subject"), subject)
		body = record(c).str("body")
	}
	out := record{"account": sc.business.AccountID, "resource": sp.single, "resourceid": rec["id"], "to": addrs,
		"subject": subject, "body": body, "include_pdf": truthy(in["email_include_pdf"]),
		"at": sc.now().UTC().Format(time.RFC3339Nano)}
	t := sc.table(docOutbox)
	id := t.insert(out)
	if err := sc.save(docOutbox, id, out); err != nil {
		t.remove(id)
		return storageError(err)
	}
	return nil
}

func docArticle(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}

// SentEmails returns the invoices and estimates emailed in the business
// with account id account, oldest first.
func (s *Sandbox) SentEmails(account freshbooks.AccountID) []SentEmail {
	s.eng.mu.Lock()
	defer s.eng.mu.Unlock()
	t := s.eng.tables["acct:"+string(account)+"/"+docOutbox]
	if t == nil {
		return nil
	}
	var out []SentEmail
	for _, id := range t.ids {
		rec := t.byID[id]
		e := SentEmail{AccountID: account, Resource: rec.str("resource"), ResourceID: rec.int("resourceid"),
			Subject: rec.str("subject"), Body: rec.str("body"), IncludePDF: rec.str("include_pdf") == "true"}
		e.At, _ = time.Parse(time.RFC3339Nano, rec.str("at"))
		to, _ := rec["to"].([]any)
		for _, a := range to {
			e.To = append(e.To, fmt.Sprint(a))
		}
		out = append(out, e)
	}
	return out
}

// shareLink serves GET …/invoices/invoices/{id}/share_link.
func shareLink(w http.ResponseWriter, r *http.Request, sc *scopeData) *apiError {
	sp := sc.spec("invoices")
	if m := r.URL.Query().Get("share_method"); m != "share_link" {
		return &apiError{status: 422, errno: 1004, field: "share_method", message: "Invalid value for field 'share_method'.", value: m}
	}
	sc.lock()
	_, rec, e := sc.lookup(sp, r)
	var link map[string]any
	if e == nil {
		if rec.int("_base_status") == docDraft {
			// [INF] FreshBooks says the invoice must be sent first;
			// the error it gives for a draft is not recorded.
			e = &apiError{status: 422, errno: 1004, field: "status",
				message: "The invoice must be sent before it can be shared.", value: rec.str("v3_status")}
		} else {
			link = map[string]any{"clientid": rec["customerid"], "resource_type": "invoice", "resourceid": rec["id"],
				"share_link":   "https://my.freshbooks.com/#/link/" + strings.ReplaceAll(rec.str("uuid"), "-", ""),
				"share_method": "share_link"}
		}
	}
	sc.unlock()
	if e != nil {
		return e
	}
	writeJSON(w, r, 200, result(map[string]any{"share_link": link}))
	return nil
}

// ---- Values ----

var (
	docHundred = decimal.NewFromInt(100)
)

func docCents(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// docHas reports whether a write set a member to something (not null).
func docHas(rec record, key string) bool { return rec[key] != nil }

func docValidDate(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func docDefaults(rec record, defaults map[string]any) {
	for k, v := range defaults {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
}

// docStripPrivate drops members a caller may not write: the sandbox's own
// bookkeeping ("_…").
func docStripPrivate(rec record) {
	for k := range rec {
		if strings.HasPrefix(k, "_") {
			delete(rec, k)
		}
	}
}

// docStored returns the stored version of rec (by its id) in the named
// table, or nil when rec is new.
func docStored(sc *scopeData, name string, rec record) record {
	id := rec.int("id")
	if id == 0 {
		return nil
	}
	return sc.table(name).byID[id]
}

// docWritten reports whether a write changes key: on create, whether it is
// set; on update, whether it differs from the stored value.
func docWritten(sc *scopeData, name string, rec record, key string) bool {
	old := docStored(sc, name, rec)
	if old == nil {
		return docHas(rec, key)
	}
	return rec.str(key) != old.str(key)
}

func docRequired(field string) *apiError {
	return validation(1001, field, "The field '"+field+"' is required.")
}

func docInvalid(field string, v any) *apiError {
	e := validation(1004, field, "Invalid value for field '"+field+"'.")
	e.value = record{"v": v}.str("v")
	return e
}

// ---- Clients and lines ----

// docClient returns a client that exists and is not deleted.
func docClient(sc *scopeData, id int64) record {
	c := sc.table("clients").byID[id]
	if c == nil || c.str("vis_state") == "1" {
		return nil
	}
	return c
}

// docCheckClient validates the client member (customerid or clientid) of a
// document. [INF] FreshBooks' answer for an unknown client is not
// recorded: a 422 with errno 1012 (UnknownResource) on the field.
func docCheckClient(sc *scopeData, name string, rec record, key string, creating bool) *apiError {
	if !docHas(rec, key) {
		if creating {
			return docRequired(key)
		}
		return nil
	}
	if !creating && !docWritten(sc, name, rec, key) {
		return nil
	}
	id := rec.int(key)
	if id <= 0 {
		return &apiError{status: 422, errno: 1015, field: key, message: "The field '" + key + "' must be a number.", value: rec.str(key)}
	}
	if docClient(sc, id) == nil {
		return &apiError{status: 422, errno: 1012, field: key, message: "Client not found.", value: rec.str(key)}
	}
	return nil
}

func docCheckDate(rec record, creating bool) *apiError {
	if !docHas(rec, "create_date") {
		if creating {
			return docRequired("create_date")
		}
		return nil
	}
	if !docValidDate(rec["create_date"]) {
		return &apiError{status: 422, errno: 1033, field: "create_date", message: "The field 'create_date' must be a date (YYYY-MM-DD).", value: rec.str("create_date")}
	}
	return nil
}

// docCheckLines validates the lines of a document write.
func docCheckLines(rec record) *apiError {
	if !docHas(rec, "lines") {
		return nil
	}
	lines, ok := rec["lines"].([]any)
	if !ok {
		return docInvalid("lines", rec["lines"])
	}
	for _, l := range lines {
		line, ok := l.(map[string]any)
		if !ok {
			return docInvalid("lines", l)
		}
		lr := record(line)
		if docHas(lr, "qty") {
			if _, ok := decimalOf(lr["qty"]); !ok {
				return &apiError{status: 422, errno: 1015, field: "qty", message: "The field 'qty' must be a number.", value: lr.str("qty")}
			}
		}
		if docHas(lr, "unit_cost") {
			if _, ok := amountOf(lr["unit_cost"]); !ok {
				return docInvalid("unit_cost", lr["unit_cost"])
			}
		}
		for _, k := range []string{"taxAmount1", "taxAmount2"} {
			if docHas(lr, k) && lr.str(k) != "" {
				if _, ok := decimalOf(lr[k]); !ok {
					return &apiError{status: 422, errno: 1018, field: k, message: "Percent values should be strings formatted as decimals.", value: lr.str(k)}
				}
			}
		}
		if docHas(lr, "type") {
			if t := lr.str("type"); t != "0" && t != "1" {
				return docInvalid("type", lr["type"])
			}
		}
	}
	return nil
}

func docCheckPercent(rec record, key string) *apiError {
	if docHas(rec, key) && rec.str(key) != "" {
		if _, ok := decimalOf(rec[key]); !ok {
			return &apiError{status: 422, errno: 1018, field: key, message: "Percent values should be strings formatted as decimals.", value: rec.str(key)}
		}
	}
	return nil
}

// docSnapshotFields maps a document's client members to the client's.
var docSnapshotFields = [][2]string{
	{"fname", "fname"}, {"lname", "lname"}, {"organization", "organization"}, {"email", "email"},
	{"street", "p_street"}, {"street2", "p_street2"}, {"city", "p_city"}, {"province", "p_province"},
	{"code", "p_code"}, {"country", "p_country"}, {"vat_name", "vat_name"}, {"vat_number", "vat_number"},
}

// docSnapshot copies the client's name and address into a document, as
// FreshBooks does when it is made: members the write set are kept; a
// change of client copies everything again.
func docSnapshot(sc *scopeData, rec record, key string) {
	cid := rec.str(key)
	client := sc.table("clients").byID[rec.int(key)]
	if client == nil {
		return
	}
	again := rec.str("_snapshot_of") != "" && rec.str("_snapshot_of") != cid
	for _, f := range docSnapshotFields {
		if _, ok := rec[f[0]]; again || !ok {
			rec[f[0]] = client.str(f[1])
		}
	}
	rec["current_organization"] = client.str("organization")
	if again || rec.str("currency_code") == "" {
		rec["currency_code"] = cmp.Or(client.str("currency_code"), cmp.Or(sc.business.Currency, "USD"))
	}
	rec["_snapshot_of"] = cid
}

// docTotals are the totals of a priced document.
type docTotals struct {
	subtotal, discount, tax, amount decimal.Decimal
}

// docPrice normalizes the lines of a document and computes its totals. Line
// ids are numbered within the document, as FreshBooks does (1, 2, …).
// parentKey names the member of a line that refers to the document.
func docPrice(sc *scopeData, rec record, parentKey string, discount bool) docTotals {
	code := rec.str("currency_code")
	lines, _ := rec["lines"].([]any)
	next := int64(0)
	for _, l := range lines {
		if m, ok := l.(map[string]any); ok {
			next = max(next, record(m).int("lineid"))
		}
	}
	var pct decimal.Decimal
	if discount {
		pct, _ = decimalOf(rec["discount_value"])
	}
	var t docTotals
	kept := make([]any, 0, len(lines))
	for _, l := range lines {
		m, ok := l.(map[string]any)
		if !ok {
			continue
		}
		line := record(m)
		if line.int("lineid") <= 0 {
			next++
			line["lineid"] = json.Number(strconv.FormatInt(next, 10))
		}
		line[parentKey] = rec["id"]
		qty, ok := decimalOf(line["qty"])
		if !ok {
			qty = decimal.NewFromInt(1) // [INF] a line without qty counts once
		}
		cost, _ := amountOf(line["unit_cost"])
		amount := docCents(qty.Mul(cost))
		line["qty"] = qty.String()
		line["unit_cost"] = moneyJSON(cost, code)
		line["amount"] = moneyJSON(amount, code)
		docDefaults(line, map[string]any{"type": json.Number("0"), "name": "", "description": "", "compounded_tax": false,
			"taxName1": "", "taxName2": "", "expenseid": json.Number("0"), "taskno": json.Number("0"), "retainer_id": nil,
			"retainer_period_id": nil, "modern_project_id": nil, "modern_time_entries": []any{}, "basecampid": json.Number("0"), "date": nil})
		rate1 := docLineTax(sc, line, "1")
		rate2 := docLineTax(sc, line, "2")
		// Taxes apply to the amount after the discount; a compounded
		// second tax applies to the amount plus the first tax.
		base := amount.Mul(docHundred.Sub(pct)).Shift(-2)
		tax1 := base.Mul(rate1).Shift(-2)
		on := base
		if line.str("compounded_tax") == "true" {
			on = base.Add(tax1)
		}
		tax2 := on.Mul(rate2).Shift(-2)
		t.subtotal = t.subtotal.Add(amount)
		t.tax = t.tax.Add(tax1).Add(tax2)
		kept = append(kept, map[string]any(line))
	}
	rec["lines"] = kept
	t.discount = docCents(t.subtotal.Mul(pct).Shift(-2))
	t.tax = docCents(t.tax)
	t.amount = t.subtotal.Sub(t.discount).Add(t.tax)
	return t
}

// docLineTax returns the rate of a line's tax n ("1" or "2"), filling in the
// rate and the registration number of a business tax named without a rate.
func docLineTax(sc *scopeData, line record, n string) decimal.Decimal {
	name := strings.TrimSpace(line.str("taxName" + n))
	if rate, ok := decimalOf(line["taxAmount"+n]); ok {
		line["taxAmount"+n] = rate.String()
		return rate
	}
	line["taxAmount"+n] = nil
	if name == "" {
		return decimal.Decimal{}
	}
	t := sc.table("taxes")
	for _, id := range t.ids {
		tax := t.byID[id]
		if strings.EqualFold(tax.str("name"), name) {
			rate, _ := decimalOf(tax["amount"])
			line["taxAmount"+n] = rate.String()
			if num := tax.str("number"); num != "" {
				line["taxNumber"+n] = num
			}
			return rate
		}
	}
	return decimal.Decimal{}
}

// docNumber gives a document its number when the write did not: one more
// than the documents of its kind in the scope, seven digits.
func docNumber(sc *scopeData, rec record, table, key string) {
	if rec.str(key) == "" {
		rec[key] = fmt.Sprintf("%07d", len(sc.table(table).ids))
	}
}

// docCommon are members every invoice-like document answers with.
func docCommon(sc *scopeData, rec record) {
	docDefaults(rec, map[string]any{"ownerid": json.Number("1"), "language": "en", "notes": "", "terms": "",
		"description": "", "po_number": "", "discount_value": "0", "discount_description": "", "template": "clean-grouped",
		"address": "", "ext_archive": json.Number("0"), "vis_state": json.Number("0")})
	rec["accountid"] = sc.business.AccountID
}

// docUUID gives a document its uuid once.
func docUUID(sc *scopeData, rec record) {
	if rec.str("uuid") == "" {
		rec["uuid"] = sc.uuid()
	}
}

// docDropActions removes action members a write left (an action set to
// false, or the parameters of one).
func docDropActions(rec record) {
	for k := range rec {
		if strings.HasPrefix(k, "action_") {
			delete(rec, k)
		}
	}
	for _, k := range []string{"email_recipients", "invoice_customized_email", "estimate_customized_email", "email_include_pdf"} {
		delete(rec, k)
	}
}

// ---- Invoices ----

func validateInvoice(sc *scopeData, rec record, creating bool) *apiError {
	if creating {
		docStripPrivate(rec)
	}
	if _, ok := rec["due_date"]; ok {
		// Stored invoices never hold due_date (it is derived on each
		// answer), so this is a write of it [LIVE-3P GSS B13]; the exact
		// wording of FreshBooks' message is not recorded.
		return &apiError{status: 403, errno: 1038, field: "due_date", message: "Write access denied for the field 'due_date'.", value: rec.str("due_date")}
	}
	if v, ok := rec["status"]; ok {
		n, isNum := v.(json.Number)
		if !isNum {
			return &apiError{status: 422, errno: 1015, field: "status", message: "The field 'status' must be a number.", value: rec.str("status")}
		}
		if k, err := strconv.Atoi(n.String()); err != nil || k < 0 || k > 3 {
			return &apiError{status: 422, errno: 1004, field: "status", message: "Status must be one of 'draft', 'sent', 'viewed' or 'disputed'.", value: n.String()}
		}
	}
	if e := docCheckClient(sc, "invoices", rec, "customerid", creating); e != nil {
		return e
	}
	if e := docCheckDate(rec, creating); e != nil {
		return e
	}
	if docHas(rec, "due_offset_days") {
		if n, err := strconv.Atoi(rec.str("due_offset_days")); err != nil {
			return &apiError{status: 422, errno: 1015, field: "due_offset_days", message: "The field 'due_offset_days' must be a number.", value: rec.str("due_offset_days")}
		} else if n < 0 {
			return &apiError{status: 422, errno: 1025, field: "due_offset_days", message: "A value in the request that was negative should not be.", value: rec.str("due_offset_days")}
		}
	}
	if e := docCheckPercent(rec, "discount_value"); e != nil {
		return e
	}
	if docHas(rec, "allowed_gatewayids") {
		ids, ok := rec["allowed_gatewayids"].([]any)
		if !ok {
			return docInvalid("allowed_gatewayids", rec["allowed_gatewayids"])
		}
		for _, id := range ids {
			if _, known := docGateways[record{"v": id}.str("v")]; !known {
				return &apiError{status: 422, errno: 1012, field: "allowed_gatewayids", message: "Gateway not found.", value: record{"v": id}.str("v")}
			}
		}
	}
	return docCheckLines(rec)
}

// docGateways are the online payment gateways by id (Postman "Toggle
// gateways": Stripe 26, FreshBooks Payments 30, PayPal 7).
var docGateways = map[string]string{"26": "Stripe", "30": "FreshBooks Payments", "7": "PayPal"}

func deriveInvoice(sc *scopeData, rec record) {
	docDropActions(rec)
	if v, ok := rec["status"]; ok {
		rec["_base_status"] = json.Number(record{"v": v}.str("v"))
		delete(rec, "status")
	}
	if _, ok := rec["_base_status"]; !ok {
		rec["_base_status"] = json.Number(strconv.Itoa(docDraft))
	}
	if ids, ok := rec["allowed_gatewayids"].([]any); ok {
		var gws []any
		for i, id := range ids {
			gid := record{"v": id}.str("v")
			gws = append(gws, map[string]any{"id": json.Number(strconv.Itoa(i + 1)), "allowedid": json.Number(strconv.Itoa(i + 1)),
				"gatewayid": json.Number(gid), "gateway_name": docGateways[gid], "connectionid": nil})
		}
		rec["allowed_gateways"] = gws
	}
	delete(rec, "allowed_gatewayids")
	delete(rec, "use_default_presentation")
	docSnapshot(sc, rec, "customerid")
	docNumber(sc, rec, "invoices", "invoice_number")
	docCommon(sc, rec)
	docUUID(sc, rec)
	docDefaults(rec, map[string]any{"due_offset_days": json.Number("0"), "sentid": nil, "estimateid": json.Number("0"),
		"parent": json.Number("0"), "basecampid": json.Number("0"), "deposit_status": "none", "deposit_amount": nil,
		"deposit_percentage": nil, "auto_bill": false, "autobill_status": nil, "dispute_status": nil, "last_order_status": nil,
		"fulfillment_date": nil, "generation_date": nil, "payment_details": "", "return_uri": nil, "show_attachments": true,
		"gmail": false, "attachments": []any{}})
	docSettle(sc, rec, nil)
}

// docSettle prices an invoice and brings its payment totals and statuses up
// to date. with, when not nil, is a payment being written, counted in
// place of its stored version.
func docSettle(sc *scopeData, rec record, with record) {
	code := rec.str("currency_code")
	t := docPrice(sc, rec, "invoiceid", true)
	id := rec.int("id")
	var sum decimal.Decimal
	lastPaid := ""
	pay := sc.table("payments")
	count := func(p record) {
		if p.int("invoiceid") != id || p.str("vis_state") == "1" {
			return
		}
		amt, _ := amountOf(p["amount"])
		sum = sum.Add(amt)
		if d := p.str("date"); d > lastPaid {
			lastPaid = d
		}
	}
	for _, pid := range pay.ids {
		if with != nil && pid == with.int("id") {
			continue
		}
		count(pay.byID[pid])
	}
	if with != nil {
		count(with)
	}
	// An overpayment goes to a credit note: the invoice counts what it
	// was owed at most.
	paid := decimal.Min(sum, decimal.Max(t.amount, decimal.Zero))
	outstanding := t.amount.Sub(paid)
	status := "unpaid"
	switch {
	case paid.Sign() > 0 && outstanding.Sign() <= 0:
		status = "paid"
	case paid.Sign() > 0:
		status = "partial"
	}
	base := int(rec.int("_base_status"))
	v3 := map[int]string{docDisputed: "disputed", docDraft: "draft", docSent: "sent", docViewed: "viewed"}[base]
	display := map[int]string{docDisputed: "sent", docDraft: "draft", docSent: "sent", docViewed: "viewed"}[base]
	if status != "unpaid" {
		v3 = status
	}
	rec["amount"] = moneyJSON(t.amount, code)
	rec["discount_total"] = moneyJSON(t.discount, code)
	rec["paid"] = moneyJSON(paid, code)
	rec["net_paid_amount"] = moneyJSON(paid, code)
	rec["outstanding"] = moneyJSON(outstanding, code)
	rec["payment_status"] = status
	rec["v3_status"] = v3
	rec["display_status"] = display
	rec["date_paid"] = nil
	if status == "paid" {
		rec["date_paid"] = lastPaid
	}
	rec["_amount"] = t.amount.String()
	rec["_outstanding_amount"] = outstanding.String()
	rec["_paid"] = status == "paid"
	// [INF] "outstanding" is read as owed: sent (not draft) and not
	// fully paid.
	rec["_outstanding"] = outstanding.Sign() > 0 && base != docDraft
	rec["_due_date"] = docDueDate(rec)
}

// docDueDate is create_date + due_offset_days, or nil.
func docDueDate(rec record) any {
	d, err := time.Parse("2006-01-02", rec.str("create_date"))
	if err != nil {
		return nil
	}
	return d.AddDate(0, 0, int(rec.int("due_offset_days"))).Format("2006-01-02")
}

// docInvoiceStatus is the status number of an invoice by its v3 status.
var docInvoiceStatus = map[string]int{"disputed": 0, "draft": 1, "sent": 2, "viewed": 3, "paid": 4, "autopaid": 5,
	"retry": 6, "failed": 7, "partial": 8}

func viewInvoice(sc *scopeData, out record, includes []string) {
	out["status"] = json.Number(strconv.Itoa(docInvoiceStatus[out.str("v3_status")]))
	out["due_date"] = docDueDate(out)
	if slices.Contains(includes, "lines") && out["lines"] == nil {
		out["lines"] = []any{}
	}
	if slices.Contains(includes, "allowed_gateways") && out["allowed_gateways"] == nil {
		out["allowed_gateways"] = []any{}
	}
	if slices.Contains(includes, "presentation") {
		p, _ := out["presentation"].(map[string]any)
		if p == nil {
			p = map[string]any{}
		}
		docDefaults(record(p), map[string]any{"invoiceid": out["id"], "date_format": cmp.Or(sc.business.DateFormat, "mm/dd/yyyy"),
			"image_logo_src": nil, "image_banner_src": nil, "image_banner_position_y": json.Number("0"),
			"theme_primary_color": "#663399", "theme_layout": "simple", "theme_font_name": "modern"})
		out["presentation"] = p
	}
}

// ---- Estimates ----

func validateEstimate(sc *scopeData, rec record, creating bool) *apiError {
	if creating {
		docStripPrivate(rec)
	}
	if v, ok := rec["status"]; ok {
		n, isNum := v.(json.Number)
		if !isNum {
			return &apiError{status: 422, errno: 1015, field: "status", message: "The field 'status' must be a number.", value: rec.str("status")}
		}
		if k, err := strconv.Atoi(n.String()); err != nil || k < 0 || k > 6 {
			return docInvalid("status", v)
		}
	}
	if e := docCheckClient(sc, "estimates", rec, "customerid", creating); e != nil {
		return e
	}
	if e := docCheckDate(rec, creating); e != nil {
		return e
	}
	if e := docCheckPercent(rec, "discount_value"); e != nil {
		return e
	}
	return docCheckLines(rec)
}

// docEstimateUIStatus names the estimate statuses [INF].
var docEstimateUIStatus = map[int64]string{0: "disputed", 1: "draft", 2: "sent", 3: "viewed", 4: "replied", 5: "accepted", 6: "invoiced"}

func deriveEstimate(sc *scopeData, rec record) {
	docDropActions(rec)
	docSnapshot(sc, rec, "customerid")
	docNumber(sc, rec, "estimates", "estimate_number")
	docCommon(sc, rec)
	docUUID(sc, rec)
	docDefaults(rec, map[string]any{"status": json.Number("1"), "accepted": false, "invoiced": false, "rich_proposal": false,
		"require_client_signature": false, "reply_status": nil, "invoiceid": nil})
	st := rec.int("status")
	rec["ui_status"] = docEstimateUIStatus[st]
	rec["display_status"] = map[int64]string{0: "sent", 1: "draft", 2: "sent"}[st]
	if st >= 3 {
		rec["display_status"] = "viewed"
	}
	if st == 5 {
		rec["accepted"] = true
	}
	t := docPrice(sc, rec, "estimateid", true)
	code := rec.str("currency_code")
	rec["amount"] = moneyJSON(t.amount, code)
	rec["discount_total"] = moneyJSON(t.discount, code)
	rec["_amount"] = t.amount.String()
}

// ---- Credit notes ----

var docCreditTypes = []string{"goodwill", "overpayment", "prepayment"}

func validateCreditNote(sc *scopeData, rec record, creating bool) *apiError {
	if creating {
		docStripPrivate(rec)
	}
	if e := docCheckClient(sc, "credit_notes", rec, "clientid", creating); e != nil {
		return e
	}
	if e := docCheckDate(rec, creating); e != nil {
		return e
	}
	if docHas(rec, "credit_type") && !slices.Contains(docCreditTypes, rec.str("credit_type")) {
		return docInvalid("credit_type", rec["credit_type"])
	}
	return docCheckLines(rec)
}

func deriveCreditNote(sc *scopeData, rec record) {
	docSnapshot(sc, rec, "clientid")
	docNumber(sc, rec, "credit_notes", "credit_number")
	docCommon(sc, rec)
	delete(rec, "discount_value")
	delete(rec, "discount_description")
	// [INF] a credit note made by hand is goodwill unless said otherwise.
	docDefaults(rec, map[string]any{"credit_type": "goodwill", "sentid": nil, "payment_type": "", "dispute_status": nil,
		"last_order_status": nil, "status": "draft", "display_status": "draft"})
	t := docPrice(sc, rec, "creditid", false)
	code := rec.str("currency_code")
	rec["amount"] = moneyJSON(t.amount, code)
	rec["paid"] = moneyJSON(decimal.Zero, code)
	rec["payment_status"] = "unpaid"
	rec["_amount"] = t.amount.String()
}

// ---- Recurring profiles ----

// frequencies FreshBooks offers: every n weeks, months or years [INF].
var docFrequency = regexp.MustCompile(`^([1-9][0-9]?)?[wmy]$`)

func validateProfile(sc *scopeData, rec record, creating bool) *apiError {
	if creating {
		docStripPrivate(rec)
	}
	if e := docCheckClient(sc, "invoice_profiles", rec, "customerid", creating); e != nil {
		return e
	}
	if e := docCheckDate(rec, creating); e != nil {
		return e
	}
	if !docHas(rec, "frequency") {
		if creating {
			return docRequired("frequency")
		}
	} else if !docFrequency.MatchString(rec.str("frequency")) {
		return docInvalid("frequency", rec["frequency"])
	}
	for _, k := range []string{"numberRecurring", "due_offset_days"} {
		if docHas(rec, k) {
			if n, err := strconv.Atoi(rec.str(k)); err != nil {
				return &apiError{status: 422, errno: 1015, field: k, message: "The field '" + k + "' must be a number.", value: rec.str(k)}
			} else if n < 0 {
				return &apiError{status: 422, errno: 1025, field: k, message: "A value in the request that was negative should not be.", value: rec.str(k)}
			}
		}
	}
	if e := docCheckPercent(rec, "discount_value"); e != nil {
		return e
	}
	return docCheckLines(rec)
}

func deriveProfile(sc *scopeData, rec record) {
	docSnapshot(sc, rec, "customerid")
	docCommon(sc, rec)
	delete(rec, "accountid")
	docDefaults(rec, map[string]any{"numberRecurring": json.Number("0"), "occurrences_to_date": json.Number("0"),
		"due_offset_days": json.Number("0"), "send_email": true, "send_gmail": false, "auto_bill": false, "disable": false,
		"include_unbilled_time": false, "bill_gateway": nil, "payment_details": "", "return_uri": nil, "retainer_id": nil})
	t := docPrice(sc, rec, "profileid", true)
	code := rec.str("currency_code")
	rec["amount"] = moneyJSON(t.amount, code)
	rec["discount_total"] = moneyJSON(t.discount, code)
	rec["_amount"] = t.amount.String()
}

// ---- Payments ----

var docPaymentTypes = []string{"Check", "Credit", "Cash", "Bank Transfer", "Credit Card", "Debit", "PayPal", "2Checkout",
	"VISA", "MASTERCARD", "DISCOVER", "AMEX", "DINERS", "JCB", "ACH", "Other"}

func validatePayment(sc *scopeData, rec record, creating bool) *apiError {
	if creating {
		docStripPrivate(rec)
	}
	switch {
	case !docHas(rec, "invoiceid"):
		return docRequired("invoiceid")
	case creating || docWritten(sc, "payments", rec, "invoiceid"):
		inv := sc.table("invoices").byID[rec.int("invoiceid")]
		if inv == nil || inv.str("vis_state") == "1" {
			// [INF] as for clients: 422 with errno 1012 on the field.
			return &apiError{status: 422, errno: 1012, field: "invoiceid", message: "Invoice not found.", value: rec.str("invoiceid")}
		}
	}
	if !docHas(rec, "amount") {
		return docRequired("amount")
	}
	amt, ok := amountOf(rec["amount"])
	switch {
	case !ok:
		return docInvalid("amount", rec["amount"])
	case amt.Sign() <= 0:
		return &apiError{status: 422, errno: 1025, field: "amount", message: "The payment amount must be greater than zero.", value: amt.String()}
	}
	if docHas(rec, "date") && !docValidDate(rec["date"]) {
		return &apiError{status: 422, errno: 1033, field: "date", message: "The field 'date' must be a date (YYYY-MM-DD).", value: rec.str("date")}
	}
	if docHas(rec, "type") && !slices.Contains(docPaymentTypes, rec.str("type")) {
		return docInvalid("type", rec["type"])
	}
	return nil
}

func derivePayment(sc *scopeData, rec record) {
	creating := rec["_derived"] == nil
	invoices := sc.table("invoices")
	inv := invoices.byID[rec.int("invoiceid")]
	if inv == nil { // cannot happen: validated
		return
	}
	code := inv.str("currency_code")
	amt, _ := amountOf(rec["amount"])
	rec["amount"] = moneyJSON(amt, code)
	rec["clientid"] = inv["customerid"]
	rec["_amount"] = amt.String()
	rec["_currency"] = code
	// [INF] a payment without a type is recorded as "Other".
	docDefaults(rec, map[string]any{"date": sc.today(), "type": "Other", "note": "", "from_credit": false,
		"send_client_notification": false, "creditid": nil, "overpaymentid": nil, "orderid": nil, "gateway": nil,
		"transactionid": nil, "bulk_paymentid": nil})
	if creating {
		// Paying more than is owed makes a credit note of the excess
		// (Postman "Create Payment": overpaymentid set).
		owed, _ := amountOf(inv["outstanding"])
		if excess := amt.Sub(owed); excess.Sign() > 0 {
			if sp := sc.spec("credit_notes"); sp != nil {
				credit := record{"clientid": inv["customerid"], "create_date": rec["date"], "credit_type": "overpayment",
					"currency_code": code, "notes": "Overpayment of invoice " + inv.str("invoice_number") + ".",
					"lines": []any{map[string]any{"name": "Overpayment", "qty": "1", "unit_cost": map[string]any{"amount": excess.String()}}}}
				if id, e := sc.create(sp, credit); e == nil {
					rec["overpaymentid"] = json.Number(strconv.FormatInt(id, 10))
				}
			}
		}
	}
	rec["_derived"] = true
	// The invoice's totals follow the payment, and those of the invoice
	// it moved from.
	ids := []int64{rec.int("invoiceid")}
	if old := docStored(sc, "payments", rec); old != nil && old.int("invoiceid") != ids[0] {
		ids = append(ids, old.int("invoiceid"))
	}
	isp := sc.spec("invoices")
	for _, id := range ids {
		if stored := invoices.byID[id]; stored != nil && isp != nil {
			next := stored.clone()
			docSettle(sc, next, rec)
			sc.stamp(isp, next, false)
			_ = sc.save("invoices", id, next) // best effort: the payment itself is what was asked
		}
	}
}

func viewPayment(sc *scopeData, out record, includes []string) {
	if slices.Contains(includes, "invoice") {
		if sp := sc.spec("invoices"); sp != nil {
			if inv := sc.table("invoices").byID[out.int("invoiceid")]; inv != nil {
				out["invoice"] = sc.render(sp, inv, nil)
			}
		}
	}
	if slices.Contains(includes, "client") {
		if sp := sc.spec("clients"); sp != nil {
			if c := sc.table("clients").byID[out.int("clientid")]; c != nil {
				out["client"] = sc.render(sp, c, nil)
			}
		}
	}
}

// ---- Taxes ----

func validateTax(sc *scopeData, rec record, creating bool) *apiError {
	if creating {
		docStripPrivate(rec)
	}
	name := strings.TrimSpace(rec.str("name"))
	if name == "" {
		return docRequired("name")
	}
	t := sc.table("taxes")
	for _, id := range t.ids {
		if id != rec.int("id") && strings.EqualFold(strings.TrimSpace(t.byID[id].str("name")), name) {
			// Postman "Create Tax" 422 example, verbatim.
			return &apiError{status: 422, errno: 13002, field: "name", message: "The tax name '" + rec.str("name") + "' is already in use.", value: rec.str("name")}
		}
	}
	if !docHas(rec, "amount") {
		if creating {
			return docRequired("amount")
		}
	} else if e := docCheckPercent(rec, "amount"); e != nil {
		return e
	} else if rec.str("amount") == "" {
		return docRequired("amount")
	}
	if docHas(rec, "compound") {
		if _, ok := rec["compound"].(bool); !ok {
			return &apiError{status: 422, errno: 1031, field: "compound", message: "The field 'compound' must be a boolean.", value: rec.str("compound")}
		}
	}
	return nil
}

func deriveTax(sc *scopeData, rec record) {
	delete(rec, "vis_state") // taxes have none; they are deleted for good
	if d, ok := decimalOf(rec["amount"]); ok {
		rec["amount"] = d.String()
	}
	if rec.str("number") == "" {
		rec["number"] = nil
	}
	docDefaults(rec, map[string]any{"compound": false})
}

// ---- Items ----

func validateItem(sc *scopeData, rec record, creating bool) *apiError {
	if creating {
		docStripPrivate(rec)
	}
	if strings.TrimSpace(rec.str("name")) == "" {
		return docRequired("name") // [INF] FreshBooks' items need a name
	}
	for _, k := range []string{"qty", "inventory"} {
		if docHas(rec, k) {
			if _, ok := decimalOf(rec[k]); !ok {
				return &apiError{status: 422, errno: 1015, field: k, message: "The field '" + k + "' must be a number.", value: rec.str(k)}
			}
		}
	}
	if docHas(rec, "unit_cost") {
		if _, ok := amountOf(rec["unit_cost"]); !ok {
			return docInvalid("unit_cost", rec["unit_cost"])
		}
	}
	for _, k := range []string{"tax1", "tax2"} {
		if !docHas(rec, k) || !docWritten(sc, "items", rec, k) {
			continue
		}
		id, err := strconv.ParseInt(rec.str(k), 10, 64)
		if err != nil {
			return &apiError{status: 422, errno: 1015, field: k, message: "The field '" + k + "' must be a number.", value: rec.str(k)}
		}
		if id != 0 && sc.table("taxes").byID[id] == nil {
			return &apiError{status: 422, errno: 1012, field: k, message: "Tax not found.", value: rec.str(k)}
		}
	}
	if t1 := rec.int("tax1"); t1 != 0 && t1 == rec.int("tax2") {
		return &apiError{status: 422, errno: 1019, field: "tax2", message: "A tax being added to an item seems to already exist.", value: rec.str("tax2")}
	}
	return nil
}

func deriveItem(sc *scopeData, rec record) {
	code := cmp.Or(sc.business.Currency, "USD")
	cost, _ := amountOf(rec["unit_cost"])
	if m, ok := rec["unit_cost"].(map[string]any); ok {
		code = cmp.Or(record(m).str("code"), code)
	}
	rec["unit_cost"] = moneyJSON(cost, code)
	for _, k := range []string{"qty", "inventory"} {
		if d, ok := decimalOf(rec[k]); ok {
			rec[k] = d.String()
		}
	}
	docDefaults(rec, map[string]any{"description": "", "qty": "0", "inventory": nil, "sku": "",
		"tax1": json.Number("0"), "tax2": json.Number("0")})
}
