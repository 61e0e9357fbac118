package freshbooks

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestMoneyJSON(t *testing.T) {
	tests := []struct {
		in, want string // want "" means the same as in
		str      string
		zero     bool
	}{
		{in: `{"amount":"41.94","code":"CAD"}`, str: "41.94 CAD"},
		{in: `{"amount":"1222.00","code":"USD"}`, str: "1222.00 USD"},
		{in: `{"amount":10,"code":"CAD"}`, str: "10 CAD"},
		{in: `{"amount":"7.60133524082021936099189318","code":"USD"}`, str: "7.60133524082021936099189318 USD"},
		{in: `{"amount":"3300.00"}`, str: "3300.00"},
		{in: `{"amount":null,"code":"CAD"}`, str: "0 CAD"},
		{in: `{"code":"CAD"}`, want: `{"amount":null,"code":"CAD"}`, str: "0 CAD"},
		{in: `{"amount":"0.00","code":"CAD"}`, str: "0.00 CAD"},
		{in: `{ "code" : "EUR" , "amount" : "5.5" }`, want: `{"amount":"5.5","code":"EUR"}`, str: "5.5 EUR"},
		{in: `{"amount":"1.00","code":"USD","symbol":"$"}`, str: "1.00 USD"},
		{in: `null`, str: "0", zero: true},
		{in: `{}`, want: `null`, str: "0", zero: true},
	}
	for _, tt := range tests {
		var m Money
		if err := json.Unmarshal([]byte(tt.in), &m); err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		want := tt.want
		if want == "" {
			want = tt.in
		}
		b, err := json.Marshal(m)
		if err != nil || string(b) != want {
			t.Errorf("%s encodes as %s, %v; want %s", tt.in, b, err, want)
		}
		if m.String() != tt.str || m.IsZero() != tt.zero {
			t.Errorf("%s: String %q IsZero %v", tt.in, m, m.IsZero())
		}
	}
	for _, in := range []string{`{"amount":"abc","code":"CAD"}`, `{"amount":true}`, `{"amount":"1","code":5}`,
		`[]`, `"41.94"`, `41.94`, `{"amount":"1"`, ``} {
		var m Money
		if err := m.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("%s: decoded as %v, want an error", in, m)
		}
	}
	// A money field tagged omitzero is left out only when it holds nothing.
	type inv struct {
		Amount Money `json:"amount,omitzero"`
		Paid   Money `json:"paid,omitzero"`
	}
	zero, _ := NewMoney("0.00", "CAD")
	b, err := json.Marshal(inv{Paid: zero})
	if err != nil || string(b) != `{"paid":{"amount":"0.00","code":"CAD"}}` {
		t.Errorf("omitzero: %s %v", b, err)
	}
}

func TestMoneyArithmetic(t *testing.T) {
	m := func(a, c string) Money {
		t.Helper()
		v, err := NewMoney(a, c)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	sum, err := m("41.94", "CAD").Add(m("0.06", "CAD"))
	if err != nil || sum.String() != "42.00 CAD" {
		t.Errorf("Add: %v %v", sum, err)
	}
	if b, _ := json.Marshal(sum); string(b) != `{"amount":"42.00","code":"CAD"}` {
		t.Errorf("Add encodes as %s", b)
	}
	diff, err := m("10", "USD").Sub(m("2.50", "USD"))
	if err != nil || diff.String() != "7.50 USD" {
		t.Errorf("Sub: %v %v", diff, err)
	}
	// A Money without a code takes the other's.
	if s, err := m("1", "").Add(m("2", "EUR")); err != nil || s.String() != "3 EUR" {
		t.Errorf("Add without code: %v %v", s, err)
	}
	if s, err := m("1", "EUR").Sub(m("2", "")); err != nil || s.String() != "-1 EUR" {
		t.Errorf("Sub without code: %v %v", s, err)
	}
	if _, err := m("1", "CAD").Add(m("1", "USD")); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("Add across currencies: %v", err)
	}
	if _, err := m("1", "CAD").Sub(m("1", "USD")); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("Sub across currencies: %v", err)
	}
	if got := m("10.00", "CAD").Mul(MustDecimal("4")); got.String() != "40.00 CAD" {
		t.Errorf("Mul: %v", got)
	}
	tax := m("19.99", "USD").Mul(MustDecimal("0.13"))
	if tax.String() != "2.5987 USD" || tax.Amount.Round(2).String() != "2.60" {
		t.Errorf("tax: %v", tax)
	}
	var total Money
	for _, a := range []string{"0.10", "0.20", "0.30"} {
		if total, err = total.Add(m(a, "CAD")); err != nil {
			t.Fatal(err)
		}
	}
	if total.String() != "0.60 CAD" || !total.Amount.Equal(MustDecimal("0.6")) {
		t.Errorf("total = %v", total)
	}
	if _, err := NewMoney("1,00", "EUR"); err == nil {
		t.Error("NewMoney: no error for 1,00")
	}
}

