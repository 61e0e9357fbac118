package freshbookstest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

var (
	firstNames = []string{"Sam", "Alex", "Jordan", "Morgan", "Riley", "Casey", "Taylor", "Jamie", "Avery", "Quinn"}
	lastNames  = []string{"Owner", "Rivera", "Chen", "Okafor", "Novak", "Haddad", "Larsen", "Moreau", "Tanaka", "Silva"}
	bizWords   = []string{"Maple", "Harbor", "Summit", "Lantern", "Copper", "Juniper", "Atlas", "Beacon", "Cedar", "Orbit"}
	bizKinds   = []string{"Consulting", "Design Studio", "Bakery", "Landscaping", "Software", "Photography", "Plumbing", "Tutoring"}
	cities     = []struct{ city, province, postal string }{
		{"Springfield", "Illinois", "62704"}, {"Portland", "Oregon", "97205"}, {"Austin", "Texas", "78701"},
		{"Burlington", "Vermont", "05401"}, {"Madison", "Wisconsin", "53703"},
	}
)

// seed makes the sandbox's people and businesses from its seed: an owner
// of one business who is also the accountant of a second, the owner of
// that second business, who is an employee of the first, and an employee
// of the second business alone, whose token the first business refuses.
func seedPeople(s *engine.Engine) {
	rng := s.RNG
	b1, b2 := newBusiness(rng), newBusiness(rng)
	owner := newIdentity(rng, 0)
	other := newIdentity(rng, 1)
	owner.Memberships = []engine.Membership{{ID: 1000000 + rng.Int64N(899999), Role: "owner", Business: b1},
		{ID: 1000000 + rng.Int64N(899999), Role: "business_accountant", Business: b2}}
	other.Memberships = []engine.Membership{{ID: 1000000 + rng.Int64N(899999), Role: "owner", Business: b2},
		{ID: 1000000 + rng.Int64N(899999), Role: "business_employee", Business: b1}}
	// Drawn from a source of its own, so the others' data stays as it was.
	own := rand.New(rand.NewPCG(s.Seed, 0x6f757473696465))
	outsider := newIdentity(own, 2)
	outsider.Memberships = []engine.Membership{{ID: 1000000 + own.Int64N(899999), Role: "business_employee", Business: b2}}
	s.Identities = []*engine.Identity{owner, other, outsider}
	s.Businesses = []*engine.Business{b1, b2}
}

func newIdentity(rng *rand.Rand, n int) *engine.Identity {
	first := firstNames[rng.IntN(len(firstNames))]
	last := lastNames[(rng.IntN(len(lastNames))+n)%len(lastNames)]
	return &engine.Identity{
		ID:        int64(4000000 + rng.IntN(999999)),
		UUID:      engine.UUID(rng),
		FirstName: first,
		LastName:  last,
		Email:     strings.ToLower(first+"."+last) + fmt.Sprintf("%d@example.com", n+1),
		CreatedAt: time.Date(2024, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), 0, time.UTC),
	}
}

func newBusiness(rng *rand.Rand) *engine.Business {
	c := cities[rng.IntN(len(cities))]
	return &engine.Business{
		ID:         int64(8000000 + rng.IntN(999999)),
		UUID:       engine.UUID(rng),
		AccountID:  accountID(rng),
		Name:       bizWords[rng.IntN(len(bizWords))] + " " + bizKinds[rng.IntN(len(bizKinds))] + " LLC",
		DateFormat: "mm/dd/yyyy",
		Timezone:   "America/New_York",
		Currency:   "USD",
		Street:     fmt.Sprintf("%d Main St", 1+rng.IntN(999)),
		City:       c.city,
		Province:   c.province,
		Country:    "United States",
		PostalCode: c.postal,
		Phone:      fmt.Sprintf("555%07d", rng.IntN(10000000)),
		AddressID:  int64(70000 + rng.IntN(9999)),
		PhoneID:    int64(80000 + rng.IntN(9999)),
	}
}

