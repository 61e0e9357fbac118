package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/freshbooks-go/freshbooks"
	"github.com/spf13/cobra"
)

// resourceCommands returns one command per resource of the library's
// catalogue, each with exactly the resource's verbs and actions. There is
// no per-resource code: a resource added to the catalogue appears here.
func (a *app) resourceCommands() []*cobra.Command {
	var cmds []*cobra.Command
	for _, r := range freshbooks.Resources() {
		cmd := group(r.Name, r.Doc)
		cmd.GroupID = "resources"
		cmd.Long = fmt.Sprintf("%s (%s, %s scope).\n\nReading needs the OAuth scope %q%s.",
			capitalize(r.Doc), r.Family, r.Scope, r.ReadScope, writeScope(r))
		for _, v := range r.Verbs {
			cmd.AddCommand(a.verbCommand(r, v))
		}
		for _, act := range r.Actions {
			cmd.AddCommand(a.actionCommand(r, act))
		}
		cmds = append(cmds, cmd)
	}
	return cmds
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func writeScope(r freshbooks.Resource) string {
	if r.WriteScope == "" {
		return ""
	}
	return fmt.Sprintf(", writing %q", r.WriteScope)
}

// records returns the wire-form service of r for the current business.
func (a *app) recordsOf(ctx context.Context, r freshbooks.Resource) (*freshbooks.RecordsService, error) {
	c, err := a.client(ctx)
	if err != nil {
		return nil, err
	}
	o, err := a.resolveOwner(ctx, c)
	if err != nil {
		return nil, err
	}
	return c.Records(r.Name, o)
}

// writeOptions are the flags of the verbs and actions that send a record.
type writeOptions struct {
	fields    []string
	rawFields []string
	clear     []string
	input     string
}

func (o *writeOptions) flags(cmd *cobra.Command, clear bool) {
	f := cmd.Flags()
	f.StringArrayVarP(&o.fields, "field", "F", nil, "set a member, `key=value` (dotted keys nest; true, false, null, numbers, [lists] and {objects} are JSON)")
	f.StringArrayVarP(&o.rawFields, "raw-field", "f", nil, "set a member to a string, `key=value`")
	f.StringVar(&o.input, "input", "", "the record, as JSON in its wire form, from a `file` (\"-\": standard input)")
	if clear {
		f.StringArrayVar(&o.clear, "clear", nil, "empty a `member` (sent as \"\")")
	}
}

// record builds the record the flags describe.
func (a *app) record(o writeOptions) (json.RawMessage, error) {
	fields, err := parseFields(o.fields, o.rawFields)
	if err != nil {
		return nil, err
	}
	for _, name := range o.clear {
		fields = append(fields, apiField{key: name, value: ""})
	}
	if o.input == "" && len(fields) == 0 {
		return nil, usagef("nothing to send: give --input or -F key=value")
	}
	return a.body(o.input, fields)
}

// verbDoc is the one-line help of verb v of the resource called name.
func verbDoc(v freshbooks.Verb, name string) string {
	switch v {
	case freshbooks.VerbList:
		return "List " + name
	case freshbooks.VerbUpdate:
		return "Change one of the " + name + " (only the members given)"
	case freshbooks.VerbRestore:
		return "Restore one of the " + name + " from the archive or the bin"
	}
	return capitalize(string(v)) + " one of the " + name
}

func (a *app) verbCommand(r freshbooks.Resource, v freshbooks.Verb) *cobra.Command {
	cmd := &cobra.Command{Use: string(v) + " ID", Short: verbDoc(v, r.Name), Args: usageArgs(cobra.ExactArgs(1))}
	switch v {
	case freshbooks.VerbList:
		return a.listCommand(r)
	case freshbooks.VerbGet:
		var includes []string
		cmd.Flags().StringSliceVar(&includes, "include", nil, "related data to add, comma-separated"+choices(r.Includes))
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			return a.one(cmd.Context(), r, func(s *freshbooks.RecordsService) (json.RawMessage, error) {
				opts, err := includeOptions(r, includes)
				if err != nil {
					return nil, err
				}
				return s.Get(cmd.Context(), args[0], opts...)
			})
		}
	case freshbooks.VerbCreate:
		var o writeOptions
		o.flags(cmd, false)
		cmd.Use, cmd.Args = string(v), noArgs
		cmd.Example = fmt.Sprintf("  freshbooks %s create --input record.json\n  freshbooks %s create -F key=value ...", r.Name, r.Name)
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			rec, err := a.record(o)
			if err != nil {
				return err
			}
			return a.one(cmd.Context(), r, func(s *freshbooks.RecordsService) (json.RawMessage, error) {
				return s.Create(cmd.Context(), rec)
			})
		}
	case freshbooks.VerbUpdate:
		var o writeOptions
		o.flags(cmd, true)
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			rec, err := a.record(o)
			if err != nil {
				return err
			}
			return a.one(cmd.Context(), r, func(s *freshbooks.RecordsService) (json.RawMessage, error) {
				return s.Update(cmd.Context(), args[0], rec)
			})
		}
	case freshbooks.VerbDelete:
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			if err := a.confirm(fmt.Sprintf("Delete %s %s", r.Name, args[0])); err != nil {
				return err
			}
			s, err := a.recordsOf(cmd.Context(), r)
			if err != nil {
				return err
			}
			if err := s.Delete(cmd.Context(), args[0]); err != nil {
				return err
			}
			a.notef("Deleted %s %s.\n", r.Name, args[0])
			return nil
		}
	case freshbooks.VerbArchive, freshbooks.VerbRestore:
		cmd.RunE = func(cmd *cobra.Command, args []string) error {
			if v == freshbooks.VerbArchive {
				if err := a.confirm(fmt.Sprintf("Archive %s %s", r.Name, args[0])); err != nil {
					return err
				}
			}
			return a.one(cmd.Context(), r, func(s *freshbooks.RecordsService) (json.RawMessage, error) {
				if v == freshbooks.VerbArchive {
					return s.Archive(cmd.Context(), args[0])
				}
				return s.Restore(cmd.Context(), args[0])
			})
		}
	}
	return cmd
}

