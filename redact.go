package freshbooks

import (
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strings"
)

// LogValue keeps the code verifier out of structured logs.
func (r AuthRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.String("url", r.URL), slog.String("state", r.State))
}

// String describes p with its API token hidden.
func (p Staff) String() string { return redactedString(p, false, "APIToken") }

// GoString is like String, so %#v does not reveal the API token either.
func (p Staff) GoString() string { return redactedString(p, true, "APIToken") }

// LogValue keeps the API token out of structured logs.
func (p Staff) LogValue() slog.Value { return redactedLogValue(p, "APIToken") }

// redactedString writes the struct v as "pkg.Type{Field: value, ...}"
// with the secret fields hidden; sharp writes the values as %#v does.
func redactedString(v any, sharp bool, secrets ...string) string {
	rv := reflect.ValueOf(v)
	var b strings.Builder
	b.WriteString(rv.Type().String() + "{")
	sep := ""
	for f, fv := range rv.Fields() {
		if !f.IsExported() {
			continue
		}
		b.WriteString(sep + f.Name + ": ")
		sep = ", "
		switch {
		case slices.Contains(secrets, f.Name):
			b.WriteString(redact(fv.String()))
		case sharp:
			fmt.Fprintf(&b, "%#v", fv.Interface())
		default:
			fmt.Fprintf(&b, "%v", fv.Interface())
		}
	}
	b.WriteString("}")
	return b.String()
}

// redactedLogValue is the struct v as a group of its exported fields,
// without the secret ones.
func redactedLogValue(v any, secrets ...string) slog.Value {
	rv := reflect.ValueOf(v)
	var attrs []slog.Attr
	for f, fv := range rv.Fields() {
		if f.IsExported() && !slices.Contains(secrets, f.Name) {
			attrs = append(attrs, slog.Any(f.Name, fv.Interface()))
		}
	}
	return slog.GroupValue(attrs...)
}
