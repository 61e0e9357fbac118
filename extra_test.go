package freshbooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// Test models, written the way the package's models are meant to be: typed
// fields for what the model knows, Extra for the rest.

// keepClient mirrors an accounting client, leaving some members unmodeled.
type keepClient struct {
	ID                 int64             `json:"id,omitempty"`
	UserID             int64             `json:"userid,omitempty"`
	AccountingSystemID string            `json:"accounting_systemid,omitempty"`
	Organization       string            `json:"organization,omitempty"`
	FName              string            `json:"fname,omitempty"`
	LName              string            `json:"lname,omitempty"`
	Email              string            `json:"email,omitempty"`
	CurrencyCode       string            `json:"currency_code,omitempty"`
	Language           string            `json:"language,omitempty"`
	Note               string            `json:"note,omitempty"`
	HomePhone          *string           `json:"home_phone,omitempty"`
	Level              int               `json:"level"`
	NumLogins          int               `json:"num_logins"`
	AllowLateFees      bool              `json:"allow_late_fees"`
	VisState           VisState          `json:"vis_state"`
	SignupDate         AccountingUTCTime `json:"signup_date,omitzero"`
	Updated            AccountingTime    `json:"updated,omitzero"`
	LastLogin          AccountingTime    `json:"last_login,omitzero"`
	TestAmount         Money             `json:"test_amount,omitzero"`
	OutstandingBalance []keepBalance     `json:"outstanding_balance,omitempty"`
	GrandTotalBalance  []keepBalance     `json:"grand_total_balance,omitempty"`
	keepAddress                          // promoted p_* members
	Extra              Extra             `json:"-"`
}

type keepAddress struct {
	PStreet   string `json:"p_street,omitempty"`
	PCity     string `json:"p_city,omitempty"`
	PProvince string `json:"p_province,omitempty"`
	PCode     string `json:"p_code,omitempty"`
	PCountry  string `json:"p_country,omitempty"`
}

func (c *keepClient) UnmarshalJSON(b []byte) error {
	type plain keepClient
	return unmarshalKeeping(b, (*plain)(c), &c.Extra)
}

func (c keepClient) MarshalJSON() ([]byte, error) {
	type plain keepClient
	return marshalKeeping((*plain)(&c), c.Extra)
}

type keepBalance struct {
	Amount Money `json:"amount,omitzero"`
	Extra  Extra `json:"-"`
}

func (c *keepBalance) UnmarshalJSON(b []byte) error {
	type plain keepBalance
	return unmarshalKeeping(b, (*plain)(c), &c.Extra)
}

func (c keepBalance) MarshalJSON() ([]byte, error) {
	type plain keepBalance
	return marshalKeeping((*plain)(&c), c.Extra)
}

// keepProject mirrors a project, with a nested model.
type keepProject struct {
	ID          int64      `json:"id,omitempty"`
	Title       string     `json:"title,omitempty"`
	DueDate     Date       `json:"due_date,omitzero"`
	Budget      *int64     `json:"budget,omitempty"`
	FixedPrice  Decimal    `json:"fixed_price,omitzero"`
	BilledAmt   Decimal    `json:"billed_amount,omitzero"`
	Rate        Decimal    `json:"rate,omitzero"`
	CreatedAt   Time       `json:"created_at,omitzero"`
	UpdatedAt   Time       `json:"updated_at,omitzero"`
	Active      bool       `json:"active"`
	Group       *keepGroup `json:"group,omitempty"`
	ExpenseMkup Decimal    `json:"expense_markup,omitzero"`
	Extra       Extra      `json:"-"`
}

func (p *keepProject) UnmarshalJSON(b []byte) error {
	type plain keepProject
	return unmarshalKeeping(b, (*plain)(p), &p.Extra)
}

func (p keepProject) MarshalJSON() ([]byte, error) {
	type plain keepProject
	return marshalKeeping((*plain)(&p), p.Extra)
}

type keepGroup struct {
	ID      int64             `json:"id,omitempty"`
	Members []json.RawMessage `json:"members,omitempty"`
	Extra   Extra             `json:"-"`
}

func (g *keepGroup) UnmarshalJSON(b []byte) error {
	type plain keepGroup
	return unmarshalKeeping(b, (*plain)(g), &g.Extra)
}

func (g keepGroup) MarshalJSON() ([]byte, error) {
	type plain keepGroup
	return marshalKeeping((*plain)(&g), g.Extra)
}

