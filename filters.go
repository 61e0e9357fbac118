package freshbooks

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Filter is one filter a resource's lists accept: its key as FreshBooks
// spells it, how it matches, and the type of its value. The command
// line's --filter and the MCP server's tool schemas are built from it.
type Filter struct {
	Name     string     // FreshBooks' key: "customerid", "date", "organization"
	Kind     FilterKind // how it matches
	Type     ValueType  // the type of its value
	Enum     []string   // the allowed values, when Type is ValueEnum
	Doc      string     // one line
	Inferred bool       // the API reference marks this filter as inferred, not documented
}

// FilterKind is how a filter matches records.
type FilterKind int

const (
	// FilterEquals keeps records whose member equals the value.
	FilterEquals FilterKind = iota + 1
	// FilterIn keeps records whose member is one of the values.
	FilterIn
	// FilterLike keeps records whose member contains the value (name_like).
	FilterLike
	// FilterRange keeps records whose member lies between name_min and
	// name_max.
	FilterRange
	// FilterBool keeps records whose flag is true or false.
	FilterBool
)

// ValueType is the type of a filter's value.
type ValueType int

const (
	ValueString   ValueType = iota + 1 // any text
	ValueInt                           // a whole number, such as an id
	ValueDate                          // a civil date, YYYY-MM-DD
	ValueDateTime                      // an instant, sent as RFC 3339 in UTC
	ValueDecimal                       // a decimal number, such as an amount
	ValueBool                          // true or false
	ValueEnum                          // one of Filter.Enum
)

// Keys are the keys a filter answers to in [Resource.ParseFilter]: name_like
// for a Like filter, name_min and name_max for a range, else its Name.
func (f Filter) Keys() []string {
	switch f.Kind {
	case FilterLike:
		return []string{f.Name + "_like"}
	case FilterRange:
		return []string{f.Name + "_min", f.Name + "_max"}
	}
	return []string{f.Name}
}

// ErrInvalidQuery is wrapped by every error about a query option that does
// not fit the resource: see [QueryError].
var ErrInvalidQuery = errors.New("freshbooks: invalid query")

// QueryError reports a query option the resource does not accept, before
// any request is made. errors.Is(err, ErrInvalidQuery) holds for it.
type QueryError struct {
	Resource string   // the catalogue's name of the resource, such as "invoices"
	Key      string   // the key at fault, such as "colour"
	Reason   string   // what is wrong
	Valid    []string // the keys (or values) that would be accepted
}

// Error says what is wrong and lists what is valid.
func (e *QueryError) Error() string {
	msg := "freshbooks: " + e.Resource + ": " + e.Reason
	switch {
	case len(e.Valid) > 0:
		msg += "; valid: " + strings.Join(e.Valid, ", ")
	case e.Key != "":
		msg += "; it accepts none"
	}
	return msg
}

// Unwrap returns ErrInvalidQuery.
func (e *QueryError) Unwrap() error { return ErrInvalidQuery }

// ParseFilter turns a key=value pair, as a user types it on a command line
// or a tool passes it, into a QueryOption. key is one of the resource's
// filter keys ([Filter.Keys]); an In filter takes comma-separated values.
// Values of a number, flag, date or enum filter are checked. An unknown key
// or a bad value is a [QueryError] listing what is valid. The command line
// and the MCP server build their queries with it.
func (r Resource) ParseFilter(key, value string) (QueryOption, error) {
	var valid []string
	for _, f := range r.Filters {
		for _, k := range f.Keys() {
			valid = append(valid, k)
			if k != key {
				continue
			}
			values := []string{value}
			if f.Kind == FilterIn {
				values = strings.Split(value, ",")
			}
			for i, v := range values {
				values[i] = strings.TrimSpace(v)
				if err := f.check(values[i]); err != nil {
					return nil, &QueryError{Resource: r.Name, Key: key, Reason: fmt.Sprintf("filter %q: %v", key, err), Valid: f.Enum}
				}
			}
			switch {
			case f.Kind == FilterIn:
				return In(f.Name, values...), nil
			case f.Kind == FilterLike:
				return Like(f.Name, value), nil
			case key == f.Name+"_min" && f.Kind == FilterRange:
				return Between(f.Name, value, nil), nil
			case key == f.Name+"_max" && f.Kind == FilterRange:
				return Between(f.Name, nil, value), nil
			}
			return Equals(f.Name, value), nil
		}
	}
	return nil, &QueryError{Resource: r.Name, Key: key, Reason: fmt.Sprintf("unknown filter %q", key), Valid: valid}
}

// check refuses a value that is not of the filter's type.
func (f Filter) check(v string) error {
	var err error
	switch f.Type {
	case ValueInt:
		_, err = strconv.ParseInt(v, 10, 64)
	case ValueBool:
		_, err = strconv.ParseBool(v)
	case ValueDate:
		_, err = ParseDate(v)
	case ValueDateTime:
		_, err = time.Parse(time.RFC3339, v)
	case ValueDecimal:
		_, err = ParseDecimal(v)
	case ValueEnum:
		if !slices.Contains(f.Enum, v) {
			err = fmt.Errorf("%q is not one of the allowed values", v)
		}
	}
	return err
}

// vocabulary is what one resource's lists accept.
type vocabulary struct {
	filters  []Filter
	sorts    []string
	includes []string
}

// vocabularyOf returns the query vocabulary of the resource called name.
// The table is not filled in yet: every resource has an empty one.
//
// To come with the table: validation of every List and All against it,
// failing with ErrInvalidQuery before any request.
func vocabularyOf(name string) vocabulary {
	_ = name
	return vocabulary{}
}
