package events

import (
	"crypto/hmac"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/webhook"
)

// The events family's texts (freshbooks-api.md §5.2). The validation
// details imitate pydantic v2, which the family's messages come from;
// those the references do not show are marked [INF] where made.
const (
	EventsNotFound     = "Requested resource could not be found."
	EventsInvalid      = "The request was well-formed but was unable to be followed due to semantic errors."
	BadEvent           = "event: Value error, Unrecognized event."
	BadURIRelative     = "uri: Input should be a valid URL, relative URL without a base"
	BadURIEmpty        = "uri: Input should be a valid URL, input is empty"                   // [INF] pydantic's text
	BadURIScheme       = "uri: URL scheme should be 'http' or 'https'"                        // [INF] pydantic's text
	BadURIHost         = "uri: Input should be a valid URL, empty host"                       // [INF] pydantic's text
	BadVerifier        = "verifier: Value error, Invalid verifier."                           // [INF]
	BadCallbackID      = "callback_id: Value error, Does not match the callback of the path." // [INF]
	VerifierAlphabet   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
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

// Behaviours are webhook callbacks: every operation is the family's own
// (the events family's 404 text, multi-detail 422s, the verify and resend
// phases of PUT, and the deliveries, which o makes); derive completes the
// records the generic create makes.
func Behaviours(o *Outbox) map[string]engine.Behaviour {
	c := callbacks{o}
	return map[string]engine.Behaviour{"callbacks": {Params: []string{"event"}, Hooks: engine.Hooks{Derive: deriveCallback, Serve: map[engine.Op]engine.Handler{
		engine.OpList: listCallbacks, engine.OpGet: getCallback, engine.OpCreate: c.create, engine.OpUpdate: c.update, engine.OpDelete: c.remove,
	}}}}
}

// callbacks serves the writes of callbacks, which queue deliveries.
type callbacks struct{ o *Outbox }

// deriveCallback completes a stored callback: a verifier, made once;
// verified false until verified; and none of the members the generic
// create adds that callbacks do not have (the python-sdk fixtures show
// callbackid, event, uri, verified and updated_at only).
func deriveCallback(sc *engine.Scope, rec engine.Record) {
	if rec.Str("_verifier") == "" {
		b := make([]byte, verifierLength)
		for i := range b {
			b[i] = VerifierAlphabet[sc.IntN(len(VerifierAlphabet))]
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
	engine.WriteJSON(w, r, http.StatusUnprocessableEntity, map[string]any{"errno": 422, "message": EventsInvalid, "details": details})
}

func callbackNotFound() *engine.Error {
	return &engine.Error{Status: http.StatusNotFound, Errno: 404, Message: EventsNotFound}
}

// readCallback reads a write body's "callback" object; a body without one
// is a 422 like any missing field [INF].
func readCallback(w http.ResponseWriter, r *http.Request) (engine.Record, []string, *engine.Error) {
	in, e := engine.ReadBody(w, r, "callback")
	if e != nil && e.Status == http.StatusBadRequest && e.Field == "callback" {
		return nil, []string{"callback: Field required"}, nil
	}
	return in, nil, e
}

// checkCallback validates the event and uri of a write: both required on
// create, each checked when present on update. Every problem is reported,
// event first, as FreshBooks does.
func checkCallback(in engine.Record, creating bool) []string {
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
			details = append(details, BadEvent)
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
		return BadURIEmpty
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Scheme == "" || u.Opaque != "":
		return BadURIRelative
	case u.Scheme != "http" && u.Scheme != "https":
		return BadURIScheme
	case u.Host == "":
		return BadURIHost
	}
	return ""
}

// checkEventScope checks the token may read what the event is about:
// registering a callback for "invoice.create" needs user:invoices:read
// (freshbooks-api.md §7.2).
func checkEventScope(r *http.Request, event string) *engine.Error {
	noun, _, _ := strings.Cut(event, ".")
	need := "user:" + eventScopes[noun] + ":read"
	g := engine.CallerOf(r)
	if slices.Contains(g.Scopes, need) {
		return nil
	}
	return &engine.Error{Status: http.StatusForbidden, Errno: 403,
		Message: "Insufficient scopes: provided [" + strings.Join(g.Scopes, ", ") + "], required [" + need + "]."}
}

// matchesEventFilter applies search[event]: FreshBooks matches "the event
// and the parent event" (freshbooks-api.md §7.1). Read both ways [INF]: a
// search for "invoice.create" finds the callbacks that receive it (those
// for "invoice.create" and for "invoice"), and a search for the noun
// "invoice" finds every invoice callback.
func matchesEventFilter(event, search string) bool {
	return webhook.Matches(event, search) || webhook.Matches(search, event)
}

// listCallbacks serves the list; search[event] is its one filter. It
// lists only the callbacks the token could register: those whose event's
// noun it holds the read scope of [INF, as lookupCallback].
var listCallbacks = engine.ListBy(func(r *http.Request, _ *engine.Scope, q url.Values) (*engine.ListPlan, *engine.Error) {
	search, filtered := q["search[event]"]
	return &engine.ListPlan{Keep: func(rec engine.Record) bool {
		return checkEventScope(r, rec.Str("event")) == nil && (!filtered || matchesEventFilter(rec.Str("event"), search[0]))
	}}, nil
})

// lookupCallback finds the callback of the path. Reading, changing or
// deleting a callback needs the read scope its event needs to register
// (freshbooks-api.md §7.2; inferred for these operations): otherwise a
// token of one noun could re-point or drop the callbacks of another.
// Callers hold s.mu.
func lookupCallback(sc *engine.Scope, r *http.Request) (int64, engine.Record, *engine.Error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	rec := sc.Table(callbacksTableName).ByID[id]
	if err != nil || rec == nil {
		return 0, nil, callbackNotFound()
	}
	if e := checkEventScope(r, rec.Str("event")); e != nil {
		return 0, nil, e
	}
	return id, rec, nil
}

func getCallback(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	_, rec, e := lookupCallback(sc, r)
	var out engine.Record
	if e == nil {
		out = sc.Render(sc.Spec, rec, nil)
	}
	sc.Unlock()
	if e != nil {
		return e
	}
	engine.WriteOne(w, r, sc.Spec, http.StatusOK, out)
	return nil
}

// createCallback registers a callback, unverified, and sends its
// verification delivery.
func (c callbacks) create(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
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
	if e := checkEventScope(r, in.Str("event")); e != nil {
		return e
	}
	// Only event and uri are the caller's to set.
	rec := engine.Record{"event": in["event"], "uri": in["uri"]}
	sc.Lock()
	defer sc.Unlock()
	id, e := sc.Create(sc.Spec, rec)
	if e != nil {
		return e
	}
	c.o.sendVerification(sc.Business.AccountID, id, rec)
	engine.WriteOne(w, r, sc.Spec, http.StatusOK, sc.Render(sc.Spec, rec, nil))
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
func (c callbacks) update(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
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

	sc.Lock()
	defer sc.Unlock()
	id, rec, e := lookupCallback(sc, r)
	if e != nil {
		return e
	}
	acct := sc.Business.AccountID
	next := rec.Clone()
	verify := false
	switch v, verifying := in["verifier"]; {
	case verifying:
		if cid, ok := in["callback_id"]; ok && (engine.Record{"v": cid}).Str("v") != strconv.FormatInt(id, 10) {
			writeEventsInvalid(w, r, []string{BadCallbackID})
			return nil
		}
		given, _ := v.(string)
		if given == "" || !hmac.Equal([]byte(given), []byte(rec.Str("_verifier"))) {
			writeEventsInvalid(w, r, []string{BadVerifier})
			return nil
		}
		next["verified"] = true
	case in["resend"] == true:
		c.o.enable(acct, id)
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
		sc.Stamp(sc.Spec, next, false)
	}
	if err := sc.Save(callbacksTableName, id, next); err != nil {
		return engine.StorageError(err)
	}
	if verify {
		c.o.sendVerification(acct, id, next)
	}
	engine.WriteOne(w, r, sc.Spec, http.StatusOK, sc.Render(sc.Spec, next, nil))
	return nil
}

// deleteCallback removes a callback (HTTP DELETE → 204, §3.4) and drops
// its pending deliveries.
func (c callbacks) remove(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	defer sc.Unlock()
	id, _, e := lookupCallback(sc, r)
	if e != nil {
		return e
	}
	if err := sc.Save(callbacksTableName, id, nil); err != nil {
		return engine.StorageError(err)
	}
	c.o.forget(sc.Business.AccountID, id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func hasVerifier(in engine.Record) bool {
	_, ok := in["verifier"]
	return ok
}
