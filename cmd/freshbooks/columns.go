package main

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// A column of a table: its header and where its value is in a record.
type column struct {
	header string
	// path is a dotted path to a member ("client.name"); "a|b" takes the
	// first that is set.
	path  string
	money bool // an {"amount", "code"} object: printed "1234.50 USD"
	mark  bool // a boolean: printed "*" when true
	right bool
}

func col(header, path string) column { return column{header: header, path: path} }

// money is a column of amounts, right-aligned with their currency.
func money(header, path string) column {
	return column{header: header, path: path, money: true, right: true}
}

// cell is the column's text for rec.
func (c column) cell(rec json.RawMessage) string {
	for _, p := range strings.Split(c.path, "|") {
		raw, ok := lookup(rec, p)
		if !ok || string(raw) == "null" || string(raw) == `""` {
			continue
		}
		switch {
		case c.mark:
			if string(raw) == "true" {
				return "*"
			}
			return ""
		case c.money:
			var m struct {
				Amount json.RawMessage `json:"amount"`
				Code   string          `json:"code"`
			}
			if json.Unmarshal(raw, &m) == nil && m.Amount != nil {
				return strings.TrimSpace(text(m.Amount) + " " + m.Code)
			}
		}
		return text(raw)
	}
	return ""
}

// lookup finds the member at a dotted path.
func lookup(rec json.RawMessage, path string) (json.RawMessage, bool) {
	for name := range strings.SplitSeq(path, ".") {
		var obj map[string]json.RawMessage
		if json.Unmarshal(rec, &obj) != nil {
			return nil, false
		}
		v, ok := obj[name]
		if !ok {
			return nil, false
		}
		rec = v
	}
	return rec, true
}

// guessColumns picks the columns of a record no table below describes:
// its id, names, amounts, status and dates, in that order, as present.
func guessColumns(rec json.RawMessage) []column {
	var obj map[string]json.RawMessage
	_ = json.Unmarshal(rec, &obj)
	var cols []column
	for _, name := range []string{"id", "uuid", "name", "title", "organization", "description", "email",
		"amount", "total", "status", "vis_state", "date", "created_at", "updated_at", "updated"} {
		raw, ok := obj[name]
		if !ok || len(cols) == 7 {
			continue
		}
		c := col(strings.ToUpper(name), name)
		if len(raw) > 0 && raw[0] == '{' {
			c = money(c.header, name)
		}
		cols = append(cols, c)
	}
	if cols == nil {
		for _, name := range slices.Sorted(maps.Keys(obj))[:min(5, len(obj))] {
			cols = append(cols, col(strings.ToUpper(name), name))
		}
	}
	return cols
}

// membershipColumns are the columns of a login's businesses.
func membershipColumns() []column {
	return []column{
		{header: "CURRENT", path: "current", mark: true},
		col("ACCOUNT", "account_id"),
		col("BUSINESS", "business_id"),
		col("UUID", "business_uuid"),
		col("NAME", "name"),
		col("ROLE", "role"),
	}
}

