package mcpserver

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/freshbooks-go/freshbooks"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// A tool is one MCP tool made from the catalogue: its name, schema and
// description, and what a call does.
type tool struct {
	name  string
	res   freshbooks.Resource
	write bool // it changes data: listed only when writes are allowed
	input *schema
	desc  string
	ann   *mcp.ToolAnnotations
	run   func(ctx context.Context, c *call) (result, error)
}

// A call is one tool call with checked arguments, against the records of
// the business it names.
type call struct {
	res     freshbooks.Resource
	args    map[string]any
	records *freshbooks.RecordsService
}

// result is what a successful call returns: structured content, the
// records in their wire form, and its compact text rendering.
type result struct {
	structured any
	text       string
}

// Arguments every list takes, besides the resource's filters.
const (
	argCursor  = "cursor"
	argPerPage = "per_page"
	argFields  = "fields"
	argID      = "id"
	argRecord  = "record"
	argInclude = "include"
	argSort    = "sort"
	argDesc    = "sort_desc"
)

// DefaultPerPage is how many records a list returns when per_page is not
// given.
const DefaultPerPage = 25

// snake turns a catalogue name ("time-entries", "mark-sent") into the
// snake case of tool names.
func snake(name string) string { return strings.ReplaceAll(name, "-", "_") }

// actionToolName names an action's tool, verb first: the action's first
// word, the record's single name, then the rest of the action's name
// (send → send_invoice, mark-sent → mark_invoice_sent, share-link →
// share_invoice_link, resend-verification →
// resend_callback_verification). An action that reads something of the
// whole resource rather than of one record (a GET not on an item) is
// get_<single>_<name> (abilities → get_project_abilities). Reports are
// report_<name> (profit-loss → report_profit_loss).
func actionToolName(r freshbooks.Resource, a freshbooks.Action) string {
	switch {
	case r.Family == freshbooks.FamilyReports:
		return "report_" + snake(a.Name)
	case a.Method == "GET" && !a.OnItem:
		return "get_" + r.Single + "_" + snake(a.Name)
	}
	verb, rest, _ := strings.Cut(a.Name, "-")
	if rest == "" {
		return verb + "_" + r.Single
	}
	return verb + "_" + r.Single + "_" + snake(rest)
}

// fileActions move files, which JSON tool arguments do not carry; they
// have no tools.
var fileActions = []string{"upload", "download"}

// toolsFor returns the tools of resources, with the write tools only
// when allowWrites is set.
func toolsFor(resources []freshbooks.Resource, allowWrites bool) []*tool {
	var out []*tool
	for _, r := range resources {
		for _, t := range resourceTools(r) {
			if allowWrites || !t.write {
				out = append(out, t)
			}
		}
	}
	return out
}

// annotations returns a tool's hints. Reads are read-only; of writes,
// updates and deletes are destructive and idempotent, creates and actions
// neither.
func annotations(title string, readOnly, destructive, idempotent bool) *mcp.ToolAnnotations {
	return &mcp.ToolAnnotations{Title: title, ReadOnlyHint: readOnly, DestructiveHint: &destructive, IdempotentHint: idempotent || readOnly}
}

