package freshbooks

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Page is one page of a list.
type Page[T any] struct {
	Items   []T
	Page    int // this page, from 1
	Pages   int // how many pages there are; 0 for an empty list
	PerPage int
	Total   int // how many items there are in all
}

// envelope is how a family wraps records in its answers.
type envelope int

const (
	// envResult: {"response": {"result": {"<single>": {...}}}}, lists
	// {"response": {"result": {"<plural>": [...], "page", "pages",
	// "per_page", "total"}}}. Accounting and events.
	envResult envelope = iota
	// envFlat: {"<single>": {...}}, lists {"<plural>": [...], "meta":
	// {...}}. Projects, time tracking, services, payments, uploads.
	envFlat
	// envData: {"data": {...}} and {"data": [...]}, unpaged. Ledger.
	envData
)

// endpoint locates a resource; its family says how requests and answers
// are spelled and wrapped.
type endpoint struct {
	family Family
	name   string // the catalogue's name of the resource, "" for one-off endpoints
	list   string // collection path: GET lists, POST creates
	item   string // one record's path: a prefix to add "/" + id to, or a template with {id}; empty means list
	create string // POST path when not list
	single string // JSON key of one record, in bodies and answers
	plural string // JSON key of a list in answers
}

// env is how the endpoint's answers are wrapped.
func (e endpoint) env() envelope { return e.family.envelope() }

// dialect is how the endpoint's queries are spelled.
func (e endpoint) dialect() dialect { return e.family.dialect() }

// idPath is the path of the record with a numeric id.
func (e endpoint) idPath(id int64) string { return e.itemPath(strconv.FormatInt(id, 10)) }

func (e endpoint) itemPath(id string) string {
	if strings.Contains(e.item, "{id}") {
		return strings.Replace(e.item, "{id}", url.PathEscape(id), 1)
	}
	return cmp.Or(e.item, e.list) + "/" + url.PathEscape(id)
}

// resource is the generic core every typed service delegates to: it does
// the requests, the envelopes and the paging for records of type T.
type resource[T any] struct {
	c  *Client
	ep endpoint
}

func (r resource[T]) get(ctx context.Context, id int64, opts []QueryOption) (*T, error) {
	return r.getAt(ctx, r.ep.idPath(id), opts)
}

// getAt reads the record at path: for records not named by a number.
func (r resource[T]) getAt(ctx context.Context, path string, opts []QueryOption) (*T, error) {
	query, err := r.ep.query(opts)
	if err != nil {
		return nil, err
	}
	return r.one(ctx, &request{method: http.MethodGet, path: path, query: query})
}

func (r resource[T]) list(ctx context.Context, opts []QueryOption) (*Page[T], error) {
	req, resp, err := r.fetch(ctx, r.ep.list, opts)
	if err != nil {
		return nil, withOwnerHint(err, r.ep.list)
	}
	return decodePage[T](req, resp, r.ep)
}

// fetch GETs path, one of the endpoint's, with opts as its query, and
// hands back the answer undecoded, for the callers that read more of it
// than a record or a page.
func (r resource[T]) fetch(ctx context.Context, path string, opts []QueryOption) (*request, *response, error) {
	query, err := r.ep.query(opts)
	if err != nil {
		return nil, nil, err
	}
	req := &request{method: http.MethodGet, path: path, query: query}
	resp, err := r.send(ctx, req)
	return req, resp, err
}

// ErrListChanged is returned, wrapped, by All when the list's total
// changed while it was being read: records were created or deleted
// meanwhile, so later pages may repeat or skip records. The records
// yielded before it are correct. Read again, or narrow the list so it
// does not change while it is read.
var ErrListChanged = errors.New("freshbooks: the list changed while it was read")

