package freshbookstest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
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
// of one business who is also the accountant of a second, and the owner of
// that second business, who is an employee of the first.
func (s *Sandbox) seed() {
	rng := s.rng
	b1, b2 := s.newBusiness(rng), s.newBusiness(rng)
	owner := s.newIdentity(rng, 0)
	other := s.newIdentity(rng, 1)
	owner.Memberships = []membership{{ID: 1000000 + rng.Int64N(899999), Role: "owner", Business: b1},
		{ID: 1000000 + rng.Int64N(899999), Role: "business_accountant", Business: b2}}
	other.Memberships = []membership{{ID: 1000000 + rng.Int64N(899999), Role: "owner", Business: b2},
		{ID: 1000000 + rng.Int64N(899999), Role: "business_employee", Business: b1}}
	s.identities = []*identity{owner, other}
}

func (s *Sandbox) newIdentity(rng *rand.Rand, n int) *identity {
	first := firstNames[rng.IntN(len(firstNames))]
	last := lastNames[(rng.IntN(len(lastNames))+n)%len(lastNames)]
	return &identity{
		ID:        int64(4000000 + rng.IntN(999999)),
		UUID:      uuid(rng),
		FirstName: first,
		LastName:  last,
		Email:     strings.ToLower(first+"."+last) + fmt.Sprintf("%d@example.com", n+1),
		CreatedAt: time.Date(2024, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), 0, time.UTC),
	}
}

func (s *Sandbox) newBusiness(rng *rand.Rand) *business {
	c := cities[rng.IntN(len(cities))]
	return &business{
		ID:         int64(8000000 + rng.IntN(999999)),
		UUID:       uuid(rng),
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

func uuid(rng *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
