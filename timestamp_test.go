package freshbooks

import (
	"encoding/json"
	"testing"
	"time"
)

// stampType is what the three timestamp types have in common, for tests.
type stampType interface {
	Time() time.Time
	IsZero() bool
	Valid() bool
	Err() error
	String() string
	json.Marshaler
}

func decodeStamp(t *testing.T, family string, in string) (stampType, error) {
	t.Helper()
	switch family {
	case "accounting":
		var v AccountingTime
		return v, v.UnmarshalJSON([]byte(in))
	case "utc":
		var v AccountingUTCTime
		return v, v.UnmarshalJSON([]byte(in))
	case "iso":
		var v Time
		return v, v.UnmarshalJSON([]byte(in))
	}
	t.Fatalf("no family %s", family)
	return nil, nil
}

func utcTime(y int, m time.Month, d, hh, mm, ss, ns int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, ns, time.UTC)
}

func TestTimestampDecode(t *testing.T) {
	tests := []struct {
		family, in string
		want       time.Time
	}{
		// US/Eastern, daylight saving aware.
		{"accounting", "2021-06-28 14:05:15", utcTime(2021, 6, 28, 18, 5, 15, 0)},
		{"accounting", "2021-01-28 14:05:15", utcTime(2021, 1, 28, 19, 5, 15, 0)},
		{"accounting", "2020-11-01 13:11:10", utcTime(2020, 11, 1, 18, 11, 10, 0)},
		{"accounting", "2019-11-14 11:27:45", utcTime(2019, 11, 14, 16, 27, 45, 0)},
		{"accounting", "2021-04-16 10:31:58.480684", utcTime(2021, 4, 16, 14, 31, 58, 480684000)},
		{"accounting", "2021-04-16 10:31:58.5", utcTime(2021, 4, 16, 14, 31, 58, 500000000)},
		// Either side of the 2021 changes, the repeated hour and the skipped hour.
		{"accounting", "2021-03-14 01:59:59", utcTime(2021, 3, 14, 6, 59, 59, 0)},
		{"accounting", "2021-03-14 03:00:00", utcTime(2021, 3, 14, 7, 0, 0, 0)},
		{"accounting", "2021-03-14 02:30:00", utcTime(2021, 3, 14, 7, 30, 0, 0)},
		{"accounting", "2020-11-01 00:59:59", utcTime(2020, 11, 1, 4, 59, 59, 0)},
		{"accounting", "2020-11-01 01:30:00", utcTime(2020, 11, 1, 5, 30, 0, 0)},
		{"accounting", "2020-11-01 02:00:00", utcTime(2020, 11, 1, 7, 0, 0, 0)},
		// Accounting text with T is UTC; a zone is honored.
		{"accounting", "2021-06-28T14:05:15", utcTime(2021, 6, 28, 14, 5, 15, 0)},
		{"accounting", "2021-06-28T14:05:15Z", utcTime(2021, 6, 28, 14, 5, 15, 0)},
		{"accounting", "2021-06-28T14:05:15-04:00", utcTime(2021, 6, 28, 18, 5, 15, 0)},
		{"accounting", "2021-06-28 14:05:15+05:30", utcTime(2021, 6, 28, 8, 35, 15, 0)},
		// The UTC accounting exceptions.
		{"utc", "2020-10-31 15:25:34", utcTime(2020, 10, 31, 15, 25, 34, 0)},
		{"utc", "2021-06-28 14:05:15", utcTime(2021, 6, 28, 14, 5, 15, 0)},
		{"utc", "2021-06-28T14:05:15", utcTime(2021, 6, 28, 14, 5, 15, 0)},
		// ISO 8601 UTC.
		{"iso", "2020-09-13T01:07:51", utcTime(2020, 9, 13, 1, 7, 51, 0)},
		{"iso", "2020-10-17T05:00:00Z", utcTime(2020, 10, 17, 5, 0, 0, 0)},
		{"iso", "2022-09-27T10:02:11.077973Z", utcTime(2022, 9, 27, 10, 2, 11, 77973000)},
		{"iso", "2017-05-23T05:57:24Z", utcTime(2017, 5, 23, 5, 57, 24, 0)},
		{"iso", "2023-04-27T14:33:48.841075Z", utcTime(2023, 4, 27, 14, 33, 48, 841075000)},
		{"iso", "2020-10-17T05:00:00.123456789Z", utcTime(2020, 10, 17, 5, 0, 0, 123456789)},
		{"iso", "2020-10-17T05:00:00+00:00", utcTime(2020, 10, 17, 5, 0, 0, 0)},
		{"iso", "2020-10-17T00:00:00-05:00", utcTime(2020, 10, 17, 5, 0, 0, 0)},
		{"iso", "2020-10-17 05:00:00", utcTime(2020, 10, 17, 5, 0, 0, 0)},
		{"iso", "2020-02-29T23:59:59Z", utcTime(2020, 2, 29, 23, 59, 59, 0)},
	}
	for _, tt := range tests {
		in := `"` + tt.in + `"`
		v, err := decodeStamp(t, tt.family, in)
		if err != nil {
			t.Errorf("%s %s: %v", tt.family, tt.in, err)
			continue
		}
		if !v.Valid() || v.Err() != nil || v.IsZero() || !v.Time().Equal(tt.want) || v.Time().Location() != time.UTC {
			t.Errorf("%s %s = %v (valid %v, err %v), want %v", tt.family, tt.in, v.Time(), v.Valid(), v.Err(), tt.want)
		}
		if b, err := v.MarshalJSON(); err != nil || string(b) != in {
			t.Errorf("%s %s re-encodes as %s, %v", tt.family, tt.in, b, err)
		}
		if v.String() != tt.in {
			t.Errorf("%s %s: String %q", tt.family, tt.in, v.String())
		}
	}
}