// choices lists the accepted values in a flag's help, when known.
func choices(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return " (" + strings.Join(names, ", ") + ")"
}

// one runs a call that answers one record, and prints it.
func (a *app) one(ctx context.Context, r freshbooks.Resource, call func(*freshbooks.RecordsService) (json.RawMessage, error)) error {
	s, err := a.recordsOf(ctx, r)
	if err != nil {
		return err
	}
	rec, err := call(s)
	if err != nil || rec == nil {
		return err
	}
	return a.printRecord(rec, tableColumns(r.Name))
}

// printRecord prints one record in the output format.
func (a *app) printRecord(rec json.RawMessage, cols []column) error {
	w := a.records(cols)
	if err := w.Write(rec); err != nil {
		return err
	}
	return w.Close()
}

func (a *app) actionCommand(r freshbooks.Resource, act freshbooks.Action) *cobra.Command {
	cmd := &cobra.Command{Use: act.Name, Short: capitalize(act.Doc), Args: noArgs}
	if act.OnItem {
		cmd.Use += " ID"
		cmd.Args = usageArgs(cobra.ExactArgs(1))
	}
	switch act.Name {
	case "upload":
		cmd.Use, cmd.Args = "upload FILE", usageArgs(cobra.ExactArgs(1))
		cmd.RunE = func(cmd *cobra.Command, args []string) error { return a.upload(cmd.Context(), r, args[0]) }
		return cmd
	case "download":
		cmd.Use = "download JWT"
		var out string
		cmd.Flags().StringVarP(&out, "output-file", "O", "", "write the file here (default: standard output)")
		cmd.RunE = func(cmd *cobra.Command, args []string) error { return a.download(cmd.Context(), r, args[0], out) }
		return cmd
	}
	var fields, rawFields []string
	if len(act.Inputs) > 0 {
		cmd.Flags().StringArrayVarP(&fields, "field", "F", nil, "an input, `key=value`: "+strings.Join(act.Inputs, ", "))
		cmd.Flags().StringArrayVarP(&rawFields, "raw-field", "f", nil, "an input whose value is a string, `key=value`")
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		parsed, err := parseFields(fields, rawFields)
		if err != nil {
			return err
		}
		input := map[string]any{}
		for _, f := range parsed {
			if !slices.Contains(act.Inputs, f.key) {
				return usagef("%s %s takes no %q; it takes: %s", r.Name, act.Name, f.key, strings.Join(act.Inputs, ", "))
			}
			input[f.key] = jsonValue(f.value)
		}
		var id string
		if act.OnItem {
			id = args[0]
		}
		s, err := a.recordsOf(cmd.Context(), r)
		if err != nil {
			return err
		}
		out, err := s.Act(cmd.Context(), act.Name, id, input)
		if err != nil || out == nil {
			return err
		}
		return a.printRecord(out, tableColumns(r.Name))
	}
	return cmd
}

// jsonValue turns a field's value into what encoding/json writes as the
// same JSON.
func jsonValue(v any) any {
	if raw, ok := v.(json.RawMessage); ok {
		var out any
		_ = json.Unmarshal(raw, &out)
		return out
	}
	return v
}

func (a *app) upload(ctx context.Context, r freshbooks.Resource, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	s, err := a.recordsOf(ctx, r)
	if err != nil {
		return err
	}
	up, err := s.Upload(ctx, f.Name(), f)
	if err != nil {
		return err
	}
	data, err := json.Marshal(up)
	if err != nil {
		return err
	}
	return a.printRecord(data, nil)
}

func (a *app) download(ctx context.Context, r freshbooks.Resource, jwt, out string) error {
	s, err := a.recordsOf(ctx, r)
	if err != nil {
		return err
	}
	file, err := s.Download(ctx, jwt)
	if err != nil {
		return err
	}
	defer file.Close()
	w := a.stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	_, err = io.Copy(w, file)
	return err
}
