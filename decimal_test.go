package freshbooks

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseDecimal(t *testing.T) {
	valid := []string{"0", "4", "13", "10.00", "41.94", "-3", "+5", "0.000", "007",
		"7.60133524082021936099189318", "-7.60133524082021936099189318", "1e3", "1.5E-2", "2e+1",
		"123456789012345678", "1234567890123456789", "99999999999999999999999999999999.99"}
	for _, s := range valid {
		d, err := ParseDecimal(s)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", s, err)
			continue
		}
		if d.String() != s {
			t.Errorf("ParseDecimal(%q).String() = %q", s, d.String())
		}
		want, _ := decimal.NewFromString(s)
		if !d.Decimal().Equal(want) {
			t.Errorf("ParseDecimal(%q) = %v, want %v", s, d.Decimal(), want)
		}
		b, _ := json.Marshal(d)
		if string(b) != `"`+s+`"` {
			t.Errorf("ParseDecimal(%q) encodes as %s", s, b)
		}
	}
	invalid := []string{"", " ", "1 ", " 1", "abc", "1.", ".5", "-", "+", "1e", "1e+", "1.2.3", "1e2e3",
		"0x10", "1_000", "1,5", "NaN", "Inf", "−1", "1e99999", "1e-10001", "1e2147483648", "٣",
		"0." + strings.Repeat("1", 10001)}
	for _, s := range invalid {
		if d, err := ParseDecimal(s); err == nil {
			t.Errorf("ParseDecimal(%q) = %v, want an error", s, d)
		}
	}
}

func TestDecimalJSON(t *testing.T) {
	tests := []struct {
		in, want string // want: the encoding; "" means same as in
		str      string // String()
		zero     bool   // IsZero()
	}{
		{in: `"10.00"`, str: "10.00"},
		{in: `"4"`, str: "4"},
		{in: `"7.60133524082021936099189318"`, str: "7.60133524082021936099189318"},
		{in: `10`, str: "10"},
		{in: `10.50`, str: "10.50"},
		{in: `-1.5e3`, str: "-1.5e3"},
		{in: `"\u0031.50"`, str: "1.50"},
		{in: `null`, str: "0", zero: true},
		{in: `""`, str: "0", zero: true},
		{in: `"-0.00"`, str: "-0.00"},
	}
	for _, tt := range tests {
		var d Decimal
		if err := json.Unmarshal([]byte(tt.in), &d); err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		want := tt.want
		if want == "" {
			want = tt.in
		}
		b, err := json.Marshal(d)
		if err != nil || string(b) != want {
			t.Errorf("%s encodes as %s, %v; want %s", tt.in, b, err, want)
		}
		if d.String() != tt.str || d.IsZero() != tt.zero {
			t.Errorf("%s: String %q IsZero %v", tt.in, d.String(), d.IsZero())
		}
	}
	for _, in := range []string{`"abc"`, `"1 "`, `true`, `{}`, `[1]`, `"10`, `+1`, `01`, `1.`, `"1e99999"`, ``} {
		var d Decimal
		if err := d.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("UnmarshalJSON(%s) = %v, want an error", in, d)
		}
	}
	// omitzero leaves out only a Decimal that holds no value.
	type s struct {
		A Decimal `json:"a,omitzero"`
		B Decimal `json:"b,omitzero"`
		C Decimal `json:"c"`
	}
	b, err := json.Marshal(s{B: MustDecimal("0.00")})
	if err != nil || string(b) != `{"b":"0.00","c":null}` {
		t.Errorf("omitzero: %s %v", b, err)
	}
}

// Encoding does not depend on shopspring's global settings.
func TestDecimalIgnoresGlobals(t *testing.T) {
	defer func(q, z bool) { decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros = q, z }(
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros)
	for _, g := range [][2]bool{{false, true}, {true, false}, {true, true}} {
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros = g[0], g[1]
		sum := MustDecimal("10.00").Add(MustDecimal("2.50"))
		b, _ := json.Marshal(sum)
		if string(b) != `"12.50"` || sum.String() != "12.50" {
			t.Errorf("globals %v: %s %s", g, b, sum)
		}
		var d Decimal
		_ = json.Unmarshal([]byte(`"3.10"`), &d)
		if b, _ := json.Marshal(d); string(b) != `"3.10"` {
			t.Errorf("globals %v: %s", g, b)
		}
	}
}