// accountID makes a FreshBooks-style account id: five or six letters and digits.
func accountID(rng *rand.Rand) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 5+rng.IntN(2))
	for i := range b {
		b[i] = alnum[rng.IntN(len(alnum))]
	}
	return string(b)
}

var (
	itemNames   = []string{"Consulting hour", "Design package", "Site visit", "Monthly retainer", "Training session", "Support plan", "Installation"}
	orgWords    = []string{"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Soylent", "Cyberdyne", "Wonka"}
	orgKinds    = []string{"Industries", "Corp", "Ltd", "Imports", "Labs", "Foods", "Partners"}
	projectName = []string{"Website redesign", "Quarterly audit", "Office move", "Brand refresh", "Spring campaign", "Inventory system"}
	serviceName = []string{"Design", "Development", "Meetings", "Research"}
	vendors     = []string{"Staples", "Shell", "Delta", "Adobe", "Home Depot", "Comcast"}
)

// seedBusinessData gives every business a realistic set of records,
// created through the same code as API writes so totals, statuses and
// timestamps are consistent: taxes, items, clients, invoices with lines,
// payments, expenses, services, projects and time entries. It is
// deterministic from the seed. A resource the sandbox does not serve is
// skipped.
func seedBusinessData(s *engine.Engine) {
	rng := rand.New(rand.NewPCG(s.Seed, 0x5265636f726473))
	s.Lock()
	defer s.Unlock()
	for _, b := range s.Businesses {
		seedBusiness(s, rng, b)
	}
}

