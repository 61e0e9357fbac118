package mcpserver

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/freshbooks-go/freshbooks"
)

// schema is the part of JSON Schema (draft 2020-12) the tools use. The
// server both publishes it as a tool's input schema and checks arguments
// against it, so what a client is told and what is enforced are one value.
type schema struct {
	Type        any                `json:"type,omitempty"` // a JSON type name, or a list of them
	Description string             `json:"description,omitempty"`
	Properties  map[string]*schema `json:"properties,omitempty"`
	Required    []string           `json:"required,omitempty"`
	// Closed objects refuse members that are not in Properties.
	Closed  bool     `json:"-"`
	Items   *schema  `json:"items,omitempty"`
	Enum    []string `json:"enum,omitempty"`
	Format  string   `json:"format,omitempty"`
	Pattern string   `json:"pattern,omitempty"`
	Minimum *float64 `json:"minimum,omitempty"`
	Maximum *float64 `json:"maximum,omitempty"`
	Default any      `json:"default,omitempty"`
}

// MarshalJSON writes the schema, with "additionalProperties": false on
// closed objects.
func (s *schema) MarshalJSON() ([]byte, error) {
	type plain schema
	if !s.Closed {
		return json.Marshal((*plain)(s))
	}
	return json.Marshal(struct {
		*plain
		AdditionalProperties bool `json:"additionalProperties"`
	}{(*plain)(s), false})
}

// Value patterns: dates as FreshBooks writes them, and decimals as
// strings so that money stays exact.
const (
	datePattern    = `^\d{4}-\d{2}-\d{2}$`
	decimalPattern = `^-?\d+(\.\d+)?$`
)

// patterns are the compiled patterns, read-only.
var patterns = map[string]*regexp.Regexp{
	datePattern:    regexp.MustCompile(datePattern),
	decimalPattern: regexp.MustCompile(decimalPattern),
}

func stringOf(desc string) *schema  { return &schema{Type: "string", Description: desc} }
func integerOf(desc string) *schema { return &schema{Type: "integer", Description: desc} }
func booleanOf(desc string) *schema { return &schema{Type: "boolean", Description: desc} }

func dateOf(desc string) *schema {
	return &schema{Type: "string", Format: "date", Pattern: datePattern, Description: join(desc, "a date, YYYY-MM-DD")}
}

func decimalOf(desc string) *schema {
	return &schema{Type: "string", Pattern: decimalPattern, Description: join(desc, `a decimal number as a string, such as "1250.00"`)}
}

func dateTimeOf(desc string) *schema {
	return &schema{Type: "string", Format: "date-time", Description: join(desc, "an instant, RFC 3339, such as 2026-12-03T09:00:00Z")}
}

// object returns a closed object schema.
func object(props map[string]*schema, required ...string) *schema {
	return &schema{Type: "object", Properties: props, Required: required, Closed: true}
}

// join joins description parts with "; ", leaving out empty ones.
func join(parts ...string) string {
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), "; ")
}

// valueSchema is the schema of one value of a filter's type.
func valueSchema(f freshbooks.Filter, desc string) *schema {
	switch f.Type {
	case freshbooks.ValueInt:
		return integerOf(desc)
	case freshbooks.ValueDate:
		return dateOf(desc)
	case freshbooks.ValueDateTime:
		return dateTimeOf(desc)
	case freshbooks.ValueDecimal:
		return decimalOf(desc)
	case freshbooks.ValueBool:
		return booleanOf(desc)
	case freshbooks.ValueEnum:
		return &schema{Type: "string", Enum: slices.Clone(f.Enum), Description: desc}
	}
	return stringOf(desc)
}

// filterProperties adds the properties of a resource's filters to props:
// name for equals, in (a list) and flags, name_like for text search, and
// name_min and name_max (inclusive) for ranges.
func filterProperties(props map[string]*schema, filters []freshbooks.Filter) {
	for _, f := range filters {
		doc := f.Doc
		if f.Inferred {
			doc = join(doc, "inferred from the API reference, not documented by FreshBooks")
		}
		switch f.Kind {
		case freshbooks.FilterIn:
			props[f.Name] = &schema{Type: "array", Items: valueSchema(f, ""), Description: join(doc, "any of these values")}
		case freshbooks.FilterLike:
			props[f.Name+"_like"] = stringOf(join(doc, "records whose "+f.Name+" contains this text"))
		case freshbooks.FilterRange:
			props[f.Name+"_min"] = valueSchema(f, join(doc, "at least this (inclusive)"))
			props[f.Name+"_max"] = valueSchema(f, join(doc, "at most this (inclusive)"))
		case freshbooks.FilterBool:
			props[f.Name] = booleanOf(doc)
		default:
			props[f.Name] = valueSchema(f, doc)
		}
	}
}

// Go types of the models with a JSON form of their own.
var (
	typeMoney   = reflect.TypeFor[freshbooks.Money]()
	typeDecimal = reflect.TypeFor[freshbooks.Decimal]()
	typeDate    = reflect.TypeFor[freshbooks.Date]()
	typeRaw     = reflect.TypeFor[json.RawMessage]()
	typeVis     = reflect.TypeFor[freshbooks.VisState]()
)

