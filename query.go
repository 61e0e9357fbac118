package freshbooks

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A QueryOption narrows, widens, sorts or pages a call: filters, includes,
// sorting and pagination. Options are written once and rendered in the
// dialect of the endpoint's family: accounting and events put filters in
// search[...] and includes in include[]; projects, time tracking and
// services use plain keys and include_x=true.
//
// Every option but [Param] is checked against the resource's vocabulary
// (its [Resource].Filters, Sorts and Includes) before any request: an
// unknown name, an operator that does not fit the filter, or a value of
// the wrong type is an error wrapping [ErrInvalidQuery]. FreshBooks
// ignores what it does not know, so the client is the only place such a
// mistake can be caught.
//
// The typed filters ([InvoiceFilter], [TimeEntryFilter], [ExpenseFilter],
// …) are QueryOptions too, and mix with the generic ones.
type QueryOption interface {
	applyQuery(q *query)
}

// optionFunc is a QueryOption made of a function.
type optionFunc func(*query)

func (f optionFunc) applyQuery(q *query) { f(q) }

// ErrInvalidQuery is wrapped by every error about a query option that does
// not fit the resource: see [QueryError].
var ErrInvalidQuery = errors.New("freshbooks: invalid query")

// QueryError reports a query option the resource does not accept, before
// any request is made. errors.Is(err, ErrInvalidQuery) holds for it.
type QueryError struct {
	Resource string   // the catalogue's name of the resource, such as "invoices"
	Key      string   // the key at fault, such as "colour", "sort" or "include"
	Reason   string   // what is wrong
	Valid    []string // the keys (or values) that would be accepted
}

// Error says what is wrong and lists what is valid.
func (e *QueryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "freshbooks: %s: %s", e.Resource, e.Reason)
	switch {
	case len(e.Valid) > 0:
		b.WriteString("; valid: " + strings.Join(e.Valid, ", "))
	case e.Key != "":
		b.WriteString("; it accepts none")
	}
	return b.String()
}

// Unwrap returns ErrInvalidQuery.
func (e *QueryError) Unwrap() error { return ErrInvalidQuery }

// query collects options before they are checked and rendered.
type query struct {
	page, perPage int
	filters       []filter
	includes      []string
	sort          string
	desc          bool
	raw           url.Values
	prefetch      int      // pages All keeps in flight; 0: the client's
	clear         []string // members an Update empties (Clear)
}

// filterOp is how a filter is spelled on the wire.
type filterOp int

const (
	opEquals filterOp = iota // name=v
	opIn                     // name[]=v1&name[]=v2
	opLike                   // name_like=v
	opMin                    // name_min=v
	opMax                    // name_max=v
)

// filter is one filter as given, before its values are checked.
type filter struct {
	op     filterOp
	name   string // the catalogue's name, without _like, _min or _max
	values []any
}

// add adds a filter.
func (q *query) add(op filterOp, name string, values ...any) {
	q.filters = append(q.filters, filter{op, name, values})
}

// key is the filter's key on the wire, without search[...].
func (f filter) key() string {
	switch f.op {
	case opLike:
		return f.name + "_like"
	case opMin:
		return f.name + "_min"
	case opMax:
		return f.name + "_max"
	}
	return f.name
}

// MaxPerPage is the largest page FreshBooks serves; larger requests are
// clamped to it.
const MaxPerPage = 100

// OnPage asks for page n (1-based) of a list; n < 1 means 1.
func OnPage(n int) QueryOption { return optionFunc(func(q *query) { q.page = max(n, 1) }) }

// PerPage asks for n items per page, at most MaxPerPage.
func PerPage(n int) QueryOption {
	return optionFunc(func(q *query) { q.perPage = min(max(n, 1), MaxPerPage) })
}

// Equals keeps records whose field equals value: search[field]=value in
// accounting, field=value in projects. It also sets the flag filters
// (Equals("paid", true)). The value's type must fit the filter: a
// [Date] for day-granular filters, a time.Time for the time-tracking
// datetimes (sent in UTC), a number or an id type for ids.
func Equals(field string, value any) QueryOption {
	return optionFunc(func(q *query) { q.add(opEquals, field, value) })
}

