package sales

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// liveClient returns a client that exists and is not deleted.
func liveClient(sc *engine.Scope, id int64) engine.Record {
	c := sc.Table("clients").ByID[id]
	if c == nil || c.Str("vis_state") == "1" {
		return nil
	}
	return c
}

// checkClient validates the client member (customerid or clientid) of a
// document. [INF] FreshBooks' answer for an unknown client is not
// recorded: a 422 with errno 1012 (UnknownResource) on the field.
func checkClient(sc *engine.Scope, name string, rec engine.Record, key string, creating bool) *engine.Error {
	if !present(rec, key) {
		if creating {
			return requiredField(key)
		}
		return nil
	}
	if !creating && !wasWritten(sc, name, rec, key) {
		return nil
	}
	id := rec.Int(key)
	if id <= 0 {
		return &engine.Error{Status: 422, Errno: 1015, Field: key, Message: "The field '" + key + "' must be a number.", Value: rec.Str(key)}
	}
	if liveClient(sc, id) == nil {
		return &engine.Error{Status: 422, Errno: 1012, Field: key, Message: "Client not found.", Value: rec.Str(key)}
	}
	return nil
}

func checkDate(rec engine.Record, creating bool) *engine.Error {
	if !present(rec, "create_date") {
		if creating {
			return requiredField("create_date")
		}
		return nil
	}
	if !validDate(rec["create_date"]) {
		return &engine.Error{Status: 422, Errno: 1033, Field: "create_date", Message: "The field 'create_date' must be a date (YYYY-MM-DD).", Value: rec.Str("create_date")}
	}
	return nil
}

// checkLines validates the lines of a document write.
func checkLines(rec engine.Record) *engine.Error {
	if !present(rec, "lines") {
		return nil
	}
	lines, ok := rec["lines"].([]any)
	if !ok {
		return engine.Invalid("lines", rec["lines"])
	}
	for _, l := range lines {
		line, ok := l.(map[string]any)
		if !ok {
			return engine.Invalid("lines", l)
		}
		lr := engine.Record(line)
		if present(lr, "qty") {
			if _, ok := engine.DecimalOf(lr["qty"]); !ok {
				return &engine.Error{Status: 422, Errno: 1015, Field: "qty", Message: "The field 'qty' must be a number.", Value: lr.Str("qty")}
			}
		}
		if present(lr, "unit_cost") {
			if _, ok := engine.AmountOf(lr["unit_cost"]); !ok {
				return engine.Invalid("unit_cost", lr["unit_cost"])
			}
		}
		for _, k := range []string{"taxAmount1", "taxAmount2"} {
			if present(lr, k) && lr.Str(k) != "" {
				if _, ok := engine.DecimalOf(lr[k]); !ok {
					return &engine.Error{Status: 422, Errno: 1018, Field: k, Message: "Percent values should be strings formatted as decimals.", Value: lr.Str(k)}
				}
			}
		}
		if present(lr, "type") {
			if t := lr.Str("type"); t != "0" && t != "1" {
				return engine.Invalid("type", lr["type"])
			}
		}
	}
	return nil
}

func checkPercent(rec engine.Record, key string) *engine.Error {
	if present(rec, key) && rec.Str(key) != "" {
		if _, ok := engine.DecimalOf(rec[key]); !ok {
			return &engine.Error{Status: 422, Errno: 1018, Field: key, Message: "Percent values should be strings formatted as decimals.", Value: rec.Str(key)}
		}
	}
	return nil
}

// snapshotFields maps a document's client members to the client's.
var snapshotFields = [][2]string{
	{"fname", "fname"}, {"lname", "lname"}, {"organization", "organization"}, {"email", "email"},
	{"street", "p_street"}, {"street2", "p_street2"}, {"city", "p_city"}, {"province", "p_province"},
	{"code", "p_code"}, {"country", "p_country"}, {"vat_name", "vat_name"}, {"vat_number", "vat_number"},
}

// snapshot copies the client's name and address into a document, as
// FreshBooks does when it is made: members the write set are kept; a
// change of client copies everything again.
func snapshot(sc *engine.Scope, rec engine.Record, key string) {
	cid := rec.Str(key)
	client := sc.Table("clients").ByID[rec.Int(key)]
	if client == nil {
		return
	}
	again := rec.Str("_snapshot_of") != "" && rec.Str("_snapshot_of") != cid
	for _, f := range snapshotFields {
		if _, ok := rec[f[0]]; again || !ok {
			rec[f[0]] = client.Str(f[1])
		}
	}
	rec["current_organization"] = client.Str("organization")
	if again || rec.Str("currency_code") == "" {
		rec["currency_code"] = cmp.Or(client.Str("currency_code"), cmp.Or(sc.Business.Currency, "USD"))
	}
	rec["_snapshot_of"] = cid
}

// totalsOf are the totals of a priced document.
func nextNumber(sc *engine.Scope, rec engine.Record, table, key string) {
	if rec.Str(key) == "" {
		rec[key] = fmt.Sprintf("%07d", len(sc.Table(table).IDs))
	}
}

// common are members every invoice-like document answers with.
func common(sc *engine.Scope, rec engine.Record) {
	setDefaults(rec, map[string]any{"ownerid": json.Number("1"), "language": "en", "notes": "", "terms": "",
		"description": "", "po_number": "", "discount_value": "0", "discount_description": "", "template": "clean-grouped",
		"address": "", "ext_archive": json.Number("0"), "vis_state": json.Number("0")})
	rec["accountid"] = sc.Business.AccountID
}

// uUID gives a document its uuid once.
func uUID(sc *engine.Scope, rec engine.Record) {
	if rec.Str("uuid") == "" {
		rec["uuid"] = sc.UUID()
	}
}

// dropActions removes action members a write left (an action set to
// false, or the parameters of one).
func dropActions(rec engine.Record) {
	for k := range rec {
		if strings.HasPrefix(k, "action_") {
			delete(rec, k)
		}
	}
	for _, k := range []string{"email_recipients", "invoice_customized_email", "estimate_customized_email", "email_include_pdf"} {
		delete(rec, k)
	}
}