// all walks every page in order. Once the first page tells how many there
// are, the next pages are fetched concurrently, a window of pages ahead of
// the one being read ([Config.Prefetch], [Prefetch]; by default a window
// that widens with the latency, up to MaxPrefetch); memory holds at most
// that many pages more.
// Breaking out of the loop or cancelling ctx cancels the requests in
// flight, and all returns only once they have ended.
//
// Every page must report the first page's total: a change means records
// were created or deleted meanwhile, and all stops with ErrListChanged
// rather than repeat or skip one. A create and a delete between two pages
// leave the total as it was and cannot be seen.
func (r resource[T]) all(ctx context.Context, opts []QueryOption) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		// Pages of the largest size, unless the caller chose; later
		// options win, so the caller's PerPage overrides.
		base := append([]QueryOption{PerPage(MaxPerPage)}, opts...)
		pageOpts := func(n int) []QueryOption { return slices.Concat(base, []QueryOption{OnPage(n)}) }
		sent := time.Now()
		first, err := r.list(ctx, pageOpts(1))
		rtt := time.Since(sent)
		if err != nil {
			yield(nil, err)
			return
		}
		if len(first.Items) == 0 || first.Pages <= 1 || r.ep.env() == envData {
			yieldItems(first, yield)
			return
		}

		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		defer func() {
			cancel()
			wg.Wait()
		}()
		type fetched struct {
			page *Page[T]
			err  error
		}
		// The window adapts, unless fixed: once page 1 has been read, to
		// how long it took to come against how long to read; and it
		// doubles whenever the reader has to wait for a page.
		ahead, adapt := r.c.prefetchWindow(opts)
		inFlight := map[int]chan fetched{}
		next := 2 // the next page to ask for
		// fill keeps up to ahead pages in flight after page n.
		fill := func(n int) {
			for ; next <= first.Pages && next <= n+ahead; next++ {
				ch := make(chan fetched, 1)
				inFlight[next] = ch
				page := next
				wg.Go(func() {
					p, err := r.list(ctx, pageOpts(page))
					ch <- fetched{p, err}
				})
			}
		}
		fill(1)
		read := time.Now()
		if !yieldItems(first, yield) {
			return
		}
		if adapt {
			ahead = widen(ahead, rtt, time.Since(read))
			fill(1)
		}
		for n := 2; n <= first.Pages; n++ {
			var got fetched
			select {
			case got = <-inFlight[n]:
			default:
				if adapt && ahead < MaxPrefetch {
					ahead = min(2*ahead, MaxPrefetch)
					fill(n - 1)
				}
				got = <-inFlight[n]
			}
			delete(inFlight, n)
			switch {
			case got.err != nil:
				yield(nil, got.err)
				return
			case got.page.Total != first.Total:
				yield(nil, fmt.Errorf("%w: page %d counts %d records, page 1 counted %d", ErrListChanged, n, got.page.Total, first.Total))
				return
			}
			if len(got.page.Items) == 0 {
				return
			}
			fill(n)
			if !yieldItems(got.page, yield) {
				return
			}
		}
	}
}

// yieldItems yields a page's records, reporting whether to go on.
func yieldItems[T any](p *Page[T], yield func(*T, error) bool) bool {
	for i := range p.Items {
		if !yield(&p.Items[i], nil) {
			return false
		}
	}
	return true
}

func (r resource[T]) create(ctx context.Context, v *T, opts []QueryOption) (*T, error) {
	query, err := r.ep.query(opts)
	if err != nil {
		return nil, err
	}
	body, err := r.body(v)
	if err != nil {
		return nil, err
	}
	return r.one(ctx, &request{method: http.MethodPost, path: cmp.Or(r.ep.create, r.ep.list), query: query, body: body})
}

func (r resource[T]) update(ctx context.Context, id int64, v *T, opts []QueryOption) (*T, error) {
	return r.updateAt(ctx, r.ep.idPath(id), v, opts)
}

// updateAt writes the record at path: for records not named by a number.
func (r resource[T]) updateAt(ctx context.Context, path string, v *T, opts []QueryOption) (*T, error) {
	opts, clear := splitClear(opts)
	query, err := r.ep.query(opts)
	if err != nil {
		return nil, err
	}
	body, err := r.body(v)
	if err != nil {
		return nil, err
	}
	if len(clear) > 0 {
		if body, err = withCleared(body, clear, r.ep.name, r.ep.single, r.ep.family.bare(), reflect.TypeFor[T]()); err != nil {
			return nil, err
		}
	}
	return r.one(ctx, &request{method: http.MethodPut, path: path, query: query, body: body})
}

