package freshbooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ErrUnsupported is returned, wrapped, for an operation a resource does
// not have, such as deleting a ledger account. Nothing is sent.
var ErrUnsupported = errors.New("freshbooks: operation not supported by this resource")

// RecordsService reaches one resource's records in their wire form: each
// record is the JSON FreshBooks sent, unchanged. It is the generic layer
// under the command line and the MCP server; programs that know which
// resource they want are better served by the typed services of
// [Client.Account] and [Client.Business]. Requests go through the same
// core as the typed services: retries, paging and errors are the same.
type RecordsService struct {
	r     resource[json.RawMessage]
	info  Resource
	owner Owner
}

// Records returns wire-form access to the resource called name (a
// [Resource.Name], such as "invoices") of the business owner names. The
// owner must carry the id the resource's [ScopeKind] needs.
func (c *Client) Records(name string, owner Owner) (*RecordsService, error) {
	s := specOf(name)
	if s == nil {
		names := make([]string, len(catalog))
		for i := range catalog {
			names[i] = catalog[i].name
		}
		return nil, fmt.Errorf("freshbooks: no resource %q; the resources are: %s", name, strings.Join(names, ", "))
	}
	var missing string
	switch {
	case s.scope == AccountScoped && owner.Account == "":
		missing = "an account id"
	case s.scope == BusinessScoped && owner.Business == 0:
		missing = "a business id"
	case s.scope == BusinessUUIDScoped && owner.BusinessUUID == "":
		missing = "a business uuid"
	}
	if missing != "" {
		return nil, fmt.Errorf("freshbooks: %s needs %s", name, missing)
	}
	return &RecordsService{r: resource[json.RawMessage]{c, s.endpoint(owner)}, info: s.resource(), owner: owner}, nil
}

// Resource describes the records this service reaches.
func (s *RecordsService) Resource() Resource { return s.info }

// need refuses an operation the resource does not have.
func (s *RecordsService) need(v Verb) error {
	if !s.info.Has(v) {
		return fmt.Errorf("%w: %s cannot %s", ErrUnsupported, s.info.Name, v)
	}
	return nil
}

// Get returns the record with id.
//
// FreshBooks endpoint: GET on the resource's [Resource.ItemPath].
func (s *RecordsService) Get(ctx context.Context, id string, opts ...QueryOption) (json.RawMessage, error) {
	if err := s.need(VerbGet); err != nil {
		return nil, err
	}
	return deref(s.r.getAt(ctx, s.r.ep.itemPath(id), opts))
}

// List returns one page of records.
//
// FreshBooks endpoint: GET on the resource's [Resource.Path].
func (s *RecordsService) List(ctx context.Context, opts ...QueryOption) (*Page[json.RawMessage], error) {
	if err := s.need(VerbList); err != nil {
		return nil, err
	}
	return s.r.list(ctx, opts)
}

// All iterates over every record, page after page.
//
// FreshBooks endpoint: GET on the resource's [Resource.Path], once per page.
func (s *RecordsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		if err := s.need(VerbList); err != nil {
			yield(nil, err)
			return
		}
		for rec, err := range s.r.all(ctx, opts) {
			var v json.RawMessage
			if rec != nil {
				v = *rec
			}
			if !yield(v, err) || err != nil {
				return
			}
		}
	}
}

// Create creates a record from its wire form, a JSON object; the family's
// envelope is added. It returns the record as created.
//
// FreshBooks endpoint: POST on the resource's [Resource.CreatePath] (or [Resource.Path]).
func (s *RecordsService) Create(ctx context.Context, record json.RawMessage) (json.RawMessage, error) {
	if err := s.need(VerbCreate); err != nil {
		return nil, err
	}
	if err := checkObject(record); err != nil {
		return nil, err
	}
	return deref(s.r.create(ctx, &record, nil))
}

// Update changes the members of the record with id that record, a JSON
// object, carries; FreshBooks leaves the others as they are.
//
// FreshBooks endpoint: PUT on the resource's [Resource.ItemPath].
func (s *RecordsService) Update(ctx context.Context, id string, record json.RawMessage) (json.RawMessage, error) {
	if err := s.need(VerbUpdate); err != nil {
		return nil, err
	}
	if err := checkObject(record); err != nil {
		return nil, err
	}
	return deref(s.r.updateAt(ctx, s.r.ep.itemPath(id), &record, nil))
}

// Delete deletes the record with id the way the resource is deleted:
// most accounting records are marked deleted (vis_state 1) and can be
// restored; the others are removed with HTTP DELETE.
//
// FreshBooks endpoint: PUT {"<single>": {"vis_state": 1}} or DELETE on the resource's [Resource.ItemPath].
func (s *RecordsService) Delete(ctx context.Context, id string) error {
	if err := s.need(VerbDelete); err != nil {
		return err
	}
	if s.info.delete == deleteVisState {
		_, err := s.r.putAt(ctx, s.r.ep.itemPath(id), visFields(VisDeleted))
		return err
	}
	return s.r.removeAt(ctx, s.r.ep.itemPath(id))
}

// Archive hides the record with id from lists (vis_state 2).
//
// FreshBooks endpoint: PUT {"<single>": {"vis_state": 2}} on the resource's [Resource.ItemPath].
func (s *RecordsService) Archive(ctx context.Context, id string) (json.RawMessage, error) {
	if err := s.need(VerbArchive); err != nil {
		return nil, err
	}
	return deref(s.r.putAt(ctx, s.r.ep.itemPath(id), visFields(VisArchived)))
}