// resourceTools returns every tool of one resource.
func resourceTools(r freshbooks.Resource) []*tool {
	var out []*tool
	add := func(t *tool) {
		t.res = r
		t.input.Properties[ownerArg(r)] = ownerSchema(r)
		out = append(out, t)
	}
	id, one := idSchema(r.Single), withArticle(human(r.Single))
	const cost = "Cost: one FreshBooks API request."
	scope := scopeNote
	restorable := r.Has(freshbooks.VerbRestore)
	if r.Has(freshbooks.VerbList) {
		add(listTool(r))
	}
	if r.Has(freshbooks.VerbGet) {
		props := map[string]*schema{argID: id}
		includeProperty(props, r)
		add(&tool{name: "get_" + r.Single, input: object(props, argID),
			desc: fmt.Sprintf("Get %s (%s) by id: every member, in FreshBooks' wire form. %s%s%s", one, r.Doc, notes[r.Name], cost, scope(r.ReadScope)),
			ann:  annotations("Get "+human(r.Single), true, false, true), run: runGet})
	}
	if r.Has(freshbooks.VerbCreate) {
		add(&tool{name: "create_" + r.Single, write: true,
			input: object(map[string]*schema{argRecord: recordSchema(r.Model, "the new "+human(r.Single)+", in FreshBooks' wire form")}, argRecord),
			desc:  fmt.Sprintf("Create %s (%s) from its wire form; returns it as created. %s%s%s", one, r.Doc, notes[r.Name], cost, scope(r.WriteScope)),
			ann:   annotations("Create "+human(r.Single), false, false, false), run: runCreate})
	}
	if r.Has(freshbooks.VerbUpdate) {
		add(&tool{name: "update_" + r.Single, write: true,
			input: object(map[string]*schema{argID: id, argRecord: recordSchema(r.Model, "the members to change; the others stay as they are")}, argID, argRecord),
			desc:  fmt.Sprintf("Change members of %s (%s); returns it as changed. %s%s", one, r.Doc, cost, scope(r.WriteScope)),
			ann:   annotations("Update "+human(r.Single), false, true, true), run: runUpdate})
	}
	if r.Has(freshbooks.VerbDelete) {
		how := "FreshBooks removes it for good."
		if restorable {
			how = "FreshBooks marks it deleted; restore_" + r.Single + " brings it back."
		}
		add(&tool{name: "delete_" + r.Single, write: true, input: object(map[string]*schema{argID: id}, argID),
			desc: fmt.Sprintf("Delete %s (%s). %s %s%s", one, r.Doc, how, cost, scope(r.WriteScope)),
			ann:  annotations("Delete "+human(r.Single), false, !restorable, true), run: runDelete})
	}
	if r.Has(freshbooks.VerbArchive) {
		add(&tool{name: "archive_" + r.Single, write: true, input: object(map[string]*schema{argID: id}, argID),
			desc: fmt.Sprintf("Archive %s (%s): hidden from default lists, kept, restorable. %s%s", one, r.Doc, cost, scope(r.WriteScope)),
			ann:  annotations("Archive "+human(r.Single), false, false, true), run: runArchive})
	}
	if restorable {
		add(&tool{name: "restore_" + r.Single, write: true, input: object(map[string]*schema{argID: id}, argID),
			desc: fmt.Sprintf("Make a deleted or archived %s (%s) active again. %s%s", human(r.Single), r.Doc, cost, scope(r.WriteScope)),
			ann:  annotations("Restore "+human(r.Single), false, false, true), run: runRestore})
	}
	for _, a := range r.Actions {
		if !slices.Contains(fileActions, a.Name) {
			add(actionTool(r, a))
		}
	}
	return out
}

// listTool is the list_<name> tool of r.
func listTool(r freshbooks.Resource) *tool {
	perPage := integerOf(fmt.Sprintf("records per page, 1 to %d", freshbooks.MaxPerPage))
	lo, hi := 1.0, float64(freshbooks.MaxPerPage)
	perPage.Minimum, perPage.Maximum, perPage.Default = &lo, &hi, DefaultPerPage
	props := map[string]*schema{
		argCursor:  stringOf("the next_cursor of the previous page, to read the next one; give the same other arguments"),
		argPerPage: perPage,
		argFields: {Type: "array", Items: &schema{Type: "string"},
			Description: `the members to return for each record, such as ["id", "lines"]; ["*"] for every member. Default: the plain (non-nested), non-empty members`},
	}
	filterProperties(props, r.Filters)
	includeProperty(props, r)
	if len(r.Sorts) > 0 {
		props[argSort] = &schema{Type: "string", Enum: append([]string(nil), r.Sorts...), Description: "the member to sort by"}
		props[argDesc] = booleanOf("sort in descending order")
	}
	var names []string
	for k := range props {
		if k != argCursor && k != argPerPage && k != argFields && k != argInclude && k != argSort && k != argDesc {
			names = append(names, k)
		}
	}
	filters := "It takes no filters."
	if len(names) > 0 {
		slices.Sort(names)
		filters = "Filters (each described in the input schema): " + strings.Join(names, ", ") + "."
	}
	return &tool{name: "list_" + snake(r.Name), input: object(props),
		desc: fmt.Sprintf("List %s, %d per page unless per_page says (at most %d), with how many there are in all and a next_cursor while more remain. %s %s"+
			"Cost: one FreshBooks API request per page.%s", r.Doc, DefaultPerPage, freshbooks.MaxPerPage, filters, notes[r.Name], scopeNote(r.ReadScope)),
		ann: annotations("List "+human(r.Name), true, false, true), run: runList}
}