func FuzzMoney(f *testing.F) {
	for _, s := range []string{`{"amount":"41.94","code":"CAD"}`, `{"amount":10,"code":"CAD"}`, `null`,
		`{"amount":null}`, `{"amount":"1","x":[1]}`, `{"code":"\u0043AD"}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var m Money
		if err := m.UnmarshalJSON(in); err != nil {
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("encoding %q: %v", in, err)
		}
		var m2 Money
		if err := json.Unmarshal(out, &m2); err != nil {
			t.Fatalf("decoding own output %s: %v", out, err)
		}
		if m.String() != m2.String() || !m.Amount.Equal(m2.Amount) {
			t.Fatalf("%q → %s → %v", in, out, m2)
		}
		if out2, _ := json.Marshal(m2); string(out2) != string(out) {
			t.Fatalf("unstable: %s %s", out, out2)
		}
		if !m.IsZero() && !isJSONNull(in) {
			assertRoundTrip(t, in, out)
		}
		_, _ = m.Add(m2)
	})
}

// Benchmarks: decoding a money object, against plain encoding/json decoding
// into strings and into a shopspring decimal.
var moneyJSONBench = []byte(`{"amount":"41.94","code":"CAD"}`)

func BenchmarkMoneyDecode(b *testing.B) {
	b.Run("Money", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var m Money
			if err := json.Unmarshal(moneyJSONBench, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain-strings", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var m struct {
				Amount string `json:"amount"`
				Code   string `json:"code"`
			}
			if err := json.Unmarshal(moneyJSONBench, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain-shopspring", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var m struct {
				Amount decimal.Decimal `json:"amount"`
				Code   string          `json:"code"`
			}
			if err := json.Unmarshal(moneyJSONBench, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMoneyEncode(b *testing.B) {
	var m Money
	if err := json.Unmarshal(moneyJSONBench, &m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(m); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMoneyRoundDivAndCodes(t *testing.T) {
	if m := MustMoney("10", "cad"); m.Code != "CAD" {
		t.Errorf("code %q", m.Code)
	}
	for _, bad := range []string{"CA", "CADD", "C4D", "€€€"} {
		if _, err := NewMoney("1", bad); !errors.Is(err, ErrInvalidCurrency) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := MustMoney("1", "USD").Div(MustDecimal("0"), 2); err == nil {
		t.Error("division by zero")
	}
	third, _ := MustMoney("10.00", "USD").Div(MustDecimal("3"), 2)
	if third.String() != "3.33 USD" {
		t.Errorf("10/3 = %s", third)
	}
	if r := MustMoney("-2.345", "USD").Round(2); r.String() != "-2.35 USD" {
		t.Errorf("round half away from zero: %s", r)
	}
	sum, err := Money{Amount: MustDecimal("1"), Code: "usd"}.Add(MustMoney("2", "USD"))
	if err != nil || sum.Amount.String() != "3" {
		t.Errorf("codes differing in case: %v %v", sum, err)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustMoney of a bad amount did not panic")
		}
	}()
	MustMoney("ten", "USD")
}
