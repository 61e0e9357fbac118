package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// apiOptions are the flags of "api".
type apiOptions struct {
	fields    []string // -F key=value, typed
	rawFields []string // -f key=value, strings
	input     string
	paginate  bool
}

func (a *app) apiCommand() *cobra.Command {
	var o apiOptions
	cmd := &cobra.Command{
		Use:   "api METHOD PATH",
		Short: "Call any FreshBooks endpoint",
		Long: `Call any FreshBooks endpoint and print its JSON answer.

PATH may use {account_id}, {business_id} and {business_uuid}: they are the
current business's (or --account's and --business's). Fields (-F, -f) go in
the query of GET and DELETE, and in the JSON body otherwise, dotted names
nesting ("-F client.organization=Acme"). -F reads true, false, null and
numbers, [lists] and {objects} as JSON; -f keeps every value a string. --input gives the body as a
JSON file ("-": standard input); fields are set into it.`,
		Example: `  freshbooks api GET /auth/api/v1/users/me
  freshbooks api GET '/accounting/account/{account_id}/users/clients' -F per_page=5
  freshbooks api POST '/accounting/account/{account_id}/users/clients' -F client.organization=Acme
  freshbooks api GET '/accounting/account/{account_id}/invoices/invoices' --paginate`,
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.api(cmd.Context(), strings.ToUpper(args[0]), args[1], o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&o.fields, "field", "F", nil, "a `key=value` field; true, false, null, numbers, [lists] and {objects} are JSON")
	f.StringArrayVarP(&o.rawFields, "raw-field", "f", nil, "a `key=value` field whose value is a string")
	f.StringVar(&o.input, "input", "", "the request body from a JSON `file` (\"-\": standard input)")
	f.BoolVar(&o.paginate, "paginate", false, "fetch every page of a list, printing each answer")
	return cmd
}

func (a *app) api(ctx context.Context, method, path string, o apiOptions) error {
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return usagef("bad METHOD %q: use GET, POST, PUT, PATCH or DELETE", method)
	}
	if o.paginate && method != http.MethodGet {
		return usagef("--paginate works with GET only")
	}
	if a.format() == formatCSV {
		return usagef("api prints JSON or YAML, not csv")
	}
	fields, err := parseFields(o.fields, o.rawFields)
	if err != nil {
		return err
	}
	c, err := a.client(ctx)
	if err != nil {
		return err
	}
	if strings.Contains(path, "{") {
		o, err := a.resolveOwner(ctx, c)
		if err != nil {
			return err
		}
		path = strings.NewReplacer("{account_id}", url.PathEscape(string(o.Account)),
			"{business_id}", o.Business.String(), "{business_uuid}", url.PathEscape(string(o.BusinessUUID))).Replace(path)
	}
	p, rawQuery, _ := strings.Cut(path, "?")
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return usagef("bad query in PATH: %v", err)
	}
	var body any
	if method == http.MethodGet || method == http.MethodDelete {
		if o.input != "" {
			return usagef("--input: %s sends no body", method)
		}
		for _, f := range fields {
			query.Add(f.key, f.text)
		}
	} else if body, err = a.body(o.input, fields); err != nil {
		return err
	}
	if method == http.MethodDelete {
		if err := a.confirm("DELETE " + p); err != nil {
			return err
		}
	}
	out := a.jsonWriter()
	for {
		target := p
		if len(query) > 0 {
			target += "?" + query.Encode()
		}
		var raw []byte
		if err := c.Do(ctx, method, target, body, &raw); err != nil {
			return err
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			if err := out.Write(raw); err != nil {
				return err
			}
		}
		n, pages := pageInfo(raw)
		if !o.paginate || n == 0 || n >= pages {
			break
		}
		query.Set("page", strconv.Itoa(n+1))
	}
	return out.Close()
}

// jsonWriter prints whole answers: one JSON line each, indented on a
// terminal, or YAML.
func (a *app) jsonWriter() recordWriter {
	if a.format() == formatTable {
		return &indented{w: a.stdout}
	}
	return a.records(nil)
}

