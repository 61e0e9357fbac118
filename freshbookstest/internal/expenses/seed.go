package expenses

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// expenseCategoryTree is the set of categories FreshBooks gives every
// account (a realistic selection; FreshBooks' own list is longer).
// Subcategories inherit is_cogs from their parent.
var expenseCategoryTree = []struct {
	name     string
	cogs     bool
	children []string
}{
	{"Advertising", false, nil},
	{"Car & Truck", false, []string{"Gas", "Mileage", "Parking", "Vehicle Insurance", "Vehicle Repairs"}},
	{"Contract Labor", false, nil},
	{"Cost of Goods Sold", true, []string{"Materials", "Inventory Purchases", "Freight & Delivery"}},
	{"Education and Training", false, nil},
	{"Employee Benefits", false, []string{"Accident Insurance", "Health Insurance", "Life Insurance"}},
	{"Meals and Entertainment", false, []string{"Entertainment", "Restaurants/Dining"}},
	{"Office Expenses & Postage", false, []string{"Hardware", "Office Supplies", "Packaging", "Postage", "Printing",
		"Shipping & Couriers", "Software", "Stationery"}},
	{"Other Expenses", false, []string{"Bank Fees", "Business Insurance", "Commissions", "Depreciation", "Interest - Mortgage",
		"Interest - Other", "Online Services", "Reference Materials", "Repairs & Maintenance",
		"Subscriptions/Dues/Memberships", "Taxes & Licenses", "Wages"}},
	{"Personal", false, nil},
	{"Professional Services", false, []string{"Accounting", "Legal Fees"}},
	{"Rent or Lease", false, []string{"Equipment", "Machinery", "Office Space", "Vehicles"}},
	{"Supplies", false, nil},
	{"Travel", false, []string{"Airfare", "Hotel/Lodging/Accommodation", "Taxi & Parking"}},
	{"Utilities", false, []string{"Gas & Electrical", "Phone"}},
}

// seedExpenses gives every account its categories, staff, system and
// gateways.
func Seed(s *engine.Engine) {
	s.Lock()
	defer s.Unlock()
	for _, b := range s.Businesses {
		seedExpenseAccount(s, b)
	}
}

// seedExpenseAccount gives an account its categories, staff, system and
// gateways. Callers hold s.mu.
func seedExpenseAccount(s *engine.Engine, b *engine.Business) {
	key := "acct:" + b.AccountID
	now := s.Now()
	stamp := now.In(engine.Eastern()).Format(time.DateTime)

	cats := s.Table(key, Categories)
	add := func(name string, parent json.Number, cogs bool) json.Number {
		rec := engine.Record{"category": name, "parentid": nil, "is_cogs": cogs, "is_editable": false, "transaction_posted": false,
			"created_at": stamp, "updated_at": stamp, "vis_state": json.Number("0")}
		if parent != "" {
			rec["parentid"] = parent
		}
		id := engine.Num(cats.Insert(rec))
		rec["id"], rec["categoryid"] = id, id
		return id
	}
	for _, c := range expenseCategoryTree {
		parent := add(c.name, "", c.cogs)
		for _, child := range c.children {
			add(child, parent, c.cogs)
		}
	}

	// Staff: the owner is 1, then everyone else with a role, in the order
	// of the identities.
	type person struct {
		p    *engine.Identity
		role string
	}
	var people []person
	for _, p := range s.Identities {
		for _, m := range p.Memberships {
			if m.Business != b || m.Role == "client" {
				continue
			}
			if m.Role == "owner" {
				people = append([]person{{p, m.Role}}, people...)
			} else {
				people = append(people, person{p, m.Role})
			}
		}
	}
	staff := s.Table(key, tblStaff)
	for i, pp := range people {
		id := engine.Num(int64(i + 1))
		level := 1 // [INF] 0 for the owner, 1 for others
		if pp.role == "owner" {
			level = 0
		}
		staff.Put(int64(i+1), engine.Record{
			"id": id, "userid": id, "accounting_systemid": b.AccountID,
			"fname": pp.p.FirstName, "lname": pp.p.LastName, "display_name": pp.p.FirstName + " " + pp.p.LastName,
			"email": pp.p.Email, "username": pp.p.Email, "organization": b.Name,
			"bus_phone": "", "home_phone": "", "mob_phone": "", "fax": "", "note": "",
			"p_street": "", "p_street2": "", "p_city": "", "p_province": "", "p_code": "", "p_country": "",
			"rate": "0.00", "currency_code": b.Currency, "language": "en", "level": engine.Num(int64(level)), "num_logins": engine.Num(0),
			"api_token": nil, "last_login": nil, "signup_date": pp.p.CreatedAt.UTC().Format(time.DateTime),
			"updated": stamp, "vis_state": json.Number("0"),
		})
	}

	owner := ""
	if len(people) > 0 {
		owner = people[0].p.Email
	}
	sysID := b.ID + 11 // the systemid of the identity's roles entry (identity.go)
	s.Table(key, tblSystems).Put(sysID, engine.Record{
		"id": engine.Num(sysID), "accounting_systemid": b.AccountID, "name": b.Name, "email": owner, "phone": b.Phone,
		"street": b.Street, "street2": "", "city": b.City, "province": b.Province, "code": b.PostalCode, "country": b.Country,
		"currency_code": b.Currency, "language": "en", "date_format": b.DateFormat, "timezone": b.Timezone, "updated": stamp,
	})

	gw := s.Table(key, tblGateways)
	for _, g := range []struct {
		kind int64
		name string
	}{{26, "Stripe"}, {7, "PayPal"}} {
		rec := engine.Record{"gatewayid": engine.Num(g.kind), "gateway_name": g.name, "vis_state": json.Number("0")}
		rec["id"] = engine.Num(gw.Insert(rec))
	}
}

// removeGateway disconnects a gateway. It leaves the lists; the answer
// is the accounting family's empty success, as for taxes [INF]. The
// record is kept with vis_state 1 [INF], so that a durable sandbox, which
// seeds gateways again on start before loading its data, does not bring
// it back.
func removeGateway(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sp := sc.Named(tblGateways)
	sc.Lock()
	defer sc.Unlock()
	id, rec, e := sc.Lookup(sp, r)
	if e != nil {
		return e
	}
	if rec.Str("vis_state") == "1" {
		return engine.NotFound(sp, r.PathValue("id"))
	}
	next := rec.Clone()
	next["vis_state"] = json.Number("1")
	if err := sc.Save(sp.Name, id, next); err != nil {
		return engine.StorageError(err)
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"response": map[string]any{}})
	return nil
}