// put sends fields (an action such as {"action_mark_as_sent": true}, or
// {"vis_state": 1}) as a PUT and returns the record.
func (r resource[T]) put(ctx context.Context, id int64, fields map[string]any) (*T, error) {
	return r.putAt(ctx, r.ep.idPath(id), fields)
}

// putAt is put for the record at path.
func (r resource[T]) putAt(ctx context.Context, path string, fields map[string]any) (*T, error) {
	body, err := r.body(fields)
	if err != nil {
		return nil, err
	}
	return r.one(ctx, &request{method: http.MethodPut, path: path, body: body})
}

// setVisState moves a record between active, deleted and archived: how
// most accounting resources are deleted.
func (r resource[T]) setVisState(ctx context.Context, id int64, s VisState) (*T, error) {
	return r.put(ctx, id, visFields(s))
}

// visFields is the body member that sets a record's vis_state.
func visFields(s VisState) map[string]any { return map[string]any{"vis_state": int(s)} }

// remove deletes with HTTP DELETE.
func (r resource[T]) remove(ctx context.Context, id int64) error {
	return r.removeAt(ctx, r.ep.idPath(id))
}

// removeAt is remove for the record at path.
func (r resource[T]) removeAt(ctx context.Context, path string) error {
	_, err := r.send(ctx, &request{method: http.MethodDelete, path: path})
	return err
}

// send sends req, a request to one of the endpoint's paths, as one of
// the endpoint's family and with an access token.
func (r resource[T]) send(ctx context.Context, req *request) (*response, error) {
	req.family = r.ep.family
	return r.c.send(ctx, req.authed())
}

func (r resource[T]) one(ctx context.Context, req *request) (*T, error) {
	resp, err := r.send(ctx, req)
	if err != nil {
		if req.path == r.ep.list || req.path == r.ep.create {
			err = withOwnerHint(err, req.path)
		}
		return nil, err
	}
	return decodeOne[T](req, resp, r.ep)
}

// body wraps a write in the family's envelope.
func (r resource[T]) body(v any) ([]byte, error) {
	if !r.ep.family.bare() {
		v = map[string]any{r.ep.single: v}
	}
	b, err := encodeJSON(v)
	if err != nil {
		return nil, fmt.Errorf("freshbooks: encoding %s: %w", r.ep.single, err)
	}
	return b, nil
}

// path of the members that lead to the records, per envelope.
func (e endpoint) wrapping() []string {
	switch e.env() {
	case envResult:
		return []string{"response", "result"}
	case envData:
		return nil
	}
	return nil
}

// decodeOne reads one record out of its envelope, streaming: the record
// is decoded straight from the body, without an intermediate copy.
func decodeOne[T any](req *request, resp *response, ep endpoint) (*T, error) {
	key := ep.single
	if ep.env() == envData {
		key = "data"
	}
	v := new(T)
	found := false
	err := visitDecoding(resp.body, ep.wrapping(), key, func(name string, value []byte) (bool, error) {
		if name != key {
			return false, nil
		}
		found = true
		return true, decodeRecord(key, value, v)
	})
	if err != nil || !found {
		return nil, envelopeError(req, resp, key, err)
	}
	return v, nil
}

// members says which members of an answer's object [decodeMembers]
// reads.
type members struct {
	// key is the record's member, which the answer must have; "" when
	// none is required.
	key string
	// first takes the object's first member as the record, whatever its
	// name (a report's one member); key then names it in errors.
	first bool
	// into receives the record, decoded as a record (null is an error);
	// nil requires the record without reading it.
	into any
	// also are other members to read, each into its target with
	// encoding/json (null leaves the target as it is); the record's own
	// member may be one of them.
	also map[string]any
}