// Text that is not a timestamp is kept, not an error.
func TestTimestampInvalidKept(t *testing.T) {
	invalid := []string{
		"2020-11-219T13:22:04", // create_project_response.json
		"2019-09-13 08:16:74",  // list_clients_response.json
		"2021-02-29 10:00:00", "2021-13-01 10:00:00", "2021-01-01 24:00:00", "2021-01-01 10:60:00",
		"2021-01-01", "2021-01-01 10:00", "2021-01-01X10:00:00", "2021-01-01T10:00:00.", "2021-01-01T10:00:00.1234567890",
		"2021-01-01T10:00:00+0500", "2021-01-01T10:00:00+24:00", "2021-01-01T10:00:00z", "2021-01-01T10:00:00 Z",
		"0000-01-01 10:00:00", "yesterday", "\u00e9", "2021-01-01T10:00:00Z ",
	}
	for _, family := range []string{"accounting", "utc", "iso"} {
		for _, s := range invalid {
			b, _ := json.Marshal(s)
			v, err := decodeStamp(t, family, string(b))
			if err != nil {
				t.Errorf("%s %q: %v", family, s, err)
				continue
			}
			if v.Valid() || v.Err() == nil || v.IsZero() || !v.Time().IsZero() || v.String() != s {
				t.Errorf("%s %q: valid %v err %v zero %v time %v string %q", family, s, v.Valid(), v.Err(), v.IsZero(), v.Time(), v.String())
			}
			if out, err := v.MarshalJSON(); err != nil || string(out) != string(b) {
				t.Errorf("%s %q re-encodes as %s, %v", family, s, out, err)
			}
		}
	}
	// Other JSON types are errors.
	for _, in := range []string{`1573748865`, `true`, `{}`, `[]`, `"2021`, ``} {
		for _, family := range []string{"accounting", "utc", "iso"} {
			if _, err := decodeStamp(t, family, in); err == nil {
				t.Errorf("%s %s: no error", family, in)
			}
		}
	}
	// null and "" are the zero value; "" comes back as "".
	for _, family := range []string{"accounting", "utc", "iso"} {
		for in, want := range map[string]string{`null`: `null`, `""`: `""`, ` null `: `null`} {
			v, err := decodeStamp(t, family, in)
			if err != nil || !v.IsZero() || v.Valid() || v.Err() != nil || v.String() != "" {
				t.Errorf("%s %s: %v %v", family, in, v, err)
			}
			if b, _ := v.MarshalJSON(); string(b) != want {
				t.Errorf("%s %s encodes as %s", family, in, b)
			}
		}
	}
}

