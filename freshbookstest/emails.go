package freshbookstest

import (
	"fmt"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sales"
)

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

// SentEmails returns the invoices and estimates emailed in the business
// with account id account, oldest first.
func (s *Sandbox) SentEmails(account freshbooks.AccountID) []SentEmail {
	s.eng.Lock()
	defer s.eng.Unlock()
	t := s.eng.Tables["acct:"+string(account)+"/"+sales.Outbox]
	if t == nil {
		return nil
	}
	var out []SentEmail
	for _, id := range t.IDs {
		rec := t.ByID[id]
		e := SentEmail{AccountID: account, Resource: rec.Str("resource"), ResourceID: rec.Int("resourceid"),
			Subject: rec.Str("subject"), Body: rec.Str("body"), IncludePDF: rec.Str("include_pdf") == "true"}
		e.At, _ = time.Parse(time.RFC3339Nano, rec.Str("at"))
		to, _ := rec["to"].([]any)
		for _, a := range to {
			e.To = append(e.To, fmt.Sprint(a))
		}
		out = append(out, e)
	}
	return out
}
