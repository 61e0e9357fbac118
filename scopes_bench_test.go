package freshbooks

import "testing"

// BenchmarkAccountScope measures Client.Account, which programs call per
// request: building its services from the catalogue must stay cheap.
func BenchmarkAccountScope(b *testing.B) {
	c := &Client{}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Account("ABC123")
	}
}
