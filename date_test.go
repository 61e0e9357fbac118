package freshbooks

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	valid := []struct {
		s       string
		y, m, d int
	}{
		{"2021-01-02", 2021, 1, 2},
		{"2020-02-29", 2020, 2, 29},
		{"2000-02-29", 2000, 2, 29},
		{"0001-01-01", 1, 1, 1},
		{"9999-12-31", 9999, 12, 31},
	}
	for _, tt := range valid {
		d, err := ParseDate(tt.s)
		if err != nil || d.Year() != tt.y || int(d.Month()) != tt.m || d.Day() != tt.d || d.String() != tt.s || !d.Valid() {
			t.Errorf("ParseDate(%q) = %v (%d-%d-%d), %v", tt.s, d, d.Year(), d.Month(), d.Day(), err)
		}
		if d != NewDate(tt.y, time.Month(tt.m), tt.d) {
			t.Errorf("ParseDate(%q) != NewDate", tt.s)
		}
	}
	for _, s := range []string{"", "2021-1-2", "2021-01-2", "20210102", "2021/01/02", "2021-13-01", "2021-00-10",
		"2021-02-29", "1900-02-29", "2021-04-31", "2021-01-00", "0000-01-01", "2021-01-02T00:00:00", " 2021-01-02",
		"2021-01-0x", "-021-01-02", "2021-W01-1", "２０２１-01-02"} {
		if d, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, d)
		}
	}
}

func TestDateJSON(t *testing.T) {
	tests := []struct {
		in, want string // want "" means the same as in
		valid    bool
		zero     bool
		str      string
	}{
		{in: `"2021-01-02"`, valid: true, str: "2021-01-02"},
		{in: `null`, zero: true},
		{in: `""`, zero: true},
		{in: `"2021-02-30"`, str: "2021-02-30"},
		{in: `"20230101"`, str: "20230101"},
		{in: `"not a date"`, str: "not a date"},
		{in: `"\u0032021-01-02"`, want: `"2021-01-02"`, valid: true, str: "2021-01-02"},
	}
	for _, tt := range tests {
		var d Date
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
		if d.Valid() != tt.valid || d.IsZero() != tt.zero || d.String() != tt.str {
			t.Errorf("%s: Valid %v IsZero %v String %q", tt.in, d.Valid(), d.IsZero(), d.String())
		}
		if (d.Err() != nil) != (!tt.valid && !tt.zero) {
			t.Errorf("%s: Err %v", tt.in, d.Err())
		}
	}
	for _, in := range []string{`20210102`, `true`, `{}`, `["2021-01-02"]`, `"2021-01-02`, ``} {
		var d Date
		if err := d.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("%s: decoded as %v, want an error", in, d)
		}
	}
	type inv struct {
		Due    Date `json:"due_date,omitzero"`
		Issued Date `json:"create_date,omitzero"`
		Paid   Date `json:"date_paid"`
	}
	b, err := json.Marshal(inv{Issued: NewDate(2021, 1, 2)})
	if err != nil || string(b) != `{"create_date":"2021-01-02","date_paid":null}` {
		t.Errorf("omitzero: %s %v", b, err)
	}
}