func TestTimestampEncodeBuilt(t *testing.T) {
	summer := utcTime(2021, 6, 28, 18, 5, 15, 0)
	winter := utcTime(2021, 1, 28, 19, 5, 15, 0)
	frac := utcTime(2021, 4, 16, 14, 31, 58, 480684999)
	kolkata := time.FixedZone("IST", 5*3600+1800)
	tests := []struct {
		v    stampType
		want string
	}{
		{NewAccountingTime(summer), `"2021-06-28 14:05:15"`},
		{NewAccountingTime(winter), `"2021-01-28 14:05:15"`},
		{NewAccountingTime(winter.In(kolkata)), `"2021-01-28 14:05:15"`},
		{NewAccountingTime(frac), `"2021-04-16 10:31:58.480684"`},
		{NewAccountingTime(utcTime(2021, 1, 1, 0, 0, 0, 999)), `"2020-12-31 19:00:00"`},
		{NewAccountingUTCTime(summer), `"2021-06-28 18:05:15"`},
		{NewAccountingUTCTime(frac.In(kolkata)), `"2021-04-16 14:31:58.480684"`},
		{NewTime(summer.In(kolkata)), `"2021-06-28T18:05:15Z"`},
		{NewTime(frac), `"2021-04-16T14:31:58.480684Z"`},
		{NewAccountingTime(time.Time{}), `null`},
		{NewTime(time.Time{}), `null`},
		{Time{}, `null`},
	}
	for _, tt := range tests {
		b, err := tt.v.MarshalJSON()
		if err != nil || string(b) != tt.want {
			t.Errorf("%T %v encodes as %s, %v; want %s", tt.v, tt.v.Time(), b, err, tt.want)
		}
		if tt.want != "null" && (!tt.v.Valid() || tt.v.String() != tt.want[1:len(tt.want)-1]) {
			t.Errorf("%T: Valid %v String %q", tt.v, tt.v.Valid(), tt.v.String())
		}
	}
	// Built values are truncated to the microsecond, as they are sent.
	if got := NewTime(frac).Time(); !got.Equal(utcTime(2021, 4, 16, 14, 31, 58, 480684000)) || got.Location() != time.UTC {
		t.Errorf("NewTime(frac).Time() = %v", got)
	}
	// Decoding what was built gives back the instant.
	for _, v := range []stampType{NewAccountingTime(frac), NewAccountingUTCTime(frac), NewTime(frac)} {
		b, _ := v.MarshalJSON()
		var a AccountingTime
		var u AccountingUTCTime
		var i Time
		switch v.(type) {
		case AccountingTime:
			_ = json.Unmarshal(b, &a)
			v = a
		case AccountingUTCTime:
			_ = json.Unmarshal(b, &u)
			v = u
		case Time:
			_ = json.Unmarshal(b, &i)
			v = i
		}
		if !v.Time().Equal(utcTime(2021, 4, 16, 14, 31, 58, 480684000)) {
			t.Errorf("%T: %s decodes as %v", v, b, v.Time())
		}
	}
	if _, err := NewTime(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)).MarshalJSON(); err == nil {
		t.Error("year 10000: no error")
	}
	// omitzero leaves out the zero value only.
	type obj struct {
		A AccountingTime    `json:"a,omitzero"`
		B AccountingUTCTime `json:"b,omitzero"`
		C Time              `json:"c,omitzero"`
		D Time              `json:"d"`
	}
	b, err := json.Marshal(obj{C: NewTime(summer)})
	if err != nil || string(b) != `{"c":"2021-06-28T18:05:15Z","d":null}` {
		t.Errorf("omitzero: %s %v", b, err)
	}
}

func fuzzStamp[T any, P interface {
	*T
	stampType
	UnmarshalJSON([]byte) error
}](f *testing.F) {
	for _, s := range []string{`"2021-06-28 14:05:15"`, `"2020-11-01 01:30:00"`, `"2021-03-14 02:30:00"`,
		`"2022-09-27T10:02:11.077973Z"`, `"2020-09-13T01:07:51"`, `"2021-06-28T14:05:15-04:00"`,
		`"2020-11-219T13:22:04"`, `"2019-09-13 08:16:74"`, `null`, `""`, `1`, `"\u0032021-01-01 00:00:00"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var v T
		if err := P(&v).UnmarshalJSON(in); err != nil {
			return
		}
		p := P(&v)
		out, err := p.MarshalJSON()
		if err != nil {
			t.Fatalf("encoding %q: %v", in, err)
		}
		var v2 T
		if err := json.Unmarshal(out, &v2); err != nil {
			t.Fatalf("decoding own output %s: %v", out, err)
		}
		p2 := P(&v2)
		if !p.Time().Equal(p2.Time()) || p.Valid() != p2.Valid() || p.String() != p2.String() || p.IsZero() != p2.IsZero() {
			t.Fatalf("%q → %s → %v", in, out, p2)
		}
		if out2, _ := p2.MarshalJSON(); string(out2) != string(out) {
			t.Fatalf("unstable: %s %s", out, out2)
		}
		if p.Valid() == (p.Err() != nil) && !p.IsZero() {
			t.Fatalf("%q: Valid %v Err %v", in, p.Valid(), p.Err())
		}
		if p.Valid() {
			// Re-encoding a built copy of the instant gives the same instant
			// (wall times repeated at the end of daylight saving excepted).
			var b []byte
			var back T
			switch any(v).(type) {
			case AccountingTime:
				b, err = NewAccountingTime(p.Time()).MarshalJSON()
			case AccountingUTCTime:
				b, err = NewAccountingUTCTime(p.Time()).MarshalJSON()
			case Time:
				b, err = NewTime(p.Time()).MarshalJSON()
			}
			if err != nil {
				return // a zone offset moved the year out of range
			}
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			want := p.Time().Truncate(time.Microsecond)
			if got := P(&back).Time(); !got.Equal(want) && got.Sub(want) != -time.Hour {
				t.Fatalf("%q: built %s decodes as %v, want %v", in, b, got, want)
			}
		}
	})
}

func FuzzAccountingTime(f *testing.F)    { fuzzStamp[AccountingTime](f) }
func FuzzAccountingUTCTime(f *testing.F) { fuzzStamp[AccountingUTCTime](f) }
func FuzzTime(f *testing.F)              { fuzzStamp[Time](f) }
