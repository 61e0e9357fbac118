// Package mcpserver serves FreshBooks to AI assistants over the Model
// Context Protocol, on the official Go SDK. Its tools are made from the
// library's catalogue ([freshbooks.Resources]): list_<name>, get_<single>,
// create_, update_, delete_, archive_ and restore_<single> where the
// resource has the verb, one tool per special action (see
// actionToolName), and whoami. Records are reached in their wire form
// through [freshbooks.Client.Records].
//
// The server is read-only unless [Options.AllowWrites] is set: write
// tools are not even listed. Every failure, FreshBooks' or the
// arguments', is a tool error (isError) that says what to do; no token or
// secret ever appears in a result or a log line.
package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Options configure a server.
type Options struct {
	// Owner is the business tool calls use unless they name another.
	// Missing ids are taken from the user's first business (or the one
	// whose account or business id is given).
	Owner freshbooks.Owner
	// AllowWrites lists the tools that create, change, delete or send.
	AllowWrites bool
	// Logger receives one record per tool call: the tool, the outcome and
	// how long it took, never arguments that could carry secrets. Nil
	// means no logging.
	Logger *slog.Logger
	// Version is the server's version as announced to clients.
	Version string
}

// server is the state behind the MCP server's tools.
type server struct {
	client *freshbooks.Client
	opts   Options
	log    *slog.Logger

	mu sync.Mutex
	me *freshbooks.Identity // the user, read once
}

// New returns an MCP server whose tools reach FreshBooks through client.
// Serve it with [ServeStdio] or [HTTPHandler], or connect it to any
// transport of the SDK.
func New(client *freshbooks.Client, opts Options) *mcp.Server {
	return newServer(client, opts, freshbooks.Resources())
}

// newServer is New with the tools of resources.
func newServer(client *freshbooks.Client, opts Options, resources []freshbooks.Resource) *mcp.Server {
	s := &server{client: client, opts: opts, log: opts.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	mode := "read-only: write tools are not available (the user starts the server with --allow-writes to allow them)"
	if opts.AllowWrites {
		mode = "writes allowed: create, update, delete and send tools change the user's real books; confirm with the user first"
	}
	srv := mcp.NewServer(&mcp.Implementation{Name: "freshbooks", Title: "FreshBooks", Version: opts.Version}, &mcp.ServerOptions{
		Instructions: "Tools for the user's FreshBooks books. Call whoami first: it names the businesses and the one each call uses by default. " +
			"Lists are paged (25 records unless per_page says, next_cursor for more) and say how many records exist in all. Money is a decimal string. This server is " + mode + ".",
		Logger: opts.Logger,
	})
	srv.AddTool(&mcp.Tool{Name: "whoami", Title: "Who am I",
		Description: "The signed-in FreshBooks user, their businesses (account id, business id, role), and the business each tool call uses by default. Cost: one FreshBooks API request the first time.",
		InputSchema: object(map[string]*schema{}),
		Annotations: annotations("Who am I", true, false, true),
	}, s.handle("whoami", object(map[string]*schema{}), func(ctx context.Context, _ map[string]any) (result, error) { return s.whoami(ctx) }))
	if !opts.AllowWrites {
		srv.AddReceivingMiddleware(refuseWrites(toolsFor(resources, true)))
	}
	for _, t := range toolsFor(resources, opts.AllowWrites) {
		srv.AddTool(&mcp.Tool{Name: t.name, Description: t.desc, InputSchema: t.input, Annotations: t.ann},
			s.handle(t.name, t.input, func(ctx context.Context, args map[string]any) (result, error) {
				records, err := s.records(ctx, t.res, args)
				if err != nil {
					return result{}, err
				}
				return t.run(ctx, &call{res: t.res, args: args, records: records})
			}))
	}
	return srv
}

// refuseWrites answers a call of a write tool, not listed on a read-only
// server, with a tool error that says how to allow it, rather than the
// protocol's "unknown tool".
func refuseWrites(tools []*tool) mcp.Middleware {
	writes := map[string]bool{}
	for _, t := range tools {
		writes[t.name] = t.write
	}
	return func(next mcp.MethodHandler) mcp.MethodHandler {
		return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
			if p, ok := req.GetParams().(*mcp.CallToolParamsRaw); ok && method == "tools/call" && writes[p.Name] {
				return toolError(fmt.Errorf("%w: %s changes the user's FreshBooks data, and this server is read-only", errReadOnly, p.Name)), nil
			}
			return next(ctx, method, req)
		}
	}
}

// errReadOnly marks a write tool called on a read-only server.
var errReadOnly = errors.New("writes are not allowed")