// In keeps records whose field is one of values. FreshBooks spells such
// filters in the plural (clientids, userids): pass the plural key.
// Accounting renders search[clientids][]=1&search[clientids][]=2.
func In[T any](field string, values ...T) QueryOption {
	vs := make([]any, len(values))
	for i, v := range values {
		vs[i] = v
	}
	return optionFunc(func(q *query) { q.add(opIn, field, vs...) })
}

// Like keeps records whose field contains value: search[field_like]=value.
// field may be given with or without its _like suffix.
func Like(field, value string) QueryOption {
	field = strings.TrimSuffix(field, "_like")
	return optionFunc(func(q *query) { q.add(opLike, field, value) })
}

// Between keeps records whose field lies in [lo, hi], both ends
// included: it sends search[field_min]=lo and search[field_max]=hi. A nil
// bound is left out, so Between("amount", 0, nil) filters on amount >= 0.
// Day-granular fields ("date", "updated") take [Date] bounds: a time.Time
// is an error, not a different string.
//
// That FreshBooks' _max bound includes its day is inferred (its payments
// page reads "less than"): the sandbox includes it.
func Between(field string, lo, hi any) QueryOption {
	return optionFunc(func(q *query) { q.between(field, lo, hi) })
}

func (q *query) between(field string, lo, hi any) {
	if lo != nil {
		q.add(opMin, field, lo)
	}
	if hi != nil {
		q.add(opMax, field, hi)
	}
}

// Since keeps records changed at or after t, for the projects family's
// datetime filters such as updated_since: the value is RFC 3339 in UTC.
func Since(field string, t time.Time) QueryOption { return Equals(field, t) }

// Include asks for related data in the answer: include[]=name in
// accounting, name=true in projects (pass the full key there, such as
// include_logged_duration).
func Include(names ...string) QueryOption {
	return optionFunc(func(q *query) { q.includes = append(q.includes, names...) })
}

// SortAsc sorts by key, ascending: sort=key_asc in accounting, sort=key in
// projects. FreshBooks honours one sort key; the last one given wins.
func SortAsc(key string) QueryOption {
	return optionFunc(func(q *query) { q.sort, q.desc = key, false })
}

// SortDesc sorts by key, descending: sort=key_desc in accounting,
// sort=-key in projects.
func SortDesc(key string) QueryOption {
	return optionFunc(func(q *query) { q.sort, q.desc = key, true })
}

// Prefetch sets how many pages an All call asks for ahead of the one
// being read, overriding [Config.Prefetch]; 1 asks for the next page
// while the current one is read. It sends nothing, and calls other than
// All ignore it.
func Prefetch(pages int) QueryOption {
	return optionFunc(func(q *query) { q.prefetch = max(pages, 1) })
}

// Param adds a raw query parameter, sent as given and never checked: the
// explicit way to send what the resource's vocabulary does not know yet.
func Param(key, value string) QueryOption {
	return optionFunc(func(q *query) {
		if q.raw == nil {
			q.raw = url.Values{}
		}
		q.raw.Add(key, value)
	})
}

// DateRange is a range of days, both ends included. A zero end is open:
// DateRange{From: d} is every day from d on.
type DateRange struct {
	From, To Date
}

// IsZero reports whether the range sets no bound.
func (r DateRange) IsZero() bool { return r.From.IsZero() && r.To.IsZero() }

// apply filters field on the range; a zero range adds nothing.
func (r DateRange) apply(q *query, field string) {
	q.between(field, dateOrNil(r.From), dateOrNil(r.To))
}

