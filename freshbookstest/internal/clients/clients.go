// Package clients emulates FreshBooks' clients (freshbooks-api.md §4.1.1).
package clients

import (
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Behaviours are what clients do beyond the generic engine
// (freshbooks-api.md §4.1.1).
func Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{"clients": {
		Filters: map[string]engine.Filter{
			"email": engine.Eq("email"), "userid": engine.Eq("userid"), "userids": engine.In("userid"), "username": engine.Eq("username"),
			"fname_like": engine.Like("fname"), "lname_like": engine.Like("lname"), "organization_like": engine.Like("organization"),
			"note_like": engine.Like("note"), "user_like": engine.Like("_user"), "updated": engine.Range("updated"),
			"address_like": engine.Like("p_street"), "phone_like": engine.Like("bus_phone"),
		},
		Sorts: map[string]string{"client_id": "userid", "organization_name": "organization", "email": "email", "updated": "updated", "fullname": "fname",
			"bus_phone": "bus_phone", "primarycontact": "email"},
		// [INF] Accepted as FreshBooks accepts them, but not computed: the
		// balances and the has_* filters need every invoice of the client,
		// which the sandbox does not sum per list; they are ignored.
		Includes: []string{"outstanding_balance", "credit_balance", "draft_balance", "overdue_balance", "grand_total_balance",
			"last_activity", "late_reminders", "late_fee"},
		Ignored: []string{"has_credit", "has_draft", "has_outstanding", "has_overdue", "outstanding", "overdue", "credit"},
		Hooks:   engine.Hooks{Validate: validateClient, Derive: deriveClient},
	}}
}

func validateClient(_ *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	for _, k := range []string{"fname", "lname", "email", "organization"} {
		if strings.TrimSpace(rec.Str(k)) != "" {
			return nil
		}
	}
	return &engine.Error{Status: 422, Errno: 7012, Message: "At least one field among fname, lname, email and organization is required."}
}

func deriveClient(sc *engine.Scope, rec engine.Record) {
	if rec.Str("organization") == "" && rec.Str("fname") == "" && rec.Str("lname") == "" {
		rec["organization"] = rec.Str("email") // as FreshBooks does (create_client_response fixture)
	}
	engine.Defaults(rec, map[string]any{"role": "client", "num_logins": 0, "level": 0, "currency_code": "USD", "language": "en",
		"allow_late_fees": false, "allow_late_notifications": true, "pref_email": true, "pref_gmail": false})
	// Every other member of a real client record (get_client_response
	// fixture), unset as the real answer has it: text members "", the
	// rest null. [INF] which unset members are "" and which null is read
	// off that one fixture.
	if rec.Str("uuid") == "" && sc.Business != nil {
		// Derived from the business and id, so that it draws nothing from
		// the sandbox's random source and the seed's other data stays.
		rec["uuid"] = engine.StableUUID(sc.Business.UUID + "/client/" + rec.Str("id"))
	}
	engine.Defaults(rec, map[string]any{"fname": "", "lname": "", "allow_email_include_pdf": false, "notified": false, "note": "", "username": "",
		"bus_phone": "", "fax": "", "mob_phone": "", "home_phone": nil,
		"p_street": "", "p_street2": "", "p_city": "", "p_province": "", "p_code": "", "p_country": "",
		"s_street": "", "s_street2": "", "s_city": "", "s_province": "", "s_code": "", "s_country": "",
		"company_industry": nil, "company_size": nil, "direct_link_token": nil, "has_retainer": nil, "retainer_id": nil,
		"last_activity": nil, "last_login": nil, "statement_token": nil, "subdomain": nil, "vat_name": nil, "vat_number": nil})
	// A client has signup_date, not created_at: the engine's creation
	// stamp becomes it.
	if at, ok := rec["created_at"]; ok {
		rec["signup_date"] = at
		delete(rec, "created_at")
	}
	rec["_user"] = strings.Join([]string{rec.Str("fname"), rec.Str("lname"), rec.Str("organization")}, " ")
}
