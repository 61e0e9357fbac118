package engine

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"time"
)

// Identity is a person who can sign in.
type Identity struct {
	ID          int64
	UUID        string
	FirstName   string
	LastName    string
	Email       string
	CreatedAt   time.Time
	Memberships []Membership
}

type Membership struct {
	ID       int64
	Role     string
	Business *Business
}

// Business is one FreshBooks business, with its three ids.
type Business struct {
	ID         int64
	UUID       string
	AccountID  string
	Name       string
	DateFormat string
	Timezone   string
	Currency   string
	Street     string
	City       string
	Province   string
	Country    string
	PostalCode string
	Phone      string
	AddressID  int64
	PhoneID    int64
}

// UUID makes a random (version 4) UUID from rng.
func UUID(rng *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return uuidOf(b)
}

// StableUUID derives a UUID from text: the same text always gives the
// same UUID (a seeded chart of accounts, an upload's token).
func StableUUID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return uuidOf([16]byte(sum[:16]))
}

// uuidOf formats b as a version 4 UUID.
func uuidOf(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
