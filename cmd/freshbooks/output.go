package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Output formats.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatYAML  = "yaml"
	formatCSV   = "csv"
)

func (a *app) checkOutput() error {
	switch a.flags.output {
	case "", formatTable, formatJSON, formatYAML, formatCSV:
		return nil
	}
	return usagef("bad --output %q: use table, json, yaml or csv", a.flags.output)
}

// format is the output format: -o, else a table on a terminal and JSON
// otherwise.
func (a *app) format() string {
	switch {
	case a.flags.output != "":
		return a.flags.output
	case a.stdoutTTY:
		return formatTable
	}
	return formatJSON
}

// A recordWriter prints records, given in their wire form, one at a
// time: JSON lines, YAML documents and CSV rows stream; a table is
// printed in blocks.
type recordWriter interface {
	Write(rec json.RawMessage) error
	Close() error
}

// records returns the writer of the output format; cols are a table's
// columns (nil: chosen from the first record).
func (a *app) records(cols []column) recordWriter {
	switch a.format() {
	case formatJSON:
		return &jsonLines{w: a.stdout}
	case formatYAML:
		enc := yaml.NewEncoder(a.stdout)
		enc.SetIndent(2)
		return &yamlDocs{enc: enc}
	case formatCSV:
		return &csvRows{w: csv.NewWriter(a.stdout), warn: a.stderr}
	}
	return &table{w: a.stdout, cols: cols}
}

// printValue prints one value: as JSON or YAML, or as text for the
// table and CSV formats.
func (a *app) printValue(v any, text func(io.Writer) error) error {
	switch a.format() {
	case formatJSON, formatYAML:
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return a.printRecord(data, nil)
	}
	return text(a.stdout)
}

// jsonLines writes each record as one line of JSON, as FreshBooks sent
// it: members, order and numbers untouched.
type jsonLines struct {
	w   io.Writer
	buf bytes.Buffer
}

func (j *jsonLines) Write(rec json.RawMessage) error {
	j.buf.Reset()
	if err := json.Compact(&j.buf, rec); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	j.buf.WriteByte('\n')
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

func (j *jsonLines) Close() error { return nil }

// yamlDocs writes each record as a YAML document, members in their wire
// order, numbers as written.
type yamlDocs struct{ enc *yaml.Encoder }

func (y *yamlDocs) Write(rec json.RawMessage) error {
	n, err := yamlNode(rec)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return y.enc.Encode(n)
}

func (y *yamlDocs) Close() error { return y.enc.Close() }

// yamlNode converts a JSON value to a YAML node, losing nothing.
func yamlNode(raw json.RawMessage) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var value func() (*yaml.Node, error)
	value = func() (*yaml.Node, error) {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case json.Delim:
			n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			if t == '{' {
				n = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			}
			for dec.More() {
				if n.Kind == yaml.MappingNode {
					k, err := dec.Token()
					if err != nil {
						return nil, err
					}
					n.Content = append(n.Content, scalar("!!str", k.(string)))
				}
				v, err := value()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, v)
			}
			_, err := dec.Token() // the closing delimiter
			return n, err
		case string:
			return scalar("!!str", t), nil
		case json.Number:
			if strings.ContainsAny(t.String(), ".eE") {
				return scalar("!!float", t.String()), nil
			}
			return scalar("!!int", t.String()), nil
		case bool:
			return scalar("!!bool", fmt.Sprint(t)), nil
		}
		return scalar("!!null", "null"), nil
	}
	return value()
}

func scalar(tag, v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v} }

// csvRows writes records as CSV rows, nested members flattened to dotted
// names (amount.amount, amount.code), lists as JSON. The first record's
// members are the header.
type csvRows struct {
	w      *csv.Writer
	warn   io.Writer
	header []string
	index  map[string]int
	warned map[string]bool
}

func (c *csvRows) Write(rec json.RawMessage) error {
	var fields []field
	if err := flatten("", rec, &fields); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if c.header == nil {
		c.index, c.warned = map[string]int{}, map[string]bool{}
		for _, f := range fields {
			c.index[f.name] = len(c.header)
			c.header = append(c.header, f.name)
		}
		if err := c.w.Write(c.header); err != nil {
			return err
		}
	}
	row := make([]string, len(c.header))
	for _, f := range fields {
		i, ok := c.index[f.name]
		if !ok {
			if !c.warned[f.name] {
				c.warned[f.name] = true
				fmt.Fprintf(c.warn, "freshbooks: csv: %q is not a column (the first record has none), left out\n", f.name)
			}
			continue
		}
		row[i] = f.value
	}
	if err := c.w.Write(row); err != nil {
		return err
	}
	c.w.Flush() // rows stream
	return c.w.Error()
}

func (c *csvRows) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// field is one flattened member.
type field struct{ name, value string }

// flatten appends the members of raw, nested objects with dotted names.
func flatten(prefix string, raw json.RawMessage, out *[]field) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' || bytes.Equal(raw, []byte("{}")) {
		*out = append(*out, field{strings.TrimSuffix(prefix, "."), text(raw)})
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		if err := flatten(prefix+k.(string)+".", v, out); err != nil {
			return err
		}
	}
	return nil
}

// text is a JSON scalar as a person reads it: strings unquoted, null
// empty; objects and lists stay JSON.
func text(raw json.RawMessage) string {
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return ""
	case raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case raw[0] == '{' || raw[0] == '[':
		var b bytes.Buffer
		if json.Compact(&b, raw) == nil {
			return b.String()
		}
	}
	return string(raw)
}

// tableBlock is how many rows a table holds before printing them: the
// widths of the first block set the columns.
const tableBlock = 500

// table prints records as aligned columns, money right-aligned.
type table struct {
	w       io.Writer
	cols    []column
	rows    [][]string
	widths  []int
	printed bool
}

func (t *table) Write(rec json.RawMessage) error {
	if t.cols == nil {
		t.cols = guessColumns(rec)
	}
	row := make([]string, len(t.cols))
	for i, c := range t.cols {
		row[i] = c.cell(rec)
	}
	t.rows = append(t.rows, row)
	if len(t.rows) >= tableBlock {
		return t.flush()
	}
	return nil
}

func (t *table) flush() error {
	if len(t.rows) == 0 {
		return nil
	}
	var b strings.Builder
	if !t.printed {
		t.widths = make([]int, len(t.cols))
		header := make([]string, len(t.cols))
		for i, c := range t.cols {
			header[i] = c.header
			t.widths[i] = utf8.RuneCountInString(c.header)
		}
		for _, row := range t.rows {
			for i, cell := range row {
				t.widths[i] = max(t.widths[i], utf8.RuneCountInString(cell))
			}
		}
		t.line(&b, header)
		t.printed = true
	}
	for _, row := range t.rows {
		t.line(&b, row)
	}
	t.rows = t.rows[:0]
	_, err := io.WriteString(t.w, b.String())
	return err
}

func (t *table) line(b *strings.Builder, cells []string) {
	var l strings.Builder
	for i, cell := range cells {
		if i > 0 {
			l.WriteString("  ")
		}
		pad := strings.Repeat(" ", max(0, t.widths[i]-utf8.RuneCountInString(cell)))
		if t.cols[i].right {
			l.WriteString(pad + cell)
		} else if i < len(cells)-1 {
			l.WriteString(cell + pad)
		} else {
			l.WriteString(cell)
		}
	}
	b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
}

func (t *table) Close() error { return t.flush() }