func TestKeepingClientFixture(t *testing.T) {
	in := member(t, readFixture(t, "get_client_response.json"), "response", "result", "client")
	var c keepClient
	if err := json.Unmarshal(in, &c); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	assertRoundTrip(t, in, out)

	if c.ID != 12345 || c.Organization != "American Cyanamid" || c.PCity != "Torono" {
		t.Errorf("known fields: %+v", c)
	}
	if got := string(c.Extra["uuid"]); got != `"ab1c33f1-8827-4a46-b335-75a6a4149db8"` {
		t.Errorf(`Extra["uuid"] = %s`, got)
	}
	if _, ok := c.Extra["p_city"]; ok {
		t.Error("promoted field p_city landed in Extra")
	}
	if _, ok := c.Extra["id"]; ok {
		t.Error("id landed in Extra")
	}
	wantExtra := []string{"allow_email_include_pdf", "allow_late_notifications", "bus_phone", "company_industry",
		"company_size", "direct_link_token", "fax", "has_retainer", "last_activity", "mob_phone", "notified",
		"p_street2", "pref_email", "pref_gmail", "retainer_id", "role", "s_city", "s_code", "s_country",
		"s_province", "s_street", "s_street2", "statement_token", "subdomain", "username", "uuid", "vat_name", "vat_number"}
	if got := slices.Sorted(maps.Keys(c.Extra)); !slices.Equal(got, wantExtra) {
		t.Errorf("Extra keys = %v\nwant %v", got, wantExtra)
	}
	if got, want := c.Updated.Time(), time.Date(2020, 11, 1, 18, 11, 10, 0, time.UTC); !got.Equal(want) {
		t.Errorf("updated = %v, want %v", got, want)
	}
	if got, want := c.SignupDate.Time(), time.Date(2020, 10, 31, 15, 25, 34, 0, time.UTC); !got.Equal(want) {
		t.Errorf("signup_date = %v, want %v", got, want)
	}
	if got := c.TestAmount.String(); got != "10 CAD" {
		t.Errorf("test_amount = %s", got)
	}
	if len(c.OutstandingBalance) != 2 || c.OutstandingBalance[1].Amount.String() != "11 CAD" {
		t.Errorf("outstanding_balance = %v", c.OutstandingBalance)
	}
	if c.VisState != VisActive {
		t.Errorf("vis_state = %v", c.VisState)
	}

	// Decoding the encoding gives the same model and the same bytes.
	var c2 keepClient
	if err := json.Unmarshal(out, &c2); err != nil {
		t.Fatal(err)
	}
	out2, err := json.Marshal(c2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Errorf("second round trip differs:\n%s\n%s", out, out2)
	}
}