func TestDecimalArithmetic(t *testing.T) {
	d := MustDecimal
	tests := []struct {
		name string
		got  Decimal
		want string
	}{
		{"add keeps the larger scale", d("1.5").Add(d("2.25")), "3.75"},
		{"add trailing zeros", d("10.00").Add(d("2")), "12.00"},
		{"sub", d("41.94").Sub(d("1.94")), "40.00"},
		{"sub negative", d("1").Sub(d("2.50")), "-1.50"},
		{"mul adds scales", d("4").Mul(d("10.00")), "40.00"},
		{"mul", d("1.5").Mul(d("1.5")), "2.25"},
		{"neg", d("3.10").Neg(), "-3.10"},
		{"neg zero", d("0.00").Neg(), "0.00"},
		{"round half away from zero", d("2.345").Round(2), "2.35"},
		{"round negative half", d("-2.345").Round(2), "-2.35"},
		{"round down", d("2.344").Round(2), "2.34"},
		{"round pads", d("10").Round(2), "10.00"},
		{"round long", d("7.60133524082021936099189318").Round(2), "7.60"},
		{"round tens", d("545").Round(-1), "550"},
		{"round 0.5", d("0.5").Round(0), "1"},
		{"round 2.5", d("2.5").Round(0), "3"},
		{"zero value adds as 0", Decimal{}.Add(d("1.10")), "1.10"},
		{"from int", DecimalFromInt(-42), "-42"},
		{"of shopspring", DecimalOf(decimal.New(1230, -2)), "12.30"},
		{"of positive exponent", DecimalOf(decimal.New(12, 2)), "1200"},
		{"exponent input", d("1e3").Add(d("0.5")), "1000.5"},
		{"tax", d("100.00").Mul(d("13")).Mul(d("0.01")).Round(2), "13.00"},
	}
	for _, tt := range tests {
		if tt.got.String() != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got, tt.want)
		}
		if b, _ := json.Marshal(tt.got); string(b) != `"`+tt.want+`"` {
			t.Errorf("%s: encodes as %s", tt.name, b)
		}
	}
	if d("10").Cmp(d("10.00")) != 0 || !d("10").Equal(d("10.00")) || d("9.99").Cmp(d("10")) != -1 || d("10.01").Cmp(d("10")) != 1 {
		t.Error("Cmp/Equal")
	}
	if !(Decimal{}).Equal(d("0.00")) || (Decimal{}).Sign() != 0 || d("-1").Sign() != -1 {
		t.Error("zero value compares as 0")
	}
	if (Decimal{}).IsZero() != true || d("0").IsZero() || DecimalFromInt(0).IsZero() {
		t.Error("IsZero")
	}
}

func FuzzDecimal(f *testing.F) {
	for _, s := range []string{`"10.00"`, `10`, `null`, `""`, `"7.60133524082021936099189318"`, `-1.5e3`,
		`"\u0031"`, `"1e10000"`, `{}`, `"abc"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var d Decimal
		if err := d.UnmarshalJSON(in); err != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("encoding %q: %v", in, err)
		}
		if d.IsZero() && !isJSONNull(in) && string(out) != `""` {
			t.Fatalf("%q: zero Decimal encodes as %s", in, out)
		}
		var d2 Decimal
		if err := json.Unmarshal(out, &d2); err != nil {
			t.Fatalf("decoding own output %s: %v", out, err)
		}
		if !d.Equal(d2) || d.String() != d2.String() {
			t.Fatalf("%q → %s → %v", in, out, d2)
		}
		if out2, _ := json.Marshal(d2); string(out2) != string(out) {
			t.Fatalf("unstable: %s %s", out, out2)
		}
		// Arithmetic on decoded values terminates and re-decodes.
		sum := d.Add(d2).Mul(d).Round(2)
		b, err := json.Marshal(sum)
		if err != nil {
			t.Fatal(err)
		}
		var d3 Decimal
		if err := json.Unmarshal(b, &d3); err != nil || !d3.Equal(sum) {
			t.Fatalf("computed %s does not decode: %v", b, err)
		}
	})
}