// decodeMembers reads the members m names from the object at path of the
// answer: the records and lists that come with members beside them, which
// decodeOne and decodePage do not read. An answer without the record, or
// with a member that does not decode, is an [envelopeError].
func decodeMembers(req *request, resp *response, path []string, m members) error {
	found := false
	err := visit(resp.body, path, func(name string, value []byte) (bool, error) {
		isRecord := m.key != "" && !found && (m.first || name == m.key)
		found = found || isRecord
		if v, ok := m.also[name]; ok {
			return true, json.Unmarshal(value, v)
		}
		if !isRecord || m.into == nil {
			return false, nil
		}
		return true, decodeRecord(m.key, value, m.into)
	})
	if err != nil || (m.key != "" && !found) {
		return envelopeError(req, resp, m.key, err)
	}
	return nil
}

// decodeRecord decodes the member key, a record: null, where a record is
// expected, is an error rather than an empty record.
func decodeRecord(key string, value []byte, v any) error {
	if string(value) == "null" {
		return fmt.Errorf("%q is null", key)
	}
	return unmarshal(value, v)
}

// unmarshal is json.Unmarshal(value, v) for a value the envelope's scanner
// delimited but did not validate: a model, which has its own UnmarshalJSON,
// gets the value directly once the scanner has validated it, sparing
// encoding/json its own pass (the result is the same: encoding/json would
// hand the model the same bytes and return its error as it is).
func unmarshal(value []byte, v any) error {
	if u, ok := v.(json.Unmarshaler); ok && isValue(value, 0) {
		return u.UnmarshalJSON(value)
	}
	return json.Unmarshal(value, v) // its error, for one that is not valid
}

// isValue reports whether value is exactly one valid JSON value, at the
// given nesting depth.
func isValue(value []byte, depth int) bool {
	end, err := scanValue(value, 0, depth)
	return err == nil && end == len(value)
}

// decodePage reads a list and its paging out of its envelope.
func decodePage[T any](req *request, resp *response, ep endpoint) (*Page[T], error) {
	key := ep.plural
	if ep.env() == envData {
		key = "data"
	}
	p := &Page[T]{}
	var pi pageInfo
	found := false
	err := visitDecoding(resp.body, ep.wrapping(), key, func(name string, value []byte) (bool, error) {
		switch name {
		case key:
			found = true
			return true, decodeList(value, &p.Items, len(ep.wrapping())+1)
		case "meta":
			if ep.env() == envFlat {
				return true, json.Unmarshal(value, &pi)
			}
		case "page", "pages", "per_page", "total":
			if ep.env() == envResult {
				return true, decodePaging(value, name, &pi)
			}
		}
		return false, nil
	})
	if err != nil || !found {
		return nil, envelopeError(req, resp, key, err)
	}
	p.Page, p.Pages, p.PerPage, p.Total = pi.Page, pi.Pages, pi.PerPage, pi.Total
	if ep.env() == envData || (p.Page == 0 && p.Pages == 0 && p.Total == 0 && len(p.Items) > 0) {
		// Unpaged lists are one page.
		p.Page, p.Pages, p.PerPage, p.Total = 1, 1, len(p.Items), len(p.Items)
	}
	return p, nil
}

// decodeList decodes a list of records (value, delimited in its envelope at
// the given depth but not yet validated) into items, as json.Unmarshal
// would: a model's UnmarshalJSON is called on each element directly,
// without encoding/json's second pass over the list. Anything unusual
// (not a list, invalid JSON, an element that fails) is decoded by
// json.Unmarshal, which reports it as it always has.
func decodeList[T any](value []byte, items *[]T, depth int) error {
	if _, ok := any((*T)(nil)).(json.Unmarshaler); ok && isValue(value, depth) && decodeElements(reflect.ValueOf(items).Elem(), value) {
		return nil
	}
	return json.Unmarshal(value, items)
}

// pageInfo is the paging part of a list answer.
type pageInfo struct {
	Page    int `json:"page"`
	Pages   int `json:"pages"`
	PerPage int `json:"per_page"`
	Total   int `json:"total"`
}

