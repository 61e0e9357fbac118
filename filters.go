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
func vocabularyOf(name string) vocabulary {
	_ = name
	return vocabulary{}
}
