package freshbookstest

import (
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/oauth"
)

// Scopes lists every scope FreshBooks grants (freshbooks-api.md §1.7).
// profile, notifications and reports are read-only.
var Scopes = func() []string {
	var out []string
	for _, o := range []string{"bill_payments", "bill_vendors", "billable_items", "bills", "business", "clients",
		"credit_notes", "estimates", "expenses", "invoices", "journal_entries", "online_payments", "other_income",
		"payments", "projects", "retainers", "taxes", "teams", "time_entries", "uploads", "account", "riskhub"} {
		out = append(out, "user:"+o+":read", "user:"+o+":write")
	}
	return append(out, "user:profile:read", "user:notifications:read", "user:reports:read")
}()

// oauthConfig is the authorization server's view of opts, whose
// defaults are filled in: the first application, then the others.
func oauthConfig(opts Options) oauth.Config {
	apps := []oauth.App{{ClientID: opts.ClientID, ClientSecret: opts.ClientSecret, RedirectURI: opts.RedirectURI, Name: opts.AppName}}
	for _, a := range opts.Apps {
		apps = append(apps, oauth.App(a))
	}
	return oauth.Config{Apps: apps, Scopes: Scopes, AutoApprove: opts.AutoApprove, TokenTTL: opts.TokenTTL, CodeTTL: DefaultCodeTTL}
}