func decodePaging(value []byte, name string, p *pageInfo) error {
	var n int
	if err := json.Unmarshal(value, &n); err != nil {
		return err
	}
	switch name {
	case "page":
		p.Page = n
	case "pages":
		p.Pages = n
	case "per_page":
		p.PerPage = n
	case "total":
		p.Total = n
	}
	return nil
}

// errNotObject reports a body that is not the object expected.
var errNotObject = errors.New("not a JSON object")

// visit walks body down the object members named in path, then calls fn
// with the raw value of each member of the object reached; fn decodes the
// members it wants and reports whether it used one. The walk uses the
// package's validating scanner, so members not wanted are skipped without
// being decoded.
func visit(body []byte, path []string, fn func(name string, value []byte) (bool, error)) error {
	return visitDecoding(body, path, "", fn)
}

// visitDecoding is visit, except that the value of the member named
// decoded, at the end of the path, is handed to fn delimited but not
// validated: fn must decode it with encoding/json, which validates it.
// A list's records are then scanned once, not twice.
func visitDecoding(body []byte, path []string, decoded string, fn func(name string, value []byte) (bool, error)) error {
	data := body
	for depth := 0; ; depth++ {
		sc := objScanner{data: data}
		if depth == len(path) {
			sc.decoded = decoded
		}
		isObj, err := sc.begin()
		if err != nil {
			return err
		}
		if !isObj {
			return errNotObject
		}
		var inner []byte
		descended := false
		for {
			m, ok := sc.next()
			if !ok {
				break
			}
			value := data[m.vs:m.ve]
			if depth < len(path) {
				// Keep scanning after the member: the whole body must
				// be well-formed, or a truncated answer would pass.
				if !descended && memberIs(data, m, path[depth]) {
					inner, descended = value, true
				}
				continue
			}
			if _, err := fn(memberName(data, m), value); err != nil {
				return err
			}
		}
		if sc.err != nil {
			return sc.err
		}
		if depth >= len(path) {
			return nil
		}
		if !descended {
			return fmt.Errorf("no %q member", path[depth])
		}
		data = inner
	}
}

// memberName is the name of member m of data, unescaped.
func memberName(data []byte, m memberSpan) string {
	if !m.keyEscaped {
		return string(data[m.ks:m.ke])
	}
	if m.key != "" {
		return m.key
	}
	var name string
	_ = json.Unmarshal(data[m.ks-1:m.ke+1], &name)
	return name
}

// memberIs reports whether member m of data is named name, without
// making a string of a plain key.
func memberIs(data []byte, m memberSpan, name string) bool {
	if !m.keyEscaped {
		return string(data[m.ks:m.ke]) == name
	}
	return memberName(data, m) == name
}

// envelopeError explains a 2xx answer that is not the expected envelope.
// An accounting error inside a 200 (which FreshBooks has sent) is
// reported as the APIError it is.
func envelopeError(req *request, resp *response, key string, cause error) error {
	if e := req.family.parseError(resp.status, resp.header, resp.body, resp.scrubber()); len(e.Details) > 0 || e.Errno != 0 {
		e.Method, e.Path = req.method, req.path
		return e
	}
	why := fmt.Sprintf("no %q in the answer", key)
	if cause != nil {
		why = cause.Error()
	}
	return badResponse(req, resp, strings.TrimPrefix(why, "json: "))
}

// prefetchWindow is how many pages an All call keeps in flight at first,
// and whether the window adapts (neither the call nor the client fixed
// it).
func (c *Client) prefetchWindow(opts []QueryOption) (pages int, adapt bool) {
	if n := cmp.Or(collect(opts).prefetch, c.prefetch); n > 0 {
		return n, false
	}
	return DefaultPrefetch, true
}

// widen is the window that keeps a reader busy while pages travel: as
// many pages as can be read in the time one takes to come (rtt), one
// more for margin, never less than the window already is, at most
// MaxPrefetch.
func widen(window int, rtt, read time.Duration) int {
	need := MaxPrefetch
	if read > 0 {
		need = int(min(rtt/read, MaxPrefetch)) + 1
	}
	return min(max(window, need), MaxPrefetch)
}
