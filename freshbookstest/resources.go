package freshbookstest

import "strings"

// clientBehaviour is what clients do beyond the generic engine
// (freshbooks-api.md §4.1.1).
func clientBehaviour() map[string]behaviour {
	return map[string]behaviour{"clients": {
		filters: map[string]filterDef{
			"email": {"email", fEq}, "userid": {"userid", fEq}, "userids": {"userid", fIn}, "username": {"username", fEq},
			"fname_like": {"fname", fLike}, "lname_like": {"lname", fLike}, "organization_like": {"organization", fLike},
			"note_like": {"note", fLike}, "user_like": {"_user", fLike}, "updated": {"updated", fRange},
		},
		sorts: map[string]string{"client_id": "userid", "organization_name": "organization", "email": "email", "updated": "updated", "fullname": "fname"},
		hooks: hooks{validate: validateClient, derive: deriveClient},
	}}
}

func validateClient(sc *scopeData, rec record, creating bool) *apiError {
	for _, k := range []string{"fname", "lname", "email", "organization"} {
		if strings.TrimSpace(rec.str(k)) != "" {
			return nil
		}
	}
	return &apiError{status: 422, errno: 7012, message: "At least one field among fname, lname, email and organization is required."}
}

func deriveClient(sc *scopeData, rec record) {
	if rec.str("organization") == "" && rec.str("fname") == "" && rec.str("lname") == "" {
		rec["organization"] = rec.str("email") // as FreshBooks does (create_client_response fixture)
	}
	for k, v := range map[string]any{"role": "client", "num_logins": 0, "level": 0, "currency_code": "USD", "language": "en",
		"allow_late_fees": false, "allow_late_notifications": true, "pref_email": true, "pref_gmail": false} {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
	rec["_user"] = strings.Join([]string{rec.str("fname"), rec.str("lname"), rec.str("organization")}, " ")
}