func TestDateCalendar(t *testing.T) {
	d := NewDate(2021, 1, 31)
	if got := d.AddDays(1).String(); got != "2021-02-01" {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := NewDate(2020, 2, 28).AddDays(1).String(); got != "2020-02-29" {
		t.Errorf("leap day = %s", got)
	}
	if got := NewDate(2021, 3, 1).AddDays(-1).String(); got != "2021-02-28" {
		t.Errorf("AddDays(-1) = %s", got)
	}
	// Across the US daylight-saving change the date moves by exactly a day.
	if got := NewDate(2021, 3, 13).AddDays(2).String(); got != "2021-03-15" {
		t.Errorf("over DST = %s", got)
	}
	if got := NewDate(2021, 2, 29).String(); got != "2021-03-01" {
		t.Errorf("NewDate normalizes: %s", got)
	}
	if !NewDate(10000, 1, 1).IsZero() || !NewDate(0, 1, 1).IsZero() {
		t.Error("NewDate outside the wire range is not zero")
	}
	a, b := NewDate(2021, 1, 2), NewDate(2021, 1, 3)
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Compare(a) != 0 || a.Compare(b) != -1 || NewDate(2020, 12, 31).Compare(a) != -1 {
		t.Error("Before/After/Compare")
	}
	if (Date{}).AddDays(3) != (Date{}) {
		t.Error("zero AddDays")
	}
	la, _ := time.LoadLocation("America/Los_Angeles")
	kiri, _ := time.LoadLocation("Pacific/Kiritimati")
	instant := time.Date(2021, 1, 1, 2, 0, 0, 0, time.UTC)
	if got := DateOf(instant.In(la)).String(); got != "2020-12-31" {
		t.Errorf("DateOf in LA = %s", got)
	}
	if got := DateOf(instant).String(); got != "2021-01-01" {
		t.Errorf("DateOf in UTC = %s", got)
	}
	if got := DateOf(time.Date(2020, 12, 31, 11, 0, 0, 0, time.UTC).In(kiri)).String(); got != "2021-01-01" {
		t.Errorf("DateOf in Kiritimati = %s", got)
	}
	if got := a.In(la); !got.Equal(time.Date(2021, 1, 2, 8, 0, 0, 0, time.UTC)) || got.Location() != la {
		t.Errorf("In(LA) = %v", got)
	}
	if !(Date{}).In(time.UTC).IsZero() {
		t.Error("zero Date In is not zero")
	}
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{`"2021-01-02"`, `null`, `""`, `"2021-02-30"`, `"\u0032021-01-02"`, `5`, `"\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var d Date
		if err := d.UnmarshalJSON(in); err != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("encoding %q: %v", in, err)
		}
		var d2 Date
		if err := json.Unmarshal(out, &d2); err != nil {
			t.Fatalf("decoding own output %s: %v", out, err)
		}
		if d != d2 && d.Valid() {
			t.Fatalf("%q → %s → %v", in, out, d2)
		}
		if d.String() != d2.String() || d.Valid() != d2.Valid() || d.IsZero() != d2.IsZero() {
			t.Fatalf("%q → %s → %q", in, out, d2)
		}
		if d.Valid() {
			if p, err := ParseDate(d.String()); err != nil || p != d {
				t.Fatalf("ParseDate(%q) = %v, %v", d, p, err)
			}
			_ = d.AddDays(400).In(time.UTC)
		} else if d.Err() == nil && !d.IsZero() {
			t.Fatalf("%q: invalid without an error", in)
		}
	})
}

// Dates and timestamps do not depend on the host's time zone: the checks in
// hostZoneChecks run in a child process under each TZ.
func TestHostTimeZone(t *testing.T) {
	if os.Getenv("FRESHBOOKS_TZ_CHILD") != "" {
		t.Skip("in the child")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tz := range []string{"Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kolkata", "UTC"} {
		cmd := exec.CommandContext(t.Context(), exe, "-test.run=^TestHostTimeZoneChild$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), "TZ="+tz, "FRESHBOOKS_TZ_CHILD="+tz)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestHostTimeZoneChild") {
			t.Errorf("TZ=%s: %v\n%s", tz, err, out)
		}
	}
}

func TestHostTimeZoneChild(t *testing.T) {
	tz := os.Getenv("FRESHBOOKS_TZ_CHILD")
	if tz == "" {
		t.Skip("run by TestHostTimeZone")
	}
	if time.Local.String() != tz {
		t.Fatalf("time.Local = %v, want %s", time.Local, tz)
	}
	if _, off := time.Date(2021, 1, 1, 0, 0, 0, 0, time.Local).Zone(); tz == "Pacific/Kiritimati" && off != 14*3600 {
		t.Fatalf("TZ not in effect: offset %d", off)
	}
	hostZoneChecks(t)
}

func hostZoneChecks(t *testing.T) {
	var d Date
	if err := json.Unmarshal([]byte(`"2021-01-02"`), &d); err != nil {
		t.Fatal(err)
	}
	if d.String() != "2021-01-02" || d.Day() != 2 {
		t.Errorf("decoded date = %v", d)
	}
	if b, _ := json.Marshal(d.AddDays(1)); string(b) != `"2021-01-03"` {
		t.Errorf("encoded date = %s", b)
	}
	if got := NewDate(2021, 3, 14).String(); got != "2021-03-14" {
		t.Errorf("NewDate = %s", got)
	}
	if got := d.In(time.UTC); !got.Equal(time.Date(2021, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("In(UTC) = %v", got)
	}
	if got := DateOf(time.Date(2021, 1, 2, 23, 59, 0, 0, time.UTC)).String(); got != "2021-01-02" {
		t.Errorf("DateOf = %s", got)
	}
	var at AccountingTime
	if err := json.Unmarshal([]byte(`"2021-06-28 14:05:15"`), &at); err != nil {
		t.Fatal(err)
	}
	if !at.Time().Equal(time.Date(2021, 6, 28, 18, 5, 15, 0, time.UTC)) {
		t.Errorf("accounting time = %v", at.Time())
	}
	if b, _ := json.Marshal(NewAccountingTime(at.Time())); string(b) != `"2021-06-28 14:05:15"` {
		t.Errorf("accounting time encodes as %s", b)
	}
	if b, _ := json.Marshal(NewAccountingUTCTime(at.Time())); string(b) != `"2021-06-28 18:05:15"` {
		t.Errorf("accounting UTC time encodes as %s", b)
	}
	if b, _ := json.Marshal(NewTime(at.Time().Local())); string(b) != `"2021-06-28T18:05:15Z"` {
		t.Errorf("time encodes as %s", b)
	}
}
