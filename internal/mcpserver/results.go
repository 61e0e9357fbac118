package mcpserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks"
)

// errInput marks arguments the tool refuses before anything is sent.
var errInput = errors.New("invalid arguments")

// listQuery is one list call: its query options, and how to render the
// page it returns.
type listQuery struct {
	res     freshbooks.Resource
	options []freshbooks.QueryOption
	page    int
	perPage int
	fields  []string // nil: the plain members; ["*"]: every member
	key     string   // identifies the arguments, for the cursor
}

// listCursor is what a next_cursor carries: the page it leads to and the
// query it belongs to.
type listCursor struct {
	Page  int    `json:"p"`
	Query string `json:"q"`
}

// newListQuery turns a list tool's checked arguments into options.
func newListQuery(r freshbooks.Resource, args map[string]any) (*listQuery, error) {
	q := &listQuery{res: r, page: 1, perPage: DefaultPerPage, key: queryKey(args)}
	if n, ok := args[argPerPage].(json.Number); ok {
		v, _ := n.Int64() // the schema bounds it
		q.perPage = int(v)
	}
	if c, ok := args[argCursor].(string); ok {
		var cur listCursor
		b, err := base64.RawURLEncoding.DecodeString(c)
		if err == nil {
			err = json.Unmarshal(b, &cur)
		}
		switch {
		case err != nil || cur.Page < 2:
			return nil, fmt.Errorf("%w: cursor %q is not a next_cursor this server gave", errInput, c)
		case cur.Query != q.key:
			return nil, fmt.Errorf("%w: the cursor belongs to a list with other arguments: repeat the arguments of the call that gave it, or leave cursor out to start again", errInput)
		}
		q.page = cur.Page
	}
	if fs, ok := args[argFields].([]any); ok {
		for _, f := range fs {
			q.fields = append(q.fields, f.(string)) // the schema says strings
		}
	}
	q.options = append(q.options, freshbooks.OnPage(q.page), freshbooks.PerPage(q.perPage))
	q.options = append(q.options, includeOptions(r, args)...)
	if k, ok := args[argSort].(string); ok {
		if desc, _ := args[argDesc].(bool); desc {
			q.options = append(q.options, freshbooks.SortDesc(k))
		} else {
			q.options = append(q.options, freshbooks.SortAsc(k))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(args)) {
		if isFilterArg(k) {
			opt, err := r.ParseFilter(k, filterText(args[k]))
			if err != nil {
				return nil, fmt.Errorf("%w: %w", errInput, err)
			}
			q.options = append(q.options, opt)
		}
	}
	return q, nil
}

// isFilterArg reports whether a list argument is one of the resource's
// filters rather than paging, shaping or the business.
func isFilterArg(k string) bool {
	switch k {
	case argCursor, argPerPage, argFields, argInclude, argSort, argDesc, "account_id", "business_id":
		return false
	}
	return true
}

// filterText writes a filter argument as the text a user would type:
// lists comma-separated.
func filterText(v any) string {
	switch v := v.(type) {
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = filterText(e)
		}
		return strings.Join(parts, ",")
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// includeOptions is the include argument as options.
func includeOptions(r freshbooks.Resource, args map[string]any) []freshbooks.QueryOption {
	var names []string
	if inc, ok := args[argInclude].([]any); ok {
		for _, n := range inc {
			names = append(names, n.(string)) // the schema says strings
		}
	}
	if len(names) == 0 {
		return nil
	}
	if r.Family == freshbooks.FamilyProjects {
		// The projects family spells includes as include_x=true.
		for i, n := range names {
			if !strings.HasPrefix(n, "include_") {
				names[i] = "include_" + n
			}
		}
	}
	return []freshbooks.QueryOption{freshbooks.Include(names...)}
}

// queryKey identifies a list's arguments, but for the cursor and the
// fields shown, so that a cursor is only used with the query it came from.
func queryKey(args map[string]any) string {
	rest := make(map[string]any, len(args))
	for k, v := range args {
		if k != argCursor && k != argFields {
			rest[k] = v
		}
	}
	b, _ := json.Marshal(rest) // decoded JSON always encodes; keys sorted
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// listResult is a list call's structured content.
type listResult struct {
	Resource   string            `json:"resource"`
	Total      int               `json:"total"`
	Page       int               `json:"page"`
	Pages      int               `json:"pages"`
	PerPage    int               `json:"per_page"`
	Returned   int               `json:"returned"`
	NextCursor string            `json:"next_cursor,omitempty"`
	Trimmed    bool              `json:"trimmed"`
	Records    []json.RawMessage `json:"records"`
}

// render makes the result of one page.
func (q *listQuery) render(page *freshbooks.Page[json.RawMessage]) (result, error) {
	out := listResult{Resource: q.res.Name, Total: page.Total, Page: page.Page, Pages: page.Pages,
		PerPage: q.perPage, Returned: len(page.Items), Trimmed: !slices.Equal(q.fields, []string{"*"}), Records: []json.RawMessage{}}
	if out.Page == 0 {
		out.Page = q.page
	}
	if out.Page < out.Pages {
		b, _ := json.Marshal(listCursor{Page: out.Page + 1, Query: q.key})
		out.NextCursor = base64.RawURLEncoding.EncodeToString(b)
	}
	var text strings.Builder
	fmt.Fprintf(&text, "%s: %d of %d in all (page %d of %d)", human(q.res.Name), out.Returned, out.Total, out.Page, max(out.Pages, 1))
	if out.NextCursor != "" {
		fmt.Fprintf(&text, "; more with cursor %q", out.NextCursor)
	}
	text.WriteString("\n")
	for _, rec := range page.Items {
		ms, err := members(rec)
		if err != nil {
			return result{}, fmt.Errorf("%w: a record that is not a JSON object", freshbooks.ErrBadResponse)
		}
		ms = trim(ms, q.fields)
		out.Records = append(out.Records, encodeMembers(ms))
		text.WriteString(line(ms))
		text.WriteString("\n")
	}
	return result{out, text.String()}, nil
}

// maxText bounds the text rendering of one record; the structured
// content always has all of it.
const maxText = 16 << 10

// recordResult is the result of a call that returns one record: the
// record in full, under its JSON key, and as JSON on one line (hosts
// that show the model only the text lose nothing but the nesting of
// very large records).
func recordResult(r freshbooks.Resource, rec json.RawMessage) result {
	return result{map[string]json.RawMessage{r.Single: rec}, human(r.Single) + ": " + compact(rec, maxText)}
}

// member is one member of a JSON object, in the order FreshBooks sent it.
type member struct {
	key   string
	value json.RawMessage
}

// members splits a JSON object into its members, in order.
func members(obj json.RawMessage) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var out []member
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{key, v})
	}
	return out, nil
}