// tableColumns are the table columns of the resource called name: its
// id, name or number, client, amount, status and dates. A resource not
// here gets columns chosen from its first record.
func tableColumns(name string) []column {
	switch name {
	case "invoices":
		return []column{col("ID", "id"), col("NUMBER", "invoice_number"), col("CLIENT", "current_organization|organization"),
			money("AMOUNT", "amount"), money("OUTSTANDING", "outstanding"), col("STATUS", "v3_status|display_status"),
			col("DATE", "create_date"), col("DUE", "due_date")}
	case "estimates":
		return []column{col("ID", "id"), col("NUMBER", "estimate_number"), col("CLIENT", "current_organization|organization"),
			money("AMOUNT", "amount"), col("STATUS", "ui_status|display_status"), col("DATE", "create_date")}
	case "credit-notes":
		return []column{col("ID", "id"), col("NUMBER", "credit_number"), col("CLIENT", "current_organization|organization"),
			money("AMOUNT", "amount"), col("STATUS", "display_status|status"), col("DATE", "create_date")}
	case "invoice-profiles":
		return []column{col("ID", "id"), col("CLIENT", "current_organization|organization"), money("AMOUNT", "amount"),
			col("FREQUENCY", "frequency"), col("SENT", "occurrences_to_date"), col("STARTS", "create_date")}
	case "clients":
		return []column{col("ID", "id"), col("ORGANIZATION", "organization"), col("FIRST NAME", "fname"), col("LAST NAME", "lname"),
			col("EMAIL", "email"), col("CURRENCY", "currency_code"), col("UPDATED", "updated")}
	case "staff":
		return []column{col("ID", "id"), col("NAME", "display_name"), col("EMAIL", "email"), col("UPDATED", "updated")}
	case "bills":
		return []column{col("ID", "id"), col("NUMBER", "bill_number"), col("VENDOR", "vendor.vendor_name|vendorid"),
			money("AMOUNT", "total_amount|amount"), money("OUTSTANDING", "outstanding"), col("STATUS", "status"),
			col("ISSUED", "issue_date"), col("DUE", "due_date")}
	case "bill-payments":
		return []column{col("ID", "id"), col("BILL", "billid"), money("AMOUNT", "amount"), col("TYPE", "payment_type"), col("PAID", "paid_date")}
	case "bill-vendors":
		return []column{col("ID", "vendorid"), col("NAME", "vendor_name"), col("EMAIL", "primary_contact_email"),
			money("OUTSTANDING", "outstanding_balance"), col("UPDATED", "updated_at")}
	case "expenses":
		return []column{col("ID", "id"), col("VENDOR", "vendor"), col("CLIENT", "clientid"), money("AMOUNT", "amount"),
			col("CATEGORY", "categoryid"), col("DATE", "date")}
	case "expense-categories":
		return []column{col("ID", "id"), col("CATEGORY", "category"), col("PARENT", "parentid"), col("UPDATED", "updated_at")}
	case "payments":
		return []column{col("ID", "id"), col("INVOICE", "invoiceid"), col("CLIENT", "clientid"), money("AMOUNT", "amount"),
			col("TYPE", "type"), col("DATE", "date")}
	case "other-income":
		return []column{col("ID", "incomeid"), col("SOURCE", "source"), col("CATEGORY", "category_name"), money("AMOUNT", "amount"), col("DATE", "date")}
	case "items":
		return []column{col("ID", "id"), col("NAME", "name"), col("SKU", "sku"), money("UNIT COST", "unit_cost"), col("QTY", "qty")}
	case "tasks":
		return []column{col("ID", "id"), col("NAME", "name|tname"), money("RATE", "rate"), col("BILLABLE", "billable")}
	case "taxes":
		return []column{col("ID", "id"), col("NAME", "name"), {header: "RATE %", path: "amount", right: true}, col("NUMBER", "number"), col("UPDATED", "updated")}
	case "gateways":
		return []column{col("ID", "id"), col("GATEWAY", "gateway_name")}
	case "journal-entries":
		return []column{col("ID", "id"), col("NAME", "name"), col("DESCRIPTION", "description"), col("DATE", "user_entered_date|date")}
	case "journal-entry-accounts":
		return []column{col("ID", "id"), col("NUMBER", "account_number"), col("NAME", "account_name"), col("TYPE", "account_type"),
			money("BALANCE", "balance"), col("CURRENCY", "currency_code")}
	case "journal-entry-details":
		return []column{col("ID", "id"), col("NAME", "name"), col("TYPE", "detail_type"), money("DEBIT", "debit"), money("CREDIT", "credit"),
			money("BALANCE", "balance"), col("DATE", "user_entered_date")}
	case "ledger-accounts":
		return []column{col("UUID", "uuid"), col("NUMBER", "number"), col("NAME", "name"), col("TYPE", "type"), col("SUB TYPE", "sub_type"), col("STATE", "state")}
	case "callbacks":
		return []column{col("ID", "callbackid"), col("EVENT", "event"), col("URI", "uri"), col("VERIFIED", "verified"), col("UPDATED", "updated_at")}
	case "projects":
		return []column{col("ID", "id"), col("TITLE", "title"), col("CLIENT", "client_id"), money("RATE", "rate"), money("BILLED", "billed_amount"),
			col("STATUS", "billed_status"), col("DUE", "due_date"), col("UPDATED", "updated_at")}
	case "time-entries":
		return []column{col("ID", "id"), col("PROJECT", "project_id"), col("CLIENT", "client_id"), {header: "SECONDS", path: "duration", right: true},
			col("NOTE", "note"), col("STARTED", "started_at")}
	case "services":
		return []column{col("ID", "id"), col("NAME", "name"), col("BILLABLE", "billable")}
	case "service-rates":
		return []column{col("SERVICE", "service_id"), money("RATE", "rate")}
	}
	return nil
}
