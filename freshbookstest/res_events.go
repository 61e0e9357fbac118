package freshbookstest

import (
	"crypto/hmac"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks/webhook"
)

// The events family's texts (freshbooks-api.md §5.2). The validation
// details imitate pydantic v2, which the family's messages come from;
// those the references do not show are marked [INF] where made.
const (
	eventsNotFound     = "Requested resource could not be found."
	eventsInvalid      = "The request was well-formed but was unable to be followed due to semantic errors."
	badEvent           = "event: Value error, Unrecognized event."
	badURIRelative     = "uri: Input should be a valid URL, relative URL without a base"
	badURIEmpty        = "uri: Input should be a valid URL, input is empty"                   // [INF] pydantic's text
	badURIScheme       = "uri: URL scheme should be 'http' or 'https'"                        // [INF] pydantic's text
	badURIHost         = "uri: Input should be a valid URL, empty host"                       // [INF] pydantic's text
	badVerifier        = "verifier: Value error, Invalid verifier."                           // [INF]
	badCallbackID      = "callback_id: Value error, Does not match the callback of the path." // [INF]
	verifierAlphabet   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	verifierLength     = 33 // as the observed "UWQfd9zCzxmVwFZWKqqKwLxqz8gvzGdAn"
	callbacksListPath  = "/events/account/{account}/events/callbacks"
	callbacksTableName = "callbacks"
)

// eventScopes maps each event noun to the scope object whose read scope
// registering a callback for it needs (freshbooks-api.md §7.2).
var eventScopes = map[string]string{
	webhook.EventBill: "bills", webhook.EventBillVendor: "bill_vendors", webhook.EventCategory: "expenses",
	webhook.EventClient: "clients", webhook.EventCreditNote: "credit_notes", webhook.EventEstimate: "estimates",
	webhook.EventExpense: "expenses", webhook.EventInvoice: "invoices", webhook.EventItem: "billable_items",
	webhook.EventPayment: "payments", webhook.EventProject: "projects", webhook.EventRecurring: "invoices",
	webhook.EventService: "billable_items", webhook.EventTax: "taxes", webhook.EventTimeEntry: "time_entries",
}

// deliverer is what callbacks need of the webhook deliveries. Its
// methods are called with the lock held and do not block.
type deliverer interface {
	// sendVerification queues the verification delivery of a callback.
	sendVerification(account string, id int64, rec record)
	// enable re-enables a callback disabled for failing deliveries.
	enable(account string, id int64)
	// forget drops a deleted callback's pending deliveries.
	forget(account string, id int64)
}

// callbackBehaviours are webhook callbacks: every operation is the
// family's own (the events family's 404 text, multi-detail 422s, the
// verify and resend phases of PUT, and the deliveries); derive completes
// the records the generic create makes.
func callbackBehaviours(d deliverer) map[string]behaviour {
	c := callbacks{d}
	return map[string]behaviour{"callbacks": {hooks: hooks{derive: deriveCallback, serve: map[op]handler{
		opList: listCallbacks, opGet: getCallback, opCreate: c.create, opUpdate: c.update, opDelete: c.remove,
	}}}}
}

// callbacks serves the writes of callbacks, which queue deliveries.
type callbacks struct{ d deliverer }

// deriveCallback completes a stored callback: a verifier, made once;
// verified false until verified; and none of the members the generic
// create adds that callbacks do not have (the python-sdk fixtures show
// callbackid, event, uri, verified and updated_at only).
func deriveCallback(sc *scopeData, rec record) {
	if rec.str("_verifier") == "" {
		b := make([]byte, verifierLength)
		for i := range b {
			b[i] = verifierAlphabet[sc.intN(len(verifierAlphabet))]
		}
		rec["_verifier"] = string(b)
	}
	if _, ok := rec["verified"].(bool); !ok {
		rec["verified"] = false
	}
	for _, k := range []string{"vis_state", "accounting_systemid", "created_at"} {
		delete(rec, k)
	}
}

// writeEventsInvalid answers a 422 with the events family's details.
func writeEventsInvalid(w http.ResponseWriter, r *http.Request, details []string) {
	writeJSON(w, r, http.StatusUnprocessableEntity, map[string]any{"errno": 422, "message": eventsInvalid, "details": details})
}

func callbackNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, errno: 404, message: eventsNotFound}
}

// readCallback reads a write body's "callback" object; a body without one
// is a 422 like any missing field [INF].
func readCallback(w http.ResponseWriter, r *http.Request) (record, []string, *apiError) {
	in, e := readWrite(w, r, "callback")
	if e != nil && e.status == http.StatusBadRequest && e.field == "callback" {
		return nil, []string{"callback: Field required"}, nil
	}
	return in, nil, e
}

// checkCallback validates the event and uri of a write: both required on
// create, each checked when present on update. Every problem is reported,
// event first, as FreshBooks does.
func checkCallback(in record, creating bool) []string {
	var details []string
	for _, k := range []string{"event", "uri"} {
		v, ok := in[k]
		if !ok {
			if creating {
				details = append(details, k+": Field required")
			}
			continue
		}
		str, isStr := v.(string)
		switch {
		case !isStr:
			details = append(details, k+": Input should be a valid string")
		case k == "event" && !webhook.ValidEvent(str):
			details = append(details, badEvent)
		case k == "uri":
			if msg := checkURI(str); msg != "" {
				details = append(details, msg)
			}
		}
	}
	return details
}

// checkURI accepts absolute http and https URLs with a host.
func checkURI(s string) string {
	if s == "" {
		return badURIEmpty
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Scheme == "" || u.Opaque != "":
		return badURIRelative
	case u.Scheme != "http" && u.Scheme != "https":
		return badURIScheme
	case u.Host == "":
		return badURIHost
	}
	return ""
}

// checkEventScope checks the token may read what the event is about:
// registering a callback for "invoice.create" needs user:invoices:read
// (freshbooks-api.md §7.2).
func checkEventScope(r *http.Request, event string) *apiError {
	noun, _, _ := strings.Cut(event, ".")
	need := "user:" + eventScopes[noun] + ":read"
	g := callerOf(r)
	if slices.Contains(g.scopes, need) {
		return nil
	}
	return &apiError{status: http.StatusForbidden, errno: 403,
		message: "Insufficient scopes: provided [" + strings.Join(g.scopes, ", ") + "], required [" + need + "]."}
}

// matchesEventFilter applies search[event]: FreshBooks matches "the event
// and the parent event" (freshbooks-api.md §7.1). Read both ways [INF]: a
// search for "invoice.create" finds the callbacks that receive it (those
// for "invoice.create" and for "invoice"), and a search for the noun
// "invoice" finds every invoice callback.
func matchesEventFilter(event, search string) bool {
	return webhook.Matches(event, search) || webhook.Matches(search, event)
}

// listCallbacks serves the list; search[event] is its one filter.
var listCallbacks = listBy(func(_ *http.Request, _ *scopeData, q url.Values) (*listPlan, *apiError) {
	search, filtered := q["search[event]"]
	if !filtered {
		return &listPlan{}, nil
	}
	return &listPlan{keep: func(rec record) bool { return matchesEventFilter(rec.str("event"), search[0]) }}, nil
})

// lookupCallback finds the callback of the path. Callers hold s.mu.
func lookupCallback(sc *scopeData, r *http.Request) (int64, record, *apiError) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	rec := sc.table(callbacksTableName).byID[id]
	if err != nil || rec == nil {
		return 0, nil, callbackNotFound()
	}
	return id, rec, nil
}

func getCallback(w http.ResponseWriter, r *http.Request, sc *scopeData) *apiError {
	sc.lock()
	_, rec, e := lookupCallback(sc, r)
	var out record
	if e == nil {
		out = sc.render(sc.sp, rec, nil)
	}
	sc.unlock()
	if e != nil {
		return e
	}
	one(w, r, sc.sp, http.StatusOK, out)
	return nil
}