// timeTypes are the models' timestamp types, each written as text.
var timeTypes = []reflect.Type{
	reflect.TypeFor[freshbooks.AccountingTime](), reflect.TypeFor[freshbooks.AccountingUTCTime](), reflect.TypeFor[freshbooks.Time](),
}

// recordSchema is the schema of a record's wire form, from its Go model:
// one property per JSON member, typed. The record's own members are
// closed (a misspelt member is refused, not dropped by FreshBooks); nested
// objects are left open, since the models keep members they do not know.
func recordSchema(model reflect.Type, desc string) *schema {
	s := typeSchema(model, 0)
	if s.Type != "object" || s.Properties == nil {
		return &schema{Type: "object", Description: desc}
	}
	s.Closed, s.Description = true, desc
	return s
}

// typeSchema is the schema of Go type t's JSON form, depth levels down.
func typeSchema(t reflect.Type, depth int) *schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == typeMoney:
		return &schema{Type: "object", Description: "money", Properties: map[string]*schema{
			"amount": decimalOf(""), "code": stringOf("currency code, such as USD"),
		}}
	case t == typeDecimal:
		return decimalOf("")
	case t == typeDate:
		return dateOf("")
	case t == typeRaw:
		return &schema{}
	case t == typeVis:
		return integerOf("0 active, 1 deleted, 2 archived")
	case slices.Contains(timeTypes, t):
		return stringOf("a timestamp as FreshBooks writes it")
	}
	switch t.Kind() {
	case reflect.String:
		return &schema{Type: "string"}
	case reflect.Bool:
		return &schema{Type: "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &schema{Type: "integer"}
	case reflect.Float32, reflect.Float64:
		return &schema{Type: "number"}
	case reflect.Slice, reflect.Array:
		if depth > 3 {
			return &schema{Type: "array"}
		}
		return &schema{Type: "array", Items: typeSchema(t.Elem(), depth+1)}
	case reflect.Map:
		return &schema{Type: "object"}
	case reflect.Struct:
		s := &schema{Type: "object"}
		if depth > 3 {
			return s
		}
		s.Properties = map[string]*schema{}
		addFields(s.Properties, t, depth)
		return s
	}
	return &schema{}
}

// addFields adds the JSON members of struct t to props, embedded
// structs' members included.
func addFields(props map[string]*schema, t reflect.Type, depth int) {
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				addFields(props, et, depth)
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		props[name] = typeSchema(f.Type, depth+1)
	}
}

// check reports how v, decoded JSON, breaks s: the first problem, with
// its path, or nil.
func (s *schema) check(path string, v any) error {
	if !s.typeOK(v) {
		return fmt.Errorf("%s must be %s, not %s", path, s.typeName(), jsonType(v))
	}
	switch v := v.(type) {
	case string:
		if len(s.Enum) > 0 && !slices.Contains(s.Enum, v) {
			return fmt.Errorf("%s must be one of %s, not %q", path, strings.Join(s.Enum, ", "), v)
		}
		if s.Pattern != "" {
			if !patterns[s.Pattern].MatchString(v) {
				return fmt.Errorf("%s must be %s, not %q", path, s.Description, v)
			}
		}
	case json.Number:
		n, _ := v.Float64()
		if s.Minimum != nil && n < *s.Minimum || s.Maximum != nil && n > *s.Maximum {
			return fmt.Errorf("%s must be between %g and %g, not %s", path, *s.Minimum, *s.Maximum, v)
		}
	case []any:
		if s.Items != nil {
			for i, e := range v {
				if err := s.Items.check(fmt.Sprintf("%s[%d]", path, i), e); err != nil {
					return err
				}
			}
		}
	case map[string]any:
		return s.checkObject(path, v)
	}
	return nil
}

// checkObject checks an object's members: unknown ones (all named at
// once, with the known ones), missing required ones, then each value.
func (s *schema) checkObject(path string, v map[string]any) error {
	if s.Closed {
		var unknown []string
		for k := range v {
			if _, ok := s.Properties[k]; !ok {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			slices.Sort(unknown)
			return fmt.Errorf("%s: unknown %s %s; the known ones are: %s", path, plural(len(unknown), "property", "properties"),
				strings.Join(unknown, ", "), strings.Join(slices.Sorted(maps.Keys(s.Properties)), ", "))
		}
	}
	for _, k := range s.Required {
		if _, ok := v[k]; !ok {
			return fmt.Errorf("%s: %q is required", path, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(v)) {
		if p := s.Properties[k]; p != nil {
			if err := p.check(path+"."+k, v[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// types lists the JSON types s allows; none means any.
func (s *schema) types() []string {
	switch t := s.Type.(type) {
	case string:
		return []string{t}
	case []string:
		return t
	}
	return nil
}

func (s *schema) typeName() string { return strings.Join(s.types(), " or ") }

func (s *schema) typeOK(v any) bool {
	ts := s.types()
	if len(ts) == 0 {
		return true
	}
	got := jsonType(v)
	for _, t := range ts {
		if t == got || t == "number" && got == "integer" {
			return true
		}
	}
	return false
}

// jsonType names the JSON type of value v, decoded with UseNumber; whole
// numbers are "integer".
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(string(v), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