// handle makes the SDK handler of a tool: it checks the arguments against
// input, runs the tool, and turns every failure into a tool error.
func (s *server) handle(name string, input *schema, run func(context.Context, map[string]any) (result, error)) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (res *mcp.CallToolResult, _ error) {
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("tool panicked", "tool", name, "panic", fmt.Sprint(p))
				res = toolError(fmt.Errorf("internal error in the FreshBooks MCP server: %v", p))
			}
		}()
		args, err := decodeArgs(req.Params.Arguments)
		if err == nil {
			err = input.check("arguments", args)
			if err != nil {
				err = fmt.Errorf("%w: %w", errInput, err)
			}
		}
		var out result
		if err == nil {
			out, err = run(ctx, args)
		}
		if err != nil {
			s.log.Info("tool call failed", "tool", name, "duration", time.Since(start), "error", err.Error())
			return toolError(err), nil
		}
		s.log.Info("tool call", "tool", name, "duration", time.Since(start))
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: out.text}}, StructuredContent: out.structured}, nil
	}
}

// decodeArgs decodes a call's arguments, keeping numbers exact.
func decodeArgs(raw json.RawMessage) (map[string]any, error) {
	args := map[string]any{}
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return args, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&args); err != nil {
		return nil, fmt.Errorf("%w: the arguments must be a JSON object", errInput)
	}
	return args, nil
}

// identity returns the signed-in user, read once.
func (s *server) identity(ctx context.Context) (*freshbooks.Identity, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.me != nil {
		return s.me, nil
	}
	me, err := s.client.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	s.me = me
	return me, nil
}

// owner completes o from the user's businesses: the one o's account or
// business id names, else the first.
func (s *server) owner(ctx context.Context, o freshbooks.Owner) (freshbooks.Owner, error) {
	if o.Account != "" && o.Business != 0 && o.BusinessUUID != "" {
		return o, nil
	}
	me, err := s.identity(ctx)
	if err != nil {
		return o, err
	}
	var m *freshbooks.BusinessMembership
	switch {
	case o.Account != "":
		m = me.MembershipForAccount(o.Account)
	case o.Business != 0:
		m = me.MembershipForBusiness(o.Business)
	case len(me.BusinessMemberships) > 0:
		m = &me.BusinessMemberships[0]
	}
	if m == nil {
		if o.Account != "" || o.Business != 0 {
			return o, fmt.Errorf("%w: the user has no business with account id %q or business id %d; whoami lists theirs", errInput, o.Account, o.Business)
		}
		return o, fmt.Errorf("%w: the user belongs to no business", errInput)
	}
	b := m.Business
	if o.Account == "" {
		o.Account = b.AccountID
	}
	if o.Business == 0 {
		o.Business = b.ID
	}
	if o.BusinessUUID == "" {
		o.BusinessUUID = b.BusinessUUID
	}
	return o, nil
}

// records opens r for the business the call names, or the default one.
func (s *server) records(ctx context.Context, r freshbooks.Resource, args map[string]any) (*freshbooks.RecordsService, error) {
	o := s.opts.Owner
	if v, ok := args["account_id"].(string); ok {
		o = freshbooks.Owner{Account: freshbooks.AccountID(v)}
	}
	if v, ok := args["business_id"].(json.Number); ok {
		n, err := v.Int64()
		if err != nil {
			return nil, fmt.Errorf("%w: business_id %s is not an id", errInput, v)
		}
		o = freshbooks.Owner{Business: freshbooks.BusinessID(n)}
	}
	o, err := s.owner(ctx, o)
	if err != nil {
		return nil, err
	}
	return s.client.Records(r.Name, o)
}

// whoamiResult is whoami's structured content.
type whoamiResult struct {
	User struct {
		ID    int64  `json:"id"`
		Name  string `json:"name"`
		Email string `json:"email"`
	} `json:"user"`
	Businesses []whoamiBusiness `json:"businesses"`
	Default    whoamiBusiness   `json:"default"`
	Writes     bool             `json:"writes_allowed"`
}

type whoamiBusiness struct {
	Name         string `json:"name,omitempty"`
	Role         string `json:"role,omitempty"`
	AccountID    string `json:"account_id"`
	BusinessID   int64  `json:"business_id"`
	BusinessUUID string `json:"business_uuid,omitempty"`
}

