package sales

import (
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// The sales documents family: invoices, estimates, credit notes, recurring
// profiles, payments, taxes and items (freshbooks-api.md §4.1.2–§4.1.6).
//
// Documents are priced as FreshBooks prices them: a line's amount is qty ×
// unit_cost; its taxes are percentages (taxAmount1, taxAmount2; the
// second on top of the first when compounded_tax); a discount_value
// percentage comes off the subtotal before taxes; the total is subtotal −
// discount + taxes, to the cent. An invoice's paid is the sum of its
// payments that are not deleted, its outstanding what is left, and its
// payment_status, status, v3_status and display_status follow.
//
// Members a write must not set directly are kept apart in the stored
// record: the invoice's status number lives in "_base_status" (what was
// written or set by an action: draft, sent, viewed, disputed), and
// due_date is never stored but derived on each answer, so that a write of
// either can be told from the stored value.

// Behaviours are what invoices, estimates, credit notes, invoice
// profiles, payments, taxes and items do beyond the generic engine.
func Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{
		"taxes": {
			Filters: map[string]engine.Filter{"taxid": engine.Eq("taxid"), "taxids": engine.In("taxid"), "name": engine.Eq("name"),
				"name_like": engine.Like("name"), "updated": engine.Range("updated")},
			Sorts: map[string]string{"name": "name", "updated": "updated", "taxid": "taxid"},
			Hooks: engine.Hooks{Validate: validateTax, Derive: deriveTax},
		},
		"items": {
			Filters: map[string]engine.Filter{"itemid": engine.Eq("itemid"), "itemids": engine.In("itemid"), "sku": engine.Eq("sku"),
				"name": engine.Eq("name"), "name_like": engine.Like("name"), "description_like": engine.Like("description"), "updated": engine.Range("updated")},
			Sorts: map[string]string{"name": "name", "sku": "sku", "updated": "updated", "itemid": "itemid"},
			Hooks: engine.Hooks{Validate: validateItem, Derive: deriveItem},
		},
		"credit_notes": {
			Filters: map[string]engine.Filter{"clientid": engine.Eq("clientid"), "clientids": engine.In("clientid"), "creditid": engine.Eq("creditid"),
				"creditids": engine.In("creditid"), "credit_number": engine.Eq("credit_number"), "credit_type": engine.Eq("credit_type"),
				"date": engine.Range("create_date"), "updated": engine.Range("updated")},
			Sorts:    map[string]string{"create_date": "create_date", "credit_number": "credit_number", "amount": "_amount", "updated": "updated"},
			Includes: []string{"lines"}, // its lines are always shown
			Hooks:    engine.Hooks{Validate: validateCreditNote, Derive: deriveCreditNote},
		},
		// HTTP DELETE (python SDK) and PUT vis_state 1 (Node SDK, Postman)
		// both delete an invoice.
		"invoices": {
			Filters: map[string]engine.Filter{
				"customerid": engine.Eq("customerid"), "customerids": engine.In("customerid"),
				"invoiceid": engine.Eq("invoiceid"), "invoiceids": engine.In("invoiceid"), "invoice_number": engine.Eq("invoice_number"),
				"date": engine.Range("create_date"), "updated": engine.Range("updated"), "v3_status": engine.Eq("v3_status"),
				"paid": engine.Bool("_paid"), "outstanding": engine.Bool("_outstanding"),
			},
			Sorts: map[string]string{"invoice_date": "create_date", "create_date": "create_date", "due_date": "_due_date",
				"invoice_number": "invoice_number", "amount": "_amount", "outstanding": "_outstanding_amount", "updated": "updated"},
			Hidden: []string{"lines", "presentation", "allowed_gateways"},
			Hooks: engine.Hooks{Validate: validateInvoice, Derive: deriveInvoice, View: viewInvoice, Action: invoiceAction,
				Actions: map[string]engine.Handler{"share_link": shareLink}},
		},
		"estimates": {
			Filters: map[string]engine.Filter{
				"customerid": engine.Eq("customerid"), "customerids": engine.In("customerid"),
				"estimateid": engine.Eq("estimateid"), "estimateids": engine.In("estimateid"), "estimate_number": engine.Eq("estimate_number"),
				"date": engine.Range("create_date"), "updated": engine.Range("updated"), "ui_status": engine.Eq("ui_status"),
			},
			Sorts: map[string]string{"estimate_date": "create_date", "create_date": "create_date",
				"estimate_number": "estimate_number", "amount": "_amount", "updated": "updated"},
			Hidden: []string{"lines"},
			Hooks:  engine.Hooks{Validate: validateEstimate, Derive: deriveEstimate, Action: estimateAction},
		},
		"invoice_profiles": {
			Filters: map[string]engine.Filter{"customerid": engine.Eq("customerid"), "customerids": engine.In("customerid"),
				"profileid": engine.Eq("profileid"), "profileids": engine.In("profileid"), "frequency": engine.Eq("frequency"),
				"updated": engine.Range("updated")},
			Sorts:  map[string]string{"create_date": "create_date", "amount": "_amount", "updated": "updated"},
			Hidden: []string{"lines"},
			Hooks:  engine.Hooks{Validate: validateProfile, Derive: deriveProfile},
		},
		"payments": {
			Filters: map[string]engine.Filter{
				"logid": engine.Eq("logid"), "logids": engine.In("logid"), "invoiceid": engine.Eq("invoiceid"),
				"clientid": engine.Eq("clientid"), "clientids": engine.In("clientid"), "customerid": engine.Eq("clientid"), "customerids": engine.In("clientid"),
				"type": engine.Eq("type"), "currency": engine.Eq("_currency"), "from_credit": engine.Bool("from_credit"),
				"notes_like": engine.Like("note"), "note_like": engine.Like("note"),
				"date": engine.Range("date"), "updated": engine.Range("updated"), "amount": engine.Range("_amount"),
			},
			Sorts:    map[string]string{"date": "date", "amount": "_amount", "updated": "updated", "logid": "logid"},
			Includes: []string{"client", "invoice", "credit_note", "order", "gateway"}, // [INF] accepted, not expanded
			Ignored:  []string{"client_name_like", "number_like", "payment_or_credit"}, // [INF] accepted, not computed
			Hooks:    engine.Hooks{Validate: validatePayment, Derive: derivePayment, View: viewPayment, After: announceInvoice},
		},
	}
}
