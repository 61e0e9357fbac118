package freshbooks

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

// vocabulary is what one resource's lists accept.
type vocabulary struct {
	filters  []Filter
	sorts    []string
	includes []string
}

// vocabularyOf returns the query vocabulary of the resource called name.
// The table is not filled in yet: every resource has an empty one.
//
// To come with the table (the command line and the MCP server are
// written against it): validation of every List and All against it,
// failing with ErrInvalidQuery before any request, and
//
//	func (r Resource) ParseFilter(key, value string) (QueryOption, error)
//
// which turns a user's key=value text (key: a filter's Name, or name_min,
// name_max, name_like) into a validated option, an unknown key or a bad
// value being an error that wraps ErrInvalidQuery and lists the valid
// keys.
func vocabularyOf(name string) vocabulary {
	_ = name
	return vocabulary{}
}
