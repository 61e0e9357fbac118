package oauth

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// me serves the current identity and its memberships.
func me(w http.ResponseWriter, r *http.Request) {
	who := engine.CallerOf(r).Identity
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"response": identityJSON(who)})
}

func identityJSON(p *engine.Identity) map[string]any {
	rfc := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	permissions := map[string]any{}
	statuses := map[string]any{}
	var memberships, groups, roles []any
	for _, m := range p.Memberships {
		b := m.Business
		permissions[b.AccountID] = map[string]any{"advanced_accounting.access": true, "client.limit": 1000, "staff.limit": 2}
		statuses[b.AccountID] = "active"
		memberships = append(memberships, map[string]any{
			"id":                    m.ID,
			"role":                  m.Role,
			"unacknowledged_change": false,
			"fasttrack_token":       "sandbox." + strconv.FormatInt(m.ID, 36),
			"business": map[string]any{
				"id":                          b.ID,
				"business_uuid":               b.UUID,
				"name":                        b.Name,
				"account_id":                  b.AccountID,
				"date_format":                 b.DateFormat,
				"active":                      true,
				"timezone":                    b.Timezone,
				"status":                      "active",
				"advanced_accounting_enabled": false,
				"billing_country_code":        "USA",
				"business_type":               "llc",
				"first_day_of_week":           6,
				"industry":                    nil,
				"number_format":               nil,
				"address": map[string]any{"id": b.AddressID, "street": b.Street, "street2": "", "city": b.City,
					"province": b.Province, "country": b.Country, "postal_code": b.PostalCode},
				"phone_number":     map[string]any{"id": b.PhoneID, "phone_number": b.Phone},
				"business_clients": []any{},
			},
		})
		groups = append(groups, map[string]any{"id": m.ID + 1, "group_id": b.ID + 7, "role": m.Role,
			"identity_id": p.ID, "identity_uuid": p.UUID, "business_id": b.ID, "active": true})
		if m.Role == "owner" {
			roles = append(roles, map[string]any{"id": m.ID + 2, "role": "admin", "systemid": b.ID + 11, "userid": 1,
				"created_at": rfc(p.CreatedAt), "links": map[string]any{"destroy": fmt.Sprintf("/service/auth/api/v1/users/role/%d", m.ID+2)},
				"accountid": b.AccountID})
		}
	}
	return map[string]any{
		"id":                     p.ID,
		"identity_id":            p.ID,
		"identity_uuid":          p.UUID,
		"first_name":             p.FirstName,
		"last_name":              p.LastName,
		"email":                  p.Email,
		"language":               "en",
		"timezone":               "America/New_York",
		"confirmed_at":           rfc(p.CreatedAt.Add(16 * time.Second)),
		"created_at":             rfc(p.CreatedAt),
		"unconfirmed_email":      nil,
		"setup_complete":         true,
		"identity_origin":        "magnum",
		"otp_delivery_method":    "email",
		"otp_required_for_login": false,
		"profile": map[string]any{
			"setup_complete": true, "first_name": p.FirstName, "last_name": p.LastName,
			"phone_number": nil, "address": nil, "has_password": true, "is_email_confirmed": true,
			"time_format": 0, "timezone": "America/New_York", "profession": nil, "professions": []any{},
		},
		"phone_numbers":         []any{map[string]any{"title": "", "phone_number": nil}},
		"addresses":             []any{nil},
		"profession":            nil,
		"links":                 map[string]any{"me": fmt.Sprintf("/service/auth/api/v1/users?id=%d", p.ID), "roles": fmt.Sprintf("/service/auth/api/v1/users/role/%d", p.ID)},
		"permissions":           permissions,
		"groups":                groups,
		"subscription_statuses": statuses,
		"business_statuses":     statuses,
		"integrations":          map[string]any{},
		"business_memberships":  memberships,
		"roles":                 roles,
	}
}