// actionTool is the tool of action a of r.
func actionTool(r freshbooks.Resource, a freshbooks.Action) *tool {
	props := map[string]*schema{}
	var required []string
	if a.OnItem {
		props[argID] = idSchema(r.Single)
		required = append(required, argID)
	}
	model := typeSchema(r.Model, 0)
	for _, in := range a.Inputs {
		props[in] = inputSchema(model, in)
	}
	read := a.Method == "GET"
	name, scope := actionToolName(r, a), r.WriteScope
	if read {
		scope = r.ReadScope
	}
	return &tool{name: name, write: !read, input: object(props, required...),
		desc: fmt.Sprintf("%s (%s). %sCost: one FreshBooks API request.%s", capitalize(a.Doc), r.Doc, notes[name], scopeNote(scope)),
		ann:  annotations(capitalize(strings.ReplaceAll(name, "_", " ")), read, false, read),
		run:  func(ctx context.Context, c *call) (result, error) { return runAction(ctx, c, a) }}
}

// inputSchema is the schema of an action's input member: the model's
// member of that name when it has one; else the type of FreshBooks'
// parameter of that name; else any JSON value.
func inputSchema(model *schema, name string) *schema {
	if p := model.Properties[name]; p != nil {
		return p
	}
	if p := actionInputs[name]; p != nil {
		return p()
	}
	if strings.HasSuffix(name, "_date") {
		return dateOf("")
	}
	return &schema{Description: "as FreshBooks takes it"}
}

// actionInputs are the types of the actions' parameters that no model
// has, from the API reference.
var actionInputs = map[string]func() *schema{
	"email_recipients": func() *schema {
		return &schema{Type: "array", Items: stringOf("an email address"), Description: "who receives the email"}
	},
	"email_include_pdf": func() *schema { return booleanOf("attach the PDF") },
	"invoice_customized_email": func() *schema {
		return &schema{Type: "object", Description: "the email's own subject and body", Properties: map[string]*schema{"subject": stringOf(""), "body": stringOf("")}}
	},
	"estimate_customized_email": func() *schema {
		return &schema{Type: "object", Description: "the email's own subject and body", Properties: map[string]*schema{"subject": stringOf(""), "body": stringOf("")}}
	},
	"currency_code":  func() *schema { return stringOf("a currency code, such as USD; default: the business's") },
	"resolution":     func() *schema { return stringOf(`the period of each column, such as "monthly"`) },
	"clientids":      func() *schema { return &schema{Type: "array", Items: integerOf(""), Description: "only these clients"} },
	"payment_method": func() *schema { return stringOf(`only this payment type, such as "Check"`) },
	"cash_based":     func() *schema { return booleanOf("cash basis instead of accrual") },
	"verifier":       func() *schema { return stringOf("the verifier FreshBooks sent to the callback's URI") },
}

// includeProperty adds the include argument when r has includes.
func includeProperty(props map[string]*schema, r freshbooks.Resource) {
	if len(r.Includes) > 0 {
		props[argInclude] = &schema{Type: "array", Items: &schema{Type: "string", Enum: append([]string(nil), r.Includes...)},
			Description: "related data to add to each record"}
	}
}

// idSchema is the schema of a record's id: FreshBooks' ids are numbers,
// a few are text.
func idSchema(single string) *schema {
	return &schema{Type: []string{"string", "integer"}, Description: "the " + human(single) + "'s id"}
}

// ownerArg is the argument that names the business a call is about.
func ownerArg(r freshbooks.Resource) string {
	if r.Scope == freshbooks.AccountScoped {
		return "account_id"
	}
	return "business_id"
}

func ownerSchema(r freshbooks.Resource) *schema {
	if r.Scope == freshbooks.AccountScoped {
		return stringOf("the business's account id; default: the one whoami names")
	}
	return integerOf("the business's id; default: the one whoami names")
}

func scopeNote(s string) string {
	if s == "" {
		return ""
	}
	return " Needs the OAuth scope " + s + "."
}