// createCallback registers a callback, unverified, and sends its
// verification delivery.
func (c callbacks) create(w http.ResponseWriter, r *http.Request, sc *scopeData) *apiError {
	in, details, e := readCallback(w, r)
	if e != nil {
		return e
	}
	if details == nil {
		details = checkCallback(in, true)
	}
	if len(details) > 0 {
		writeEventsInvalid(w, r, details)
		return nil
	}
	if e := checkEventScope(r, in.str("event")); e != nil {
		return e
	}
	// Only event and uri are the caller's to set.
	rec := record{"event": in["event"], "uri": in["uri"]}
	sc.lock()
	defer sc.unlock()
	id, e := sc.create(sc.sp, rec)
	if e != nil {
		return e
	}
	c.d.sendVerification(sc.business.AccountID, id, rec)
	one(w, r, sc.sp, http.StatusOK, sc.render(sc.sp, rec, nil))
	return nil
}

// updateCallback serves the three uses of PUT, in this precedence [INF]
// (a body with a verifier only verifies, as FreshBooks runs one phase of
// a PUT, freshbooks-api.md §3.3):
//
//   - {"verifier": v}: verified when v is the callback's verifier, else a
//     422 [INF]. A callback_id, sent by some SDKs, must name the callback
//     of the path [INF].
//   - {"resend": true}: sends the verification delivery again, and
//     re-enables a callback disabled for failing deliveries (§7.3).
//   - {"event": e, "uri": u}: changes them. Changing the URI un-verifies
//     the callback, gives it a new verifier and sends the verification
//     delivery to the new URI; deliveries still pending for the old URI
//     are dropped. The verification proves the receiver controls the URI,
//     so a new URI is proved again before it receives events, and the old
//     URI's receiver cannot sign for the new one [INF]. Changing the event
//     needs the read scope of its noun, as registering does.
func (c callbacks) update(w http.ResponseWriter, r *http.Request, sc *scopeData) *apiError {
	in, details, e := readCallback(w, r)
	if e != nil {
		return e
	}
	if details != nil {
		writeEventsInvalid(w, r, details)
		return nil
	}
	if !hasVerifier(in) && in["resend"] != true {
		if details := checkCallback(in, false); len(details) > 0 {
			writeEventsInvalid(w, r, details)
			return nil
		}
		if ev, ok := in["event"]; ok {
			if e := checkEventScope(r, ev.(string)); e != nil {
				return e
			}
		}
	}

	sc.lock()
	defer sc.unlock()
	id, rec, e := lookupCallback(sc, r)
	if e != nil {
		return e
	}
	acct := sc.business.AccountID
	next := rec.clone()
	verify := false
	switch v, verifying := in["verifier"]; {
	case verifying:
		if cid, ok := in["callback_id"]; ok && (record{"v": cid}).str("v") != strconv.FormatInt(id, 10) {
			writeEventsInvalid(w, r, []string{badCallbackID})
			return nil
		}
		given, _ := v.(string)
		if given == "" || !hmac.Equal([]byte(given), []byte(rec.str("_verifier"))) {
			writeEventsInvalid(w, r, []string{badVerifier})
			return nil
		}
		next["verified"] = true
	case in["resend"] == true:
		c.d.enable(acct, id)
		verify = true
	default:
		if ev, ok := in["event"]; ok {
			next["event"] = ev
		}
		if uri, ok := in["uri"]; ok && uri != rec["uri"] {
			next["uri"] = uri
			next["verified"] = false
			delete(next, "_verifier")
			deriveCallback(sc, next) // a new verifier
			verify = true
		}
	}
	if in["resend"] != true || hasVerifier(in) {
		sc.stamp(sc.sp, next, false)
	}
	if err := sc.save(callbacksTableName, id, next); err != nil {
		return storageError(err)
	}
	if verify {
		c.d.sendVerification(acct, id, next)
	}
	one(w, r, sc.sp, http.StatusOK, sc.render(sc.sp, next, nil))
	return nil
}

// deleteCallback removes a callback (HTTP DELETE → 204, §3.4) and drops
// its pending deliveries.
func (c callbacks) remove(w http.ResponseWriter, r *http.Request, sc *scopeData) *apiError {
	sc.lock()
	defer sc.unlock()
	id, _, e := lookupCallback(sc, r)
	if e != nil {
		return e
	}
	if err := sc.save(callbacksTableName, id, nil); err != nil {
		return storageError(err)
	}
	c.d.forget(sc.business.AccountID, id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func hasVerifier(in record) bool {
	_, ok := in["verifier"]
	return ok
}