// indented writes JSON indented for a person.
type indented struct{ w io.Writer }

func (i *indented) Write(rec json.RawMessage) error {
	var b bytes.Buffer
	if err := json.Indent(&b, rec, "", "  "); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	b.WriteByte('\n')
	_, err := i.w.Write(b.Bytes())
	return err
}

func (i *indented) Close() error { return nil }

// pageInfo finds the paging of a list answer, wherever its family puts
// it (response.result, meta, or the top level): page and pages, or 0.
func pageInfo(raw []byte) (page, pages int) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return 0, 0
	}
	var walk func(any, int) bool
	walk = func(v any, depth int) bool {
		obj, ok := v.(map[string]any)
		if !ok || depth > 3 {
			return false
		}
		p, ok1 := obj["page"].(json.Number)
		ps, ok2 := obj["pages"].(json.Number)
		if ok1 && ok2 {
			pi, _ := p.Int64()
			psi, _ := ps.Int64()
			page, pages = int(pi), int(psi)
			return true
		}
		for _, child := range obj {
			if walk(child, depth+1) {
				return true
			}
		}
		return false
	}
	walk(v, 0)
	return page, pages
}

// apiField is one -F or -f field: its JSON value and its text for a
// query.
type apiField struct {
	key   string
	value any
	text  string
}

// parseFields reads key=value fields; -F values are JSON when they are
// true, false, null, a number, a list or an object.
func parseFields(typed, raw []string) ([]apiField, error) {
	var out []apiField
	for i, kv := range append(append([]string(nil), typed...), raw...) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("bad field %q: use key=value", kv)
		}
		f := apiField{key: k, value: v, text: v}
		if i < len(typed) {
			switch {
			case v == "true", v == "false", v == "null", (strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{")) && json.Valid([]byte(v)):
				f.value = json.RawMessage(v)
			case json.Valid([]byte(v)) && isNumber(v):
				f.value = json.Number(v)
			}
		}
		out = append(out, f)
	}
	return out, nil
}

func isNumber(s string) bool { return s != "" && strings.Trim(s, "-+.0123456789eE") == "" }

// body builds a JSON body from --input and the fields, set into it by
// their dotted names.
func (a *app) body(input string, fields []apiField) (json.RawMessage, error) {
	obj := map[string]any{}
	if input != "" {
		data, err := a.readInput(input)
		if err != nil {
			return nil, err
		}
		if len(fields) == 0 {
			if !json.Valid(data) {
				return nil, usagef("--input %s is not JSON", input)
			}
			return data, nil
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			return nil, usagef("--input %s is not a JSON object: %v", input, err)
		}
	}
	for _, f := range fields {
		if err := setPath(obj, f.key, f.value); err != nil {
			return nil, err
		}
	}
	return json.Marshal(obj)
}

// setPath sets obj's member at a dotted path, making the objects between.
func setPath(obj map[string]any, path string, v any) error {
	names := strings.Split(path, ".")
	for _, name := range names[:len(names)-1] {
		next, ok := obj[name].(map[string]any)
		if !ok {
			if _, taken := obj[name]; taken {
				return usagef("field %q: %q is not an object", path, name)
			}
			next = map[string]any{}
			obj[name] = next
		}
		obj = next
	}
	obj[names[len(names)-1]] = v
	return nil
}

// readInput reads --input: a file, or standard input for "-".
func (a *app) readInput(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(a.stdin)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, usageError{fmt.Errorf("--input: %w", err)}
	}
	return data, nil
}

// errCancelled is a destructive operation the user declined.
var errCancelled = errors.New("cancelled")

// confirm asks before a destructive operation: on a terminal it asks, elsewhere
// it needs --yes.
func (a *app) confirm(what string) error {
	if a.flags.yes || a.flags.dryRun {
		return nil
	}
	if !a.stdinTTY || !a.stderrTTY {
		return usagef("%s needs --yes (there is no terminal to ask on)", what)
	}
	fmt.Fprintf(a.stderr, "%s? [y/N] ", what)
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return errCancelled
}