// human turns a JSON key or catalogue name into words: "time entry".
func human(name string) string {
	return strings.NewReplacer("_", " ", "-", " ").Replace(name)
}

// withArticle puts "a" or "an" before a noun.
func withArticle(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// notes say what the catalogue does not: what statuses and amounts mean,
// so that an assistant reads the records right. Keyed by resource name
// or tool name.
var notes = map[string]string{
	"invoices": "An invoice is unpaid while its outstanding amount is above zero: payment_status is \"unpaid\" (nothing paid yet) or \"partial\"; " +
		"\"paid\" and \"auto-paid\" mean settled. outstanding is what the client still owes, amount the total, paid the sum of payments; " +
		"v3_status \"overdue\" marks an unpaid invoice past its due_date. A new invoice is a draft until sent or marked sent; creating one needs customerid and create_date. ",
	"time-entries": "duration is in seconds (two hours: 7200); started_at is an instant in UTC; is_logged true for logged time, false for a running timer. " +
		"Log time on a project with project_id (and service_id for billing). ",
	"payments":     "amount is a money object {\"amount\": \"100.00\", \"code\": \"USD\"}; invoiceid names the invoice paid. ",
	"send_invoice": "This emails the client: only do it when the user asked to send. ",
}

// runList reads one page of records.
func runList(ctx context.Context, c *call) (result, error) {
	q, err := newListQuery(c.res, c.args)
	if err != nil {
		return result{}, err
	}
	page, err := c.records.List(ctx, q.options...)
	if err != nil {
		return result{}, err
	}
	return q.render(page)
}

// runGet reads one record.
func runGet(ctx context.Context, c *call) (result, error) {
	return c.record(c.records.Get(ctx, idArg(c.args), includeOptions(c.res, c.args)...))
}

func runCreate(ctx context.Context, c *call) (result, error) {
	return c.record(c.records.Create(ctx, recordArg(c.args)))
}

func runUpdate(ctx context.Context, c *call) (result, error) {
	return c.record(c.records.Update(ctx, idArg(c.args), recordArg(c.args)))
}

func runArchive(ctx context.Context, c *call) (result, error) {
	return c.record(c.records.Archive(ctx, idArg(c.args)))
}

func runRestore(ctx context.Context, c *call) (result, error) {
	return c.record(c.records.Restore(ctx, idArg(c.args)))
}

func runDelete(ctx context.Context, c *call) (result, error) {
	id := idArg(c.args)
	if err := c.records.Delete(ctx, id); err != nil {
		return result{}, err
	}
	out := map[string]any{"deleted": true, argID: id, "restorable": c.res.Has(freshbooks.VerbRestore)}
	return result{out, fmt.Sprintf("%s %s deleted", human(c.res.Single), id)}, nil
}

// record is the result of a call that returns one record.
func (c *call) record(rec json.RawMessage, err error) (result, error) {
	if err != nil {
		return result{}, err
	}
	return recordResult(c.res, rec), nil
}

// runAction runs an action; its answer is returned as FreshBooks sent it.
func runAction(ctx context.Context, c *call, a freshbooks.Action) (result, error) {
	input := map[string]any{}
	for _, in := range a.Inputs {
		if v, ok := c.args[in]; ok {
			input[in] = plainValue(v)
		}
	}
	var id string
	if a.OnItem {
		id = idArg(c.args)
	}
	out, err := c.records.Act(ctx, a.Name, id, input)
	if err != nil {
		return result{}, err
	}
	if out == nil {
		out = json.RawMessage(`{}`)
	}
	return result{map[string]any{"result": out}, a.Doc + ": done\n" + compact(out, maxText)}, nil
}

// plainValue turns decoded arguments back into the types the library
// formats: json.Number to its integer or float.
func plainValue(v any) any {
	switch v := v.(type) {
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n
		}
		f, _ := v.Float64()
		return f
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plainValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = plainValue(e)
		}
		return out
	}
	return v
}

// idArg is the id argument as the text Records takes.
func idArg(args map[string]any) string {
	switch v := args[argID].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

// recordArg is the record argument in wire form; the numbers in it keep
// their exact text.
func recordArg(args map[string]any) json.RawMessage {
	b, _ := json.Marshal(args[argRecord]) // decoded JSON always encodes
	return b
}