func (s *server) whoami(ctx context.Context) (result, error) {
	me, err := s.identity(ctx)
	if err != nil {
		return result{}, err
	}
	var out whoamiResult
	out.User.ID, out.User.Name, out.User.Email = int64(me.ID), me.FullName(), me.Email
	out.Writes = s.opts.AllowWrites
	out.Businesses = []whoamiBusiness{}
	var text strings.Builder
	fmt.Fprintf(&text, "%s <%s>\n", out.User.Name, out.User.Email)
	for _, m := range me.BusinessMemberships {
		b := m.Business
		out.Businesses = append(out.Businesses, whoamiBusiness{Name: b.Name, Role: string(m.Role),
			AccountID: string(b.AccountID), BusinessID: int64(b.ID), BusinessUUID: string(b.BusinessUUID)})
		fmt.Fprintf(&text, "business %q (%s): account_id=%s business_id=%d\n", b.Name, m.Role, b.AccountID, b.ID)
	}
	if o, err := s.owner(ctx, s.opts.Owner); err == nil {
		out.Default = whoamiBusiness{AccountID: string(o.Account), BusinessID: int64(o.Business), BusinessUUID: string(o.BusinessUUID)}
		if m := me.MembershipForAccount(o.Account); m != nil {
			out.Default.Name, out.Default.Role = m.Business.Name, string(m.Role)
		}
		fmt.Fprintf(&text, "tool calls use account_id=%s business_id=%d unless they name another\n", o.Account, o.Business)
	}
	if out.Writes {
		text.WriteString("writes are allowed\n")
	} else {
		text.WriteString("read-only: write tools are off\n")
	}
	return result{out, text.String()}, nil
}

// toolFailure is a failed call's structured content.
type toolFailure struct {
	Error struct {
		Message string                   `json:"message"`
		Status  int                      `json:"status,omitempty"`
		Errno   int                      `json:"errno,omitempty"`
		Details []freshbooks.ErrorDetail `json:"details,omitempty"`
		Fix     string                   `json:"what_to_do"`
	} `json:"error"`
}

// toolError is the tool error for err: FreshBooks' message, status,
// errno and fields, and what to do about it.
func toolError(err error) *mcp.CallToolResult {
	var f toolFailure
	f.Error.Message, f.Error.Fix = err.Error(), advice(err)
	var ae *freshbooks.APIError
	if errors.As(err, &ae) {
		f.Error.Message, f.Error.Status, f.Error.Errno, f.Error.Details = ae.Message, ae.StatusCode, ae.Errno, ae.Details
		if f.Error.Message == "" {
			f.Error.Message = http.StatusText(ae.StatusCode)
		}
	}
	var text strings.Builder
	text.WriteString(strings.TrimSuffix(f.Error.Message, "."))
	if f.Error.Status != 0 {
		fmt.Fprintf(&text, " (FreshBooks answered %d", f.Error.Status)
		if f.Error.Errno != 0 {
			fmt.Fprintf(&text, ", errno %d", f.Error.Errno)
		}
		for _, d := range f.Error.Details {
			switch {
			case d.Field != "" && d.Message != "" && d.Message != f.Error.Message:
				fmt.Fprintf(&text, "; field %s: %s", d.Field, strings.TrimSuffix(d.Message, "."))
			case d.Field != "":
				fmt.Fprintf(&text, "; field %s", d.Field)
			}
		}
		text.WriteString(")")
	}
	text.WriteString(". What to do: " + f.Error.Fix)
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: text.String()}}, StructuredContent: f}
}

// advice says what to do about err.
func advice(err error) string {
	var ae *freshbooks.APIError
	switch {
	case errors.Is(err, errReadOnly):
		return "tell the user: to allow changes, they restart the server with --allow-writes (freshbooks mcp --allow-writes)."
	case errors.Is(err, errInput):
		return "correct the arguments as the message and the tool's input schema say, and call again."
	case errors.Is(err, freshbooks.ErrReauthorizationRequired), errors.Is(err, freshbooks.ErrUnauthorized):
		return "the FreshBooks sign-in has expired or was revoked: the user must sign in again (freshbooks auth login) and restart the server."
	case errors.Is(err, freshbooks.ErrForbidden):
		return "the user's FreshBooks token lacks the scope or permission for this: the user must authorize the app again with that scope, or use a business where their role allows it."
	case errors.Is(err, freshbooks.ErrNotFound):
		return "no such record in this business: check the id with the list tool, or the business with whoami."
	case errors.Is(err, freshbooks.ErrRateLimited):
		wait := "a minute"
		if errors.As(err, &ae) && ae.RetryAfter > 0 {
			wait = ae.RetryAfter.String()
		}
		return "FreshBooks is rate limiting: wait " + wait + " and try again, with fewer calls (larger pages)."
	case errors.Is(err, freshbooks.ErrValidation):
		return "FreshBooks refused the values: fix the fields named and call again."
	case errors.Is(err, freshbooks.ErrServer):
		return "FreshBooks failed; try again in a moment."
	case errors.Is(err, freshbooks.ErrUnsupported):
		return "this resource does not support that; see the tool list."
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return "the call was cut short; try again."
	}
	return "check the message; if it persists, tell the user."
}