func encodeMembers(ms []member) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.value)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// usefulWords pick the members a list shows by default: those whose
// FreshBooks name holds one of them (names, numbers, statuses, dates,
// amounts and references), with money and the record's own id.
var usefulWords = []string{"name", "number", "title", "organization", "email", "phone", "description", "note",
	"status", "date", "due", "started", "amount", "total", "outstanding", "paid", "balance", "duration",
	"rate", "qty", "budget", "currency", "billable", "billed", "is_logged", "active", "complete", "type", "vis_state"}

// trim keeps the members fields names (every one for ["*"]), or by
// default the useful ones: plain values (money included) whose names
// hold a word of usefulWords, or ids of other records, and are not empty;
// ids that are 0 (FreshBooks' "none") or repeat the record's id, and the
// business's own ids (whoami has them), are left out.
func trim(ms []member, fields []string) []member {
	if slices.Equal(fields, []string{"*"}) {
		return ms
	}
	var id json.RawMessage
	out := make([]member, 0, len(ms))
	for _, m := range ms {
		if m.key == "id" { // first, for the eye
			id = m.value
			out = append(out, m)
		}
	}
	return append(out, slices.DeleteFunc(slices.Clone(ms), func(m member) bool {
		if m.key == "id" {
			return true
		}
		if fields != nil {
			return !slices.Contains(fields, m.key)
		}
		v := bytes.TrimSpace(m.value)
		isID := strings.HasSuffix(m.key, "id")
		switch {
		case len(v) == 0, string(v) == "null", string(v) == `""`, v[0] == '[':
			return true
		case v[0] == '{':
			return money(v) == ""
		case isID:
			return string(v) == "0" || bytes.Equal(v, id) || slices.Contains(ownIDs, m.key)
		}
		return !slices.ContainsFunc(usefulWords, func(w string) bool { return strings.Contains(m.key, w) })
	})...)
}

// ownIDs are members that name the business itself.
var ownIDs = []string{"accountid", "accounting_systemid", "account_id", "business_id", "businessid"}

// money renders a money object ("12.50 USD"), or "" for any other value.
func money(v json.RawMessage) string {
	var m struct {
		Amount *string `json:"amount"`
		Code   string  `json:"code"`
	}
	if json.Unmarshal(v, &m) != nil || m.Amount == nil {
		return ""
	}
	return strings.TrimSpace(*m.Amount + " " + m.Code)
}

// line renders members as one line of key=value pairs.
func line(ms []member) string {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(m.key)
		b.WriteByte('=')
		v := m.value
		switch {
		case len(v) > 0 && v[0] == '{':
			if s := money(v); s != "" {
				b.WriteString(strconv.Quote(s))
				continue
			}
			b.WriteString(compact(v, maxText))
		case len(v) > 0 && v[0] == '"':
			var s string
			_ = json.Unmarshal(v, &s)
			if strings.ContainsAny(s, " =\"\n\t") || s == "" {
				s = strconv.Quote(s)
			}
			b.WriteString(s)
		default:
			b.WriteString(compact(v, maxText))
		}
	}
	return b.String()
}

// compact is JSON on one line, cut at n bytes.
func compact(v json.RawMessage, n int) string {
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return "(not JSON)"
	}
	if b.Len() > n {
		return string(b.Bytes()[:n]) + "… (cut here; the structured content has all of it)"
	}
	return b.String()
}
