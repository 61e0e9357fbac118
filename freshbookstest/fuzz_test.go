package freshbookstest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// FuzzSandbox throws arbitrary requests at every family: the sandbox must
// never fail with a 500 (a recovered panic answers 500), and must still
// serve correctly afterwards.
func FuzzSandbox(f *testing.F) {
	paths := []string{
		"/accounting/account/{a}/users/clients", "/accounting/account/{a}/users/clients/{x}",
		"/accounting/account/{a}/invoices/invoices", "/accounting/account/{a}/invoices/invoices/{x}",
		"/accounting/account/{a}/payments/payments", "/accounting/account/{a}/expenses/expenses",
		"/accounting/account/{a}/bills/bills", "/accounting/account/{a}/bill_payments/bill_payments",
		"/accounting/account/{a}/taxes/taxes/{x}", "/accounting/account/{a}/journal_entries/journal_entries",
		"/accounting/account/{a}/reports/accounting/profitloss_entity", "/accounting/account/{a}/reports/accounting/{x}",
		"/events/account/{a}/events/callbacks", "/events/account/{a}/events/callbacks/{x}",
		"/projects/business/{b}/projects", "/projects/business/{b}/project", "/projects/business/{b}/project/{x}",
		"/timetracking/business/{b}/time_entries", "/timetracking/business/{b}/time_entries/{x}",
		"/comments/business/{b}/service", "/comments/business/{b}/service/{x}/rate",
		"/accounting/businesses/{u}/ledger_accounts/accounts", "/payments/account/{a}/invoice/{x}/payment_options",
		"/uploads/account/{a}/images", "/uploads/images/{x}", "/auth/oauth/token", "/auth/api/v1/users/me",
	}
	for i := range paths {
		f.Add(uint8(i), uint8(1), "1", `{"client": {"organization": "x"}}`, "a=1")
		f.Add(uint8(i), uint8(2), "-1", `{"invoice": {"customerid": "x", "lines": [{"qty": "1e999999"}]}}`, "page=-1&per_page=x")
	}
	f.Add(uint8(0), uint8(2), "%00", `{"client": {"vis_state": "2"}}`, "search[vis_state]=1&sort=x_desc")
	f.Add(uint8(3), uint8(2), "99999999999999999999", `{"invoice": {"action_email": true, "email_recipients": 5}}`, "include[]=lines")
	// The tenant and scope faults of issue 14: another business's (or a
	// forged) attachment token, time logged for someone else, a callback
	// re-pointed, a code redeemed by another application.
	f.Add(uint8(5), uint8(1), "1", `{"expense": {"categoryid": 1, "staffid": 1, "date": "2026-01-05", "amount": {"amount": "1"}, "attachment": {"jwt": "eyJhbGciOiJIUzI1NiJ9.e30.x"}}}`, "")
	f.Add(uint8(17), uint8(1), "1", `{"time_entry": {"is_logged": true, "duration": 60, "started_at": "2026-01-05T10:00:00Z", "identity_id": 1}}`, "")
	f.Add(uint8(13), uint8(2), "1", `{"callback": {"uri": "https://attacker.example/hook"}}`, "")
	f.Add(uint8(25), uint8(1), "", `{"grant_type": "authorization_code", "code": "x", "client_id": "other-app", "client_secret": "s"}`, "")
	// A refresh with an empty redirect_uri, and the ledger chart and
	// callbacks, which checked no scope.
	f.Add(uint8(len(paths)-2), uint8(1), "", `{"grant_type": "refresh_token", "refresh_token": "x", "redirect_uri": ""}`, "")
	f.Add(uint8(21), uint8(0), "", "", "")
	f.Add(uint8(12), uint8(0), "", "", "")
	sb := New(Options{Apps: []App{{ClientID: "other-app", ClientSecret: "s", RedirectURI: "https://other.example/cb"}}})
	tok := sb.IssueToken(0).AccessToken
	biz := sb.eng.Identities[0].Memberships[0].Business
	methods := []string{"GET", "POST", "PUT", "DELETE"}
	f.Fuzz(func(t *testing.T, p, m uint8, seg, body, query string) {
		path := paths[int(p)%len(paths)]
		path = strings.NewReplacer("{a}", biz.AccountID, "{b}", "12", "{u}", biz.UUID, "{x}", seg).Replace(path)
		if (m/4)%2 == 0 { // the real business half the time, an unknown one else, for every method
			path = strings.Replace(path, "/12/", "/"+strconv.FormatInt(biz.ID, 10)+"/", 1)
		}
		req := httptest.NewRequest(methods[int(m)%len(methods)], "http://sandbox.test/", bytes.NewReader([]byte(body)))
		req.URL.Path, req.URL.RawQuery = path, query
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, req)
		if rec.Code == http.StatusInternalServerError {
			t.Fatalf("%s %s?%s %q → 500: %s", req.Method, path, query, body, rec.Body.String())
		}
		// Still healthy.
		ok := httptest.NewRequest("GET", "http://sandbox.test/auth/api/v1/users/me", nil)
		ok.Header.Set("Authorization", "Bearer "+tok)
		rec = httptest.NewRecorder()
		sb.ServeHTTP(rec, ok)
		if rec.Code != 200 {
			t.Fatalf("after %s %s: users/me answers %d", req.Method, path, rec.Code)
		}
	})
}
