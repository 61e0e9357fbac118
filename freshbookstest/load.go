package freshbookstest

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Load adds records read from JSON, as if created through the API (ids,
// timestamps and computed members are the sandbox's). The document maps an
// account id (or "" for the first business) to resources, each a list of
// records in their wire form:
//
//	{"": {"clients": [{"organization": "Acme", "email": "ap@acme.test"}],
//	      "projects": [{"title": "Website"}]}}
//
// Business-scoped resources (projects, time_entries, services) go to the
// business of that account. Records refer to each other by the ids they
// get, in order: load clients before the invoices that name them.
func (s *Sandbox) Load(r io.Reader) error {
	var doc map[string]map[string][]json.RawMessage
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("freshbookstest: load: %w", err)
	}
	e := s.eng
	e.Lock()
	defer e.Unlock()
	for account, resources := range doc {
		b := e.Identities[0].Memberships[0].Business
		if account != "" {
			if b = e.BusinessByAccount(account); b == nil {
				return fmt.Errorf("freshbookstest: load: no business with account id %q", account)
			}
		}
		for _, name := range loadOrder(resources) {
			for i, raw := range resources[name] {
				rec := engine.DecodeRecord(raw)
				if rec == nil {
					return fmt.Errorf("freshbookstest: load: %s[%d] is not an object", name, i)
				}
				if _, err := e.InsertLocked(name, b, rec); err != nil {
					return fmt.Errorf("freshbookstest: load: %s[%d]: %w", name, i, err)
				}
			}
		}
	}
	return nil
}

// loadOrder puts the resources others refer to first.
func loadOrder(resources map[string][]json.RawMessage) []string {
	first := []string{"taxes", "items", "clients", "bill_vendors", "services", "projects", "invoices", "estimates", "payments", "bills", "bill_payments", "expenses", "time_entries"}
	var out []string
	for _, n := range first {
		if _, ok := resources[n]; ok {
			out = append(out, n)
		}
	}
	for n := range resources {
		if !strings.Contains(" "+strings.Join(first, " ")+" ", " "+n+" ") {
			out = append(out, n)
		}
	}
	return out
}