// seedBusiness fills one business. Callers hold s.mu.
func seedBusiness(s *engine.Engine, rng *rand.Rand, b *engine.Business) {
	add := func(name string, rec engine.Record) engine.Record {
		out, err := s.InsertLocked(name, b, rec)
		if err != nil {
			return nil
		}
		return out
	}
	// Records are dated relative to the sandbox's clock, over the last
	// twelve months ending today, so "the last 90 days" has answers and
	// the same seed and Now give the same data.
	now := s.Now().UTC()
	base := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -360)
	day := func(d int) string { return base.AddDate(0, 0, d).Format("2006-01-02") }
	moneyIn := func(cents int, code string) map[string]any {
		return map[string]any{"amount": fmt.Sprintf("%d.%02d", cents/100, cents%100), "code": code}
	}
	money := func(cents int) map[string]any { return moneyIn(cents, b.Currency) }
	// Every fourth client pays in another currency.
	otherCurrencies := []string{"EUR", "GBP", "CAD"}

	var taxes []engine.Record
	for _, t := range []struct{ name, pct string }{{"Sales Tax", "8.25"}, {"GST", "5"}} {
		if r := add("taxes", engine.Record{"name": t.name, "amount": t.pct, "compound": false}); r != nil {
			taxes = append(taxes, r)
		}
	}
	type item struct {
		name string
		cost int
	}
	var items []item
	for i := range 5 {
		it := item{itemNames[(i+rng.IntN(3))%len(itemNames)], (5 + rng.IntN(60)) * 500}
		items = append(items, it)
		add("items", engine.Record{"name": it.name, "description": it.name + " (standard)", "qty": "1",
			"unit_cost": money(it.cost), "inventory": nil, "sku": fmt.Sprintf("SKU-%03d", 100+i)})
	}
	var clients []engine.Record
	for i := range 8 {
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		org := orgWords[(i+rng.IntN(4))%len(orgWords)] + " " + orgKinds[rng.IntN(len(orgKinds))]
		c := cities[rng.IntN(len(cities))]
		currency := b.Currency
		if i%4 == 3 {
			currency = otherCurrencies[(i/4)%len(otherCurrencies)]
		}
		r := add("clients", engine.Record{"fname": first, "lname": last, "organization": org,
			"email":    strings.ToLower(first) + "@" + strings.ToLower(strings.ReplaceAll(org, " ", "")) + ".example",
			"p_street": fmt.Sprintf("%d Oak Ave", 10+rng.IntN(900)), "p_city": c.city, "p_province": c.province,
			"p_code": c.postal, "p_country": "United States", "currency_code": currency})
		if r != nil {
			clients = append(clients, r)
		}
	}
	if len(clients) > 0 {
		for i := range 10 {
			cl := clients[rng.IntN(len(clients))]
			var lines []any
			for range 1 + rng.IntN(3) {
				it := items[rng.IntN(len(items))]
				line := map[string]any{"name": it.name, "qty": fmt.Sprint(1 + rng.IntN(8)), "unit_cost": moneyIn(it.cost, cl.Str("currency_code")), "type": 0}
				if len(taxes) > 0 && rng.IntN(2) == 0 {
					line["taxName1"], line["taxAmount1"] = taxes[0].Str("name"), taxes[0].Str("amount")
				}
				lines = append(lines, line)
			}
			// One invoice every 40 days, the last one today. By status:
			// 0, 3, 6 paid; 1, 4, 7 partly paid; 2 draft; 5 sent and
			// now overdue; 8 viewed and 9 sent, both due in the future.
			rec := engine.Record{"customerid": cl["id"], "create_date": day(i * 40), "due_offset_days": 30,
				"currency_code": cl.Str("currency_code"), "lines": lines, "notes": "Thank you for your business."}
			switch i {
			case 5, 9: // sent
				rec["status"] = json.Number("2")
			case 8: // viewed
				rec["status"], rec["due_offset_days"] = json.Number("3"), 60
			}
			inv := add("invoices", rec)
			if inv == nil {
				continue
			}
			if paid := inv.Str("outstanding"); i%3 != 2 && i != 9 && paid != "" {
				amount := engine.Record(engine.AsMap(inv["amount"])).Str("amount")
				if i%3 == 1 { // a partial payment
					amount = halve(amount)
				}
				add("payments", engine.Record{"invoiceid": inv["id"], "amount": map[string]any{"amount": amount}, "date": day(i*40 + 12),
					"type": []string{"Check", "Credit Card", "Bank Transfer"}[rng.IntN(3)], "note": "Seeded payment"})
			}
		}
	}
	var category any
	if t := s.Tables["acct:"+b.AccountID+"/categories"]; t != nil && len(t.IDs) > 0 {
		category = t.ByID[t.IDs[0]]["id"]
	}
	for i := range 6 {
		add("expenses", engine.Record{"categoryid": category, "staffid": 1, "date": day(i*60 + 10), "amount": money((10 + rng.IntN(400)) * 100),
			"vendor": vendors[rng.IntN(len(vendors))], "notes": "Seeded expense"})
	}
	var services, projects []engine.Record
	for _, n := range serviceName[:3] {
		if r := add("services", engine.Record{"name": n, "billable": true}); r != nil {
			services = append(services, r)
		}
	}
	for i := range 3 {
		rec := engine.Record{"title": projectName[(i+rng.IntN(3))%len(projectName)], "billing_method": "project_rate", "project_type": "hourly_rate", "rate": "95.00"}
		if len(clients) > 0 {
			rec["client_id"] = clients[i%len(clients)]["id"]
		}
		if r := add("projects", rec); r != nil {
			projects = append(projects, r)
		}
	}
	for i := range 12 {
		if len(projects) == 0 {
			break
		}
		p := projects[i%len(projects)]
		rec := engine.Record{"is_logged": true, "started_at": base.AddDate(0, 0, i*30).Add(time.Duration(9+rng.IntN(6)) * time.Hour).Format("2006-01-02T15:04:05.000Z"),
			"duration": (1 + rng.IntN(8)) * 1800, "project_id": p["id"], "client_id": p["client_id"], "note": "Seeded time", "billable": true}
		if len(services) > 0 {
			rec["service_id"] = services[i%len(services)]["id"]
		}
		add("time_entries", rec)
	}
}

// halve divides a decimal amount by two, to the cent (rounded down).
func halve(amount string) string {
	whole, frac, _ := strings.Cut(amount, ".")
	cents, _ := strconv.ParseInt(whole+(frac + "00")[:2], 10, 64)
	cents /= 2
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}