// Restore makes the deleted or archived record with id active again
// (vis_state 0).
//
// FreshBooks endpoint: PUT {"<single>": {"vis_state": 0}} on the resource's [Resource.ItemPath].
func (s *RecordsService) Restore(ctx context.Context, id string) (json.RawMessage, error) {
	if err := s.need(VerbRestore); err != nil {
		return nil, err
	}
	return deref(s.r.putAt(ctx, s.r.ep.itemPath(id), visFields(VisActive)))
}

// Act runs the resource's action called action (an [Action.Name]) on the
// record with id (empty for actions that are not [Action.OnItem]). input
// holds the members the action takes ([Action.Inputs]); any other member
// is refused before anything is sent. Inputs of a GET action go in the
// query. It returns the member of the answer that holds the result.
//
// FreshBooks endpoint: the action's own; see [Resource.Actions].
func (s *RecordsService) Act(ctx context.Context, action, id string, input map[string]any) (json.RawMessage, error) {
	a, ok := s.info.Action(action)
	if !ok {
		names := make([]string, len(s.info.Actions))
		for i, a := range s.info.Actions {
			names[i] = a.Name
		}
		return nil, fmt.Errorf("%w: %s has no action %q (it has: %s)", ErrUnsupported, s.info.Name, action, strings.Join(names, ", "))
	}
	if a.kind != actCall {
		return nil, fmt.Errorf("%w: %s %s moves a file: use Upload or Download", ErrUnsupported, s.info.Name, a.Name)
	}
	if a.OnItem && id == "" {
		return nil, fmt.Errorf("freshbooks: %s %s needs a record id", s.info.Name, a.Name)
	}
	for k := range input {
		if !slices.Contains(a.Inputs, k) {
			return nil, fmt.Errorf("freshbooks: %s %s takes no %q (it takes: %s)", s.info.Name, a.Name, k, strings.Join(a.Inputs, ", "))
		}
	}
	req, err := s.actionRequest(a, id, input)
	if err != nil {
		return nil, err
	}
	resp, err := s.r.send(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.status == http.StatusNoContent || len(bytes.TrimSpace(resp.body)) == 0 {
		return nil, nil
	}
	ep := s.r.ep
	if a.result != "" {
		ep.single = a.result
	}
	return deref(decodeOne[json.RawMessage](req, resp, ep))
}

// actionRequest builds the request of action a.
func (s *RecordsService) actionRequest(a Action, id string, input map[string]any) (*request, error) {
	path := s.r.ep.list
	switch {
	case a.at != "":
		path = s.owner.expand(a.at)
	case a.OnItem:
		path = s.r.ep.itemPath(id)
	}
	path += a.suffix
	query, err := url.ParseQuery(a.query)
	if err != nil {
		return nil, fmt.Errorf("freshbooks: action %s: %w", a.Name, err)
	}
	req := &request{method: a.Method, path: path, query: query}
	if a.Method == http.MethodGet {
		for k, v := range input {
			addQuery(query, k, v)
		}
		return req, nil
	}
	fields := map[string]any{}
	if a.set != "" {
		if err := json.Unmarshal([]byte(a.set), &fields); err != nil {
			return nil, fmt.Errorf("freshbooks: action %s: %w", a.Name, err)
		}
	}
	for k, v := range input {
		fields[k] = v
	}
	if a.idMember != "" {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			fields[a.idMember] = n
		} else {
			fields[a.idMember] = id
		}
	}
	if req.body, err = s.r.body(fields); err != nil {
		return nil, err
	}
	return req, nil
}

// addQuery adds v to q under k: a list as repeated k[] keys, as
// FreshBooks spells list parameters, anything else as its text.
func addQuery(q url.Values, k string, v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			q.Add(k+"[]", formatValue(e))
		}
	case []string:
		for _, e := range v {
			q.Add(k+"[]", e)
		}
	case float64: // a JSON number
		q.Add(k, strconv.FormatFloat(v, 'f', -1, 64))
	default:
		q.Add(k, formatValue(v))
	}
}

// Upload uploads a file to a resource that stores files (attachments,
// images).
//
// FreshBooks endpoint: POST on the resource's [Resource.Path] (multipart/form-data, part "content")
func (s *RecordsService) Upload(ctx context.Context, filename string, r io.Reader) (*Upload, error) {
	if _, ok := s.info.Action("upload"); !ok {
		return nil, fmt.Errorf("%w: %s stores no files", ErrUnsupported, s.info.Name)
	}
	return resource[Upload]{s.r.c, s.r.ep}.upload(ctx, filename, r)
}

// Download downloads a stored file by its JWT.
//
// FreshBooks endpoint: GET on the resource's [Resource.ItemPath], the id being the JWT
func (s *RecordsService) Download(ctx context.Context, jwt string) (*File, error) {
	if _, ok := s.info.Action("download"); !ok {
		return nil, fmt.Errorf("%w: %s stores no files", ErrUnsupported, s.info.Name)
	}
	return s.r.download(ctx, jwt)
}

// checkObject refuses a record that is not a JSON object.
func checkObject(record json.RawMessage) error {
	t := bytes.TrimSpace(record)
	if len(t) == 0 || t[0] != '{' || !json.Valid(t) {
		return errors.New("freshbooks: a record must be a JSON object")
	}
	return nil
}

// deref turns the core's *json.RawMessage into the value.
func deref(v *json.RawMessage, err error) (json.RawMessage, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return *v, nil
}
