package freshbooks

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// A QueryOption narrows, widens, sorts or pages a call: filters, includes,
// sorting and pagination. Options are written once and rendered in the
// dialect of the endpoint's family: accounting and events put filters in
// search[...] and includes in include[]; projects, time tracking and
// services use plain keys and include_x=true.
type QueryOption func(*query)

// query collects options before they are rendered.
type query struct {
	page, perPage int
	filters       []filter
	includes      []string
	sort          string
	desc          bool
	raw           url.Values
	prefetch      int // pages All keeps in flight; 0: the client's
}

type filterKind int

const (
	fEquals filterKind = iota
	fIn
	fLike
	fMin
	fMax
)

type filter struct {
	kind   filterKind
	field  string
	values []string
}

// MaxPerPage is the largest page FreshBooks serves; larger requests are
// clamped to it.
const MaxPerPage = 100

// OnPage asks for page n (1-based) of a list; n < 1 means 1.
func OnPage(n int) QueryOption { return func(q *query) { q.page = max(n, 1) } }

// PerPage asks for n items per page, at most MaxPerPage.
func PerPage(n int) QueryOption { return func(q *query) { q.perPage = min(max(n, 1), MaxPerPage) } }

// Equals keeps records whose field equals value: search[field]=value in
// accounting, field=value in projects. value is formatted with
// [formatValue]: strings, numbers, booleans, [Date], [VisState], time.Time.
func Equals(field string, value any) QueryOption {
	return func(q *query) { q.filters = append(q.filters, filter{fEquals, field, []string{formatValue(value)}}) }
}

// In keeps records whose field is one of values. FreshBooks spells such
// filters in the plural (clientids, userids): pass the plural key.
// Accounting renders search[clientids][]=1&search[clientids][]=2.
func In[T any](field string, values ...T) QueryOption {
	vs := make([]string, len(values))
	for i, v := range values {
		vs[i] = formatValue(v)
	}
	return func(q *query) { q.filters = append(q.filters, filter{fIn, field, vs}) }
}

// Like keeps records whose field contains value: search[field_like]=value.
// The _like suffix is added when field lacks it.
func Like(field, value string) QueryOption {
	if !strings.HasSuffix(field, "_like") {
		field += "_like"
	}
	return func(q *query) { q.filters = append(q.filters, filter{fLike, field, []string{value}}) }
}

// Between keeps records whose field lies in [min, max): it sends
// search[field_min] and search[field_max]. A nil bound is left out, so
// Between("amount", 0, nil) still filters on amount >= 0.
func Between(field string, min, max any) QueryOption {
	return func(q *query) {
		if min != nil {
			q.filters = append(q.filters, filter{fMin, field + "_min", []string{formatValue(min)}})
		}
		if max != nil {
			q.filters = append(q.filters, filter{fMax, field + "_max", []string{formatValue(max)}})
		}
	}
}

// Since keeps records changed at or after t, for the projects family's
// datetime filters such as updated_since: the value is RFC 3339 in UTC.
func Since(field string, t time.Time) QueryOption { return Equals(field, t) }

// Include asks for related data in the answer: include[]=name in
// accounting, name=true in projects (pass the full key there, such as
// include_logged_duration).
func Include(names ...string) QueryOption {
	return func(q *query) { q.includes = append(q.includes, names...) }
}

// SortAsc sorts by key, ascending: sort=key_asc in accounting, sort=key in
// projects. FreshBooks honours one sort key; the last one given wins.
func SortAsc(key string) QueryOption { return func(q *query) { q.sort, q.desc = key, false } }

// SortDesc sorts by key, descending: sort=key_desc in accounting,
// sort=-key in projects.
func SortDesc(key string) QueryOption { return func(q *query) { q.sort, q.desc = key, true } }

// Prefetch sets how many pages an All call asks for ahead of the one
// being read, overriding [Config.Prefetch]; 1 asks for the next page
// while the current one is read. It sends nothing, and calls other than
// All ignore it.
func Prefetch(pages int) QueryOption { return func(q *query) { q.prefetch = max(pages, 1) } }

// Param adds a raw query parameter, sent as given, for what the options
// above do not express.
func Param(key, value string) QueryOption {
	return func(q *query) {
		if q.raw == nil {
			q.raw = url.Values{}
		}
		q.raw.Add(key, value)
	}
}

// dialect is how a family spells query options.
type dialect int

const (
	dialectAccounting dialect = iota // search[f]=v, include[]=x, sort=k_asc
	dialectProjects                  // f=v, x=true, sort=k / sort=-k
	dialectFlat                      // reports: f=v, no includes or sort
)

// values renders opts in dialect d.
func (d dialect) values(opts []QueryOption) url.Values {
	if len(opts) == 0 {
		return nil
	}
	var q query
	for _, o := range opts {
		if o != nil {
			o(&q)
		}
	}
	v := url.Values{}
	if q.page > 0 {
		v.Set("page", strconv.Itoa(q.page))
	}
	if q.perPage > 0 {
		v.Set("per_page", strconv.Itoa(q.perPage))
	}
	for _, f := range q.filters {
		key := f.field
		if d == dialectAccounting {
			key = "search[" + f.field + "]"
		}
		if f.kind == fIn {
			// The projects family's list filters are not documented;
			// repeating the bracketed key is inferred.
			key += "[]"
		}
		for _, val := range f.values {
			v.Add(key, val)
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

// formatValue writes a filter value as FreshBooks reads it.
func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.UTC().Format(time.RFC3339)
	case VisState:
		return strconv.Itoa(int(v)) // its String is a word
	case fmt.Stringer:
		return v.String()
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return fmt.Sprint(v)
}