func dateOrNil(d Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

// TimeRange is a range of instants, for the time-tracking datetime
// filters; they are sent in UTC. A zero end is open.
type TimeRange struct {
	From, To time.Time
}

// apply filters on the range with the filters called from and to.
func (r TimeRange) apply(q *query, from, to string) {
	if !r.From.IsZero() {
		q.add(opEquals, from, r.From)
	}
	if !r.To.IsZero() {
		q.add(opEquals, to, r.To)
	}
}

// dialect is how a family spells query options.
type dialect int

const (
	dialectAccounting dialect = iota // search[f]=v, include[]=x, sort=k_asc
	dialectProjects                  // f=v, x=true, sort=k / sort=-k
	dialectFlat                      // reports: f=v, no includes or sort
)

// collect applies opts.
func collect(opts []QueryOption) *query {
	q := &query{}
	for _, o := range opts {
		if o != nil {
			o.applyQuery(q)
		}
	}
	return q
}

// query checks opts against the endpoint's vocabulary and renders them.
// Endpoints outside the catalogue (name "") are not checked.
func (e endpoint) query(opts []QueryOption) (url.Values, error) {
	if len(opts) == 0 {
		return nil, nil
	}
	q := collect(opts)
	if len(q.clear) > 0 {
		return nil, &WriteError{Resource: e.name, Member: q.clear[0], Reason: "Clear applies to Update only"}
	}
	if e.name != "" {
		if err := q.check(e.name, vocabularyOf(e.name)); err != nil {
			return nil, err
		}
	}
	return e.dialect().render(q), nil
}

// check reports the first option that voc does not accept.
func (q *query) check(resource string, voc vocabulary) error {
	for _, f := range q.filters {
		if err := voc.checkFilter(resource, f); err != nil {
			return err
		}
	}
	if q.sort != "" && !slices.Contains(voc.sorts, q.sort) {
		return &QueryError{Resource: resource, Key: "sort", Reason: fmt.Sprintf("unknown sort key %q", q.sort), Valid: voc.sorts}
	}
	for _, inc := range q.includes {
		if !slices.Contains(voc.includes, inc) {
			return &QueryError{Resource: resource, Key: "include", Reason: fmt.Sprintf("unknown include %q", inc), Valid: voc.includes}
		}
	}
	return nil
}

// opsOf are the operators that fit a filter kind.
func opsOf(k FilterKind) []filterOp {
	switch k {
	case FilterEquals, FilterBool:
		return []filterOp{opEquals}
	case FilterIn:
		return []filterOp{opIn}
	case FilterLike:
		return []filterOp{opLike}
	case FilterRange:
		return []filterOp{opMin, opMax}
	}
	return nil
}

// howTo names the option that sets a filter of kind k.
func howTo(k FilterKind) string {
	switch k {
	case FilterIn:
		return "In"
	case FilterLike:
		return "Like"
	case FilterRange:
		return "Between"
	}
	return "Equals"
}

// checkFilter checks that f names a filter of voc, with an operator that
// fits its kind and values of its type.
func (voc vocabulary) checkFilter(resource string, f filter) error {
	var named []Filter
	for _, def := range voc.filters {
		if def.Name == f.name {
			named = append(named, def)
			if slices.Contains(opsOf(def.Kind), f.op) {
				for _, v := range f.values {
					if err := def.checkValue(v); err != nil {
						return &QueryError{Resource: resource, Key: f.key(), Reason: fmt.Sprintf("filter %q: %v", f.key(), err)}
					}
				}
				return nil
			}
		}
	}
	if len(named) == 0 {
		return &QueryError{Resource: resource, Key: f.key(), Reason: fmt.Sprintf("unknown filter %q", f.key()), Valid: voc.keys()}
	}
	hows := make([]string, len(named))
	for i, def := range named {
		hows[i] = howTo(def.Kind)
	}
	return &QueryError{Resource: resource, Key: f.key(),
		Reason: fmt.Sprintf("filter %q is set with %s, not %s", f.name, strings.Join(hows, " or "), howTo(kindOf(f.op)))}
}

// kindOf is the filter kind an operator is made for.
func kindOf(op filterOp) FilterKind {
	switch op {
	case opIn:
		return FilterIn
	case opLike:
		return FilterLike
	case opMin, opMax:
		return FilterRange
	}
	return FilterEquals
}

// keys lists the filter keys of voc as they appear on the wire.
func (voc vocabulary) keys() []string {
	var out []string
	for _, def := range voc.filters {
		out = append(out, def.Keys()...)
	}
	return out
}

// Keys are the keys a filter answers to in [Resource.ParseFilter], as
// they appear on the wire: name_like for a Like filter, name_min and
// name_max for a range, else its Name.
func (f Filter) Keys() []string {
	switch f.Kind {
	case FilterLike:
		return []string{f.Name + "_like"}
	case FilterRange:
		return []string{f.Name + "_min", f.Name + "_max"}
	}
	return []string{f.Name}
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	dateType    = reflect.TypeFor[Date]()
	decimalType = reflect.TypeFor[Decimal]()
)

// checkValue checks that v is a value of the filter's type. Text is
// accepted for every type, in the form [Resource.ParseFilter] reads.
func (f Filter) checkValue(v any) error {
	if s, ok := v.(string); ok && f.Type != ValueString && f.Type != ValueEnum {
		typed, err := f.parse(s)
		if err != nil {
			return err
		}
		v = typed
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return errors.New("no value")
	}
	t, k := rv.Type(), rv.Kind()
	isInt := k >= reflect.Int && k <= reflect.Uint64
	switch f.Type {
	case ValueDate:
		switch t {
		case timeType:
			return errors.New("a day-granular filter takes a freshbooks.Date, not a time.Time (use freshbooks.DateOf)")
		case dateType:
			return v.(Date).Err()
		}
		return fmt.Errorf("want a freshbooks.Date, not %T", v)
	case ValueDateTime:
		switch t {
		case timeType:
			if v.(time.Time).IsZero() {
				return errors.New("the zero time.Time")
			}
			return nil
		case dateType:
			return errors.New("a datetime filter takes a time.Time (sent in UTC), not a freshbooks.Date")
		}
		return fmt.Errorf("want a time.Time, not %T", v)
	case ValueInt:
		if !isInt {
			return fmt.Errorf("want a whole number or an id, not %T", v)
		}
	case ValueDecimal:
		if t != decimalType && !isInt {
			return fmt.Errorf("want a freshbooks.Decimal, a whole number or a decimal string, not %T", v)
		}
	case ValueBool:
		if k != reflect.Bool {
			return fmt.Errorf("want true or false, not %T", v)
		}
	case ValueEnum:
		if k != reflect.String || !slices.Contains(f.Enum, rv.String()) {
			return fmt.Errorf("%v is not one of %s", v, strings.Join(f.Enum, ", "))
		}
	default:
		if k != reflect.String {
			return fmt.Errorf("want text, not %T", v)
		}
	}
	return nil
}

// render writes q in dialect d.
func (d dialect) render(q *query) url.Values {
	v := url.Values{}
	if q.page > 0 {
		v.Set("page", strconv.Itoa(q.page))
	}
	if q.perPage > 0 {
		v.Set("per_page", strconv.Itoa(q.perPage))
	}
	for _, f := range q.filters {
		key := f.key()
		if d == dialectAccounting {
			key = "search[" + key + "]"
		}
		if f.op == opIn {
			// The projects family's list filters are not documented;
			// repeating the bracketed key is inferred.
			key += "[]"
		}
		for _, val := range f.values {
			v.Add(key, formatValue(val))
		}
	}
	for _, inc := range q.includes {
		switch d {
		case dialectAccounting:
			v.Add("include[]", inc)
		case dialectProjects:
			v.Set(inc, "true")
		}
	}
	if q.sort != "" {
		switch {
		case d == dialectAccounting && q.desc:
			v.Set("sort", q.sort+"_desc")
		case d == dialectAccounting:
			v.Set("sort", q.sort+"_asc")
		case q.desc:
			v.Set("sort", "-"+q.sort)
		default:
			v.Set("sort", q.sort)
		}
	}
	for k, vs := range q.raw {
		v[k] = append(v[k], vs...)
	}
	return v
}

// formatValue writes a filter value as FreshBooks reads it: instants in
// UTC, RFC 3339; integers of any type (ids, VisState, statuses) as
// numbers; booleans and text as they are; dates and decimals in their
// string form.
func formatValue(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format(time.RFC3339)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10)
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool())
	case reflect.String:
		return rv.String()
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprint(v)
}
