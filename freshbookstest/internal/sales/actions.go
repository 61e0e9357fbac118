package sales

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// announceInvoice makes a payment's create or update also announce the
// invoice it changed (its paid, outstanding and status move), as
// FreshBooks' invoice.update webhook would.
func announceInvoice(sc *engine.Scope, r *http.Request, o engine.Op, id int64) {
	if o != engine.OpCreate && o != engine.OpUpdate {
		return
	}
	sc.Lock()
	defer sc.Unlock()
	if invoiceID := sc.Table("payments").ByID[id].Int("invoiceid"); invoiceID != 0 {
		sc.Changed(r, sc.Named("invoices"), "update", invoiceID)
	}
}

// Base statuses of documents: what was written or set by an action.
const (
	statusDisputed = 0
	statusDraft    = 1
	statusSent     = 2
	statusViewed   = 3
)

// markSent moves a draft to sent; other statuses stay.
func markSent(rec engine.Record, statusKey string) {
	if rec.Int(statusKey) == statusDraft {
		rec[statusKey] = json.Number(strconv.Itoa(statusSent))
	}
}

// badAction refuses an action the document does not have.
func badAction(action string) *engine.Error {
	return &engine.Error{Status: 422, Errno: 1004, Field: "action_" + action, Message: "Invalid value for field 'action_" + action + "'.", Value: "true"}
}

func invoiceAction(sc *engine.Scope, r *http.Request, sp *engine.Spec, rec, in engine.Record, action string) *engine.Error {
	switch action {
	case "mark_as_sent":
		markSent(rec, "_base_status")
		return nil
	case "email":
		if e := emailDocument(sc, sp, rec, in, "invoice_customized_email"); e != nil {
			return e
		}
		markSent(rec, "_base_status")
		rec["sentid"] = json.Number("1") // the account owner's accounting user id
		return nil
	}
	return badAction(action)
}

func estimateAction(sc *engine.Scope, r *http.Request, sp *engine.Spec, rec, in engine.Record, action string) *engine.Error {
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
		if e := emailDocument(sc, sp, rec, in, "estimate_customized_email"); e != nil {
			return e
		}
		markSent(rec, "status")
		return nil
	}
	return badAction(action)
}

// Outbox is the table of emails a scope "sent".
const Outbox = "_outbox"

// emailDocument checks an action_email body and files the email in the outbox.
func emailDocument(sc *engine.Scope, sp *engine.Spec, rec, in engine.Record, customized string) *engine.Error {
	to, ok := in["email_recipients"].([]any)
	if !ok || len(to) == 0 {
		return engine.Validation(1001, "email_recipients", "The field 'email_recipients' is required.")
	}
	var addrs []any
	for _, a := range to {
		addr, ok := a.(string)
		if !ok || !strings.Contains(addr, "@") || strings.ContainsAny(addr, " \t\r\n") {
			e := engine.Validation(1004, "email_recipients", "Invalid value for field 'email_recipients'.")
			e.Value = fmt.Sprint(a)
			return e
		}
		addrs = append(addrs, addr)
	}
	number := rec.Str(sp.Single + "_number")
	subject := sc.Business.Name + " sent you " + article(sp.Single) + " " + sp.Single + " (" + number + ")" // [INF] FreshBooks' default wording
	body := ""
	if c, ok := in[customized].(map[string]any); ok {
		subject = cmp.Or(engine.Record(c).Str("subject"), subject)
		body = engine.Record(c).Str("body")
	}
	out := engine.Record{"account": sc.Business.AccountID, "resource": sp.Single, "resourceid": rec["id"], "to": addrs,
		"subject": subject, "body": body, "include_pdf": engine.Truthy(in["email_include_pdf"]),
		"at": sc.Now().UTC().Format(time.RFC3339Nano)}
	t := sc.Table(Outbox)
	id := t.Insert(out)
	if err := sc.Save(Outbox, id, out); err != nil {
		t.Remove(id)
		return engine.StorageError(err)
	}
	return nil
}

func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}

// shareLink serves GET …/invoices/invoices/{id}/share_link.
func shareLink(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sp := sc.Named("invoices")
	if m := r.URL.Query().Get("share_method"); m != "share_link" {
		return &engine.Error{Status: 422, Errno: 1004, Field: "share_method", Message: "Invalid value for field 'share_method'.", Value: m}
	}
	sc.Lock()
	_, rec, e := sc.Lookup(sp, r)
	var link map[string]any
	if e == nil {
		if rec.Int("_base_status") == statusDraft {
			// [INF] FreshBooks says the invoice must be sent first;
			// the error it gives for a draft is not recorded.
			e = &engine.Error{Status: 422, Errno: 1004, Field: "status",
				Message: "The invoice must be sent before it can be shared.", Value: rec.Str("v3_status")}
		} else {
			link = map[string]any{"clientid": rec["customerid"], "resource_type": "invoice", "resourceid": rec["id"],
				"share_link":   "https://my.freshbooks.com/#/link/" + strings.ReplaceAll(rec.Str("uuid"), "-", ""),
				"share_method": "share_link"}
		}
	}
	sc.Unlock()
	if e != nil {
		return e
	}
	engine.WriteJSON(w, r, 200, engine.Result(map[string]any{"share_link": link}))
	return nil
}