func TestKeepingListClientsFixture(t *testing.T) {
	raw := readFixture(t, "list_clients_response.json")
	var env struct {
		Response struct {
			Result struct {
				Clients []json.RawMessage `json:"clients"`
			} `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatal(err)
	}
	invalid := 0
	for i, in := range env.Response.Result.Clients {
		var c keepClient
		if err := json.Unmarshal(in, &c); err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
		out, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		assertRoundTrip(t, in, out)
		if !c.SignupDate.Valid() {
			invalid++
			if c.SignupDate.String() != "2019-09-13 08:16:74" || c.SignupDate.Err() == nil {
				t.Errorf("invalid signup_date: %q, %v", c.SignupDate, c.SignupDate.Err())
			}
		}
	}
	if invalid != 1 {
		t.Errorf("%d invalid signup dates, want 1", invalid)
	}
}

func TestKeepingProjectFixtures(t *testing.T) {
	for _, name := range []string{"create_project_response.json", "get_project_response.json"} {
		in := readFixture(t, name)
		var env struct {
			Project keepProject `json:"project"`
			Extra   Extra       `json:"-"`
		}
		var raw struct {
			Project json.RawMessage `json:"project"`
		}
		if err := json.Unmarshal(in, &env); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_ = json.Unmarshal(in, &raw)
		out, err := json.Marshal(env.Project)
		if err != nil {
			t.Fatal(err)
		}
		assertRoundTrip(t, raw.Project, out)
		p := env.Project
		if p.FixedPrice.String() != "600.00" && name == "create_project_response.json" {
			t.Errorf("fixed_price = %s", p.FixedPrice)
		}
		if p.Group == nil || p.Group.ID == 0 || p.Group.Extra["pending_invitations"] == nil {
			t.Errorf("group = %+v", p.Group)
		}
	}
	var p keepProject
	in := readFixture(t, "create_project_response.json")
	if err := json.Unmarshal(in, &struct {
		Project *keepProject `json:"project"`
	}{&p}); err != nil {
		t.Fatal(err)
	}
	if p.CreatedAt.Valid() || p.CreatedAt.String() != "2020-11-219T13:22:04" || p.CreatedAt.Err() == nil {
		t.Errorf("created_at = %q valid=%v err=%v", p.CreatedAt, p.CreatedAt.Valid(), p.CreatedAt.Err())
	}
}

// Every fixture survives decoding into a model that knows nothing.
func TestKeepingAllFixtures(t *testing.T) {
	type nothing struct {
		Extra Extra `json:"-"`
	}
	for _, name := range fixtureNames(t) {
		in := readFixture(t, name)
		var v nothing
		if err := unmarshalKeeping(in, &v, &v.Extra); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := marshalKeeping(&v, v.Extra)
		if err != nil {
			t.Fatal(err)
		}
		assertRoundTrip(t, in, out)
	}
}

func TestUnmarshalKeepingErrors(t *testing.T) {
	type model struct {
		ID    int64  `json:"id"`
		Name  string `json:"name,omitempty"`
		Extra Extra  `json:"-"`
	}
	for _, in := range []string{`[]`, `[{"id":1}]`, `"x"`, `12`, `true`, `false`} {
		var m model
		err := unmarshalKeeping([]byte(in), &m, &m.Extra)
		if _, ok := errors.AsType[*json.UnmarshalTypeError](err); !ok {
			t.Errorf("%s: err = %v, want *json.UnmarshalTypeError", in, err)
		}
	}
	for _, in := range []string{``, ` `, `{`, `{"id":1`, `{"id":1,}`, `{"id"1}`, `{"id":01}`, `{"a":"\x01"}`,
		`{"a":[1,]}`, `{"a":tru}`, `{} {}`, `{"a":1}x`, `[`, `nul`, `{"a":"\uZZZZ"}`, `{'a':1}`} {
		var m model
		if err := unmarshalKeeping([]byte(in), &m, &m.Extra); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
	var m model
	if err := unmarshalKeeping([]byte(`{"id":"seven"}`), &m, &m.Extra); err == nil {
		t.Error("type mismatch: no error")
	}
	// null leaves the model alone, as encoding/json does.
	m = model{ID: 7, Extra: Extra{"a": json.RawMessage(`1`)}}
	if err := unmarshalKeeping([]byte(` null `), &m, &m.Extra); err != nil || m.ID != 7 || m.Extra == nil {
		t.Errorf("null: %v %+v", err, m)
	}
	// A type with a promoted UnmarshalJSON is refused rather than recursing.
	type promoted struct {
		Date
		Extra Extra `json:"-"`
	}
	var p promoted
	if err := unmarshalKeeping([]byte(`{}`), &p, &p.Extra); err == nil {
		t.Error("promoted UnmarshalJSON: no error")
	}
	if _, err := marshalKeeping(&p, nil); err == nil {
		t.Error("promoted MarshalJSON: no error")
	}
	var n int
	if err := unmarshalKeeping([]byte(`{}`), &n, new(Extra)); err == nil {
		t.Error("non-struct: no error")
	}
}

func TestUnmarshalKeepingMembers(t *testing.T) {
	type model struct {
		ID    int64  `json:"id"`
		Name  string `json:"name,omitempty"`
		Extra Extra  `json:"-"`
	}
	var m model
	// A name that differs in case is not the field's: encoding/json alone
	// would decode "ID" into ID.
	in := `{"id":1,"ID":2,"\u006eame":"n","x":{"y": [1, 2]},"x":"last","é":true}`
	if err := unmarshalKeeping([]byte(in), &m, &m.Extra); err != nil {
		t.Fatal(err)
	}
	if m.ID != 1 || m.Name != "n" {
		t.Errorf("fields = %+v", m)
	}
	want := Extra{"ID": json.RawMessage(`2`), "x": json.RawMessage(`"last"`), "é": json.RawMessage(`true`)}
	if !reflect.DeepEqual(m.Extra, want) {
		t.Errorf("Extra = %v, want %v", m.Extra, want)
	}
	// Extra values do not share capacity: appending to one leaves the others.
	_ = append(m.Extra["ID"], "garbage"...)
	if string(m.Extra["x"]) != `"last"` || string(m.Extra["é"]) != `true` {
		t.Error("Extra values share capacity")
	}
	// Names that are not valid UTF-8 are decoded as encoding/json does.
	if err := unmarshalKeeping([]byte("{\"a\xffb\":1}"), &m, &m.Extra); err != nil || string(m.Extra["a\ufffdb"]) != "1" {
		t.Errorf("invalid UTF-8 name: %v %v", err, m.Extra)
	}
	// A member that does not fit its field is an error, and Extra is kept.
	if err := unmarshalKeeping([]byte(`{"id":"x","other":2}`), &m, &m.Extra); err == nil || string(m.Extra["other"]) != "2" {
		t.Errorf("type mismatch: %v %v", err, m.Extra)
	}
	// Decoding again replaces Extra.
	if err := unmarshalKeeping([]byte(`{"id":3}`), &m, &m.Extra); err != nil || m.Extra != nil || m.ID != 3 {
		t.Errorf("second decode: %v %+v", err, m)
	}
	// The input buffer may be reused after decoding.
	buf := []byte(`{"id":1,"zz":"abc"}`)
	if err := unmarshalKeeping(buf, &m, &m.Extra); err != nil {
		t.Fatal(err)
	}
	copy(buf, strings.Repeat("#", len(buf)))
	if string(m.Extra["zz"]) != `"abc"` {
		t.Errorf("Extra aliases the input: %s", m.Extra["zz"])
	}
}

func TestMarshalKeeping(t *testing.T) {
	type model struct {
		ID    int64  `json:"id,omitempty"`
		Name  string `json:"name"`
		HTML  string `json:"html,omitempty"`
		Extra Extra  `json:"-"`
	}
	tests := []struct {
		name string
		m    model
		want string
	}{
		{"no extra", model{ID: 1, Name: "a"}, `{"id":1,"name":"a"}`},
		{"sorted extra", model{Name: "a", Extra: Extra{"z": json.RawMessage(`1`), "b": json.RawMessage(` { "c" : [ 1 , 2 ] } `)}},
			`{"name":"a","b":{ "c" : [ 1 , 2 ] },"z":1}`},
		{"field wins", model{Name: "a", Extra: Extra{"name": json.RawMessage(`"b"`)}}, `{"name":"a"}`},
		{"omitted field can be sent through Extra", model{Name: "a", Extra: Extra{"id": json.RawMessage(`0`)}}, `{"name":"a","id":0}`},
		{"empty raw is null", model{Name: "a", Extra: Extra{"e": nil}}, `{"name":"a","e":null}`},
		{"escaped names", model{Name: "a", Extra: Extra{"q\"\n<": json.RawMessage(`1`)}}, `{"name":"a","q\"\n<":1}`},
		{"no HTML escaping", model{Name: "<&>", HTML: "x"}, `{"name":"<&>","html":"x"}`},
	}
	for _, tt := range tests {
		got, err := marshalKeeping(&tt.m, tt.m.Extra)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: got %s, %v; want %s", tt.name, got, err, tt.want)
		}
	}
	// Within json.Marshal the output is compacted.
	m := keepGroup{ID: 1, Extra: Extra{"b": json.RawMessage(" { \"c\" : [ 1 , 2 ] } ")}}
	if got, err := json.Marshal(m); err != nil || string(got) != `{"id":1,"b":{"c":[1,2]}}` {
		t.Errorf("json.Marshal: %s %v", got, err)
	}
	type empty struct{}
	got, err := marshalKeeping(&empty{}, Extra{"a": json.RawMessage(`1`)})
	if err != nil || string(got) != `{"a":1}` {
		t.Errorf("empty struct: %s %v", got, err)
	}
	for _, bad := range []string{`{`, `1 2`, `nul`, `"x`, `{"a":1}}`} {
		if _, err := marshalKeeping(&model{}, Extra{"bad": json.RawMessage(bad)}); err == nil {
			t.Errorf("invalid Extra value %s: no error", bad)
		}
	}
}

// jsonFieldNames agrees with the names encoding/json writes, including
// embedded structs and hidden (ambiguous) names.
func TestJSONFieldNames(t *testing.T) {
	type Inner struct {
		A int `json:"a"`
		B int
		C int `json:"shared"`
	}
	type Other struct {
		C   int `json:"shared"`
		D   int `json:"d"`
		Amb int
		//lint:ignore U1000 an unexported field must be skipped
		inner int
	}
	type Other2 struct {
		Amb int
	}
	type Tagged struct {
		X int `json:"x"`
	}
	type unexportedEmbed struct {
		U int `json:"u"`
	}
	type model struct {
		Inner
		*Other
		Other2
		unexportedEmbed
		Tagged `json:"tagged"`
		Skip   int `json:"-"`
		//lint:ignore SA5008 encoding/json names this field "-"
		Dash int `json:"-,"`
		//lint:ignore SA5008 encoding/json ignores an invalid name
		Bad     int `json:"b\\ad"`
		Omitted int `json:",omitempty"`
		Zero    int `json:"zero,omitzero"`
		//lint:ignore U1000 an unexported field must be skipped
		private int
	}
	v := model{Other: &Other{}}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(maps.Keys(m))
	want = append(want, "Omitted", "zero") // left out of the encoding as empty
	slices.Sort(want)
	got := slices.Sorted(maps.Keys(jsonFields(reflect.TypeFor[model]())))
	if !slices.Equal(got, want) {
		t.Errorf("names = %v, want %v", got, want)
	}
	// Sanity: the ambiguous names are hidden by encoding/json.
	for _, hidden := range []string{"shared", "Amb"} {
		if slices.Contains(got, hidden) {
			t.Errorf("%s should be hidden", hidden)
		}
	}
}

// Nested models, slices of models and embedded models keep their own extras.
func TestKeepingNested(t *testing.T) {
	in := `{"id":5,"group":{"id":1,"members":[{"a":1}],"secret":"s"},"outer":[1,{"b":2}]}`
	var p keepProject
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if string(p.Group.Extra["secret"]) != `"s"` || string(p.Extra["outer"]) != `[1,{"b":2}]` {
		t.Errorf("extras: %v / %v", p.Extra, p.Group.Extra)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	assertRoundTrip(t, []byte(in), out)

	in = `[{"amount":{"amount":"1.50","code":"USD","new":1},"note":"x"},{"amount":null}]`
	var bs []keepBalance
	if err := json.Unmarshal([]byte(in), &bs); err != nil {
		t.Fatal(err)
	}
	out, err = json.Marshal(bs)
	if err != nil {
		t.Fatal(err)
	}
	assertRoundTrip(t, []byte(in), out)
	if bs[0].Amount.String() != "1.50 USD" || string(bs[0].Extra["note"]) != `"x"` {
		t.Errorf("balances = %+v", bs)
	}
}

// marshalNoHTMLEscape is json.Marshal without HTML escaping, as the client
// encodes request bodies.
func marshalNoHTMLEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// FuzzUnmarshalKeeping: never panics; errors for non-objects; decode →
// encode → decode → encode is stable; unknown members come back unchanged.
func FuzzUnmarshalKeeping(f *testing.F) {
	f.Add([]byte(member(f, readFixture(f, "get_client_response.json"), "response", "result", "client")))
	f.Add([]byte(`{"id":1,"ID":2,"x":[1,{"y":null}],"updated":"2020-11-01 13:11:10"}`))
	f.Add([]byte(`{"test_amount":{"amount":10,"code":"CAD"},"signup_date":"2019-09-13 08:16:74"}`))
	f.Add([]byte(`{"outstanding_balance":[{"amount":{"amount":"1e3"}}],"\u0069d":3}`))
	f.Add([]byte(`[1]`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var c keepClient
		err := c.UnmarshalJSON(in)
		if err != nil {
			return
		}
		if !json.Valid(in) {
			t.Fatalf("accepted invalid JSON %q", in)
		}
		if !isJSONNull(in) && bytes.TrimSpace(in)[0] != '{' {
			t.Fatalf("accepted a non-object %q", in)
		}
		out, err := marshalNoHTMLEscape(c)
		if err != nil {
			t.Fatalf("encoding %q: %v", in, err)
		}
		var c2 keepClient
		if err := json.Unmarshal(out, &c2); err != nil {
			t.Fatalf("decoding own output %s: %v", out, err)
		}
		out2, err := marshalNoHTMLEscape(c2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("unstable:\n%s\n%s", out, out2)
		}
		var inMap, outMap map[string]json.RawMessage
		if json.Unmarshal(in, &inMap) != nil || json.Unmarshal(out, &outMap) != nil {
			return
		}
		for k, v := range c.Extra {
			var want bytes.Buffer
			if err := json.Compact(&want, v); err != nil {
				t.Fatalf("Extra[%q] invalid: %v", k, err)
			}
			var got bytes.Buffer
			_ = json.Compact(&got, outMap[k])
			if !bytes.Equal(want.Bytes(), got.Bytes()) && !strings.ContainsRune(k, '\uFFFD') {
				t.Fatalf("Extra[%q] = %s, encoded %s", k, v, outMap[k])
			}
		}
	})
}
