package freshbooks_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// logTime logs d started at `at` to a project.
func (env *env) logTime(t *testing.T, projectID freshbooks.ProjectID, at time.Time, d time.Duration, more ...func(*freshbooks.TimeEntry)) *freshbooks.TimeEntry {
	t.Helper()
	e := &freshbooks.TimeEntry{ProjectID: projectID, StartedAt: freshbooks.NewTime(at), Duration: d}
	for _, f := range more {
		f(e)
	}
	out, err := env.biz.TimeEntries.Create(env.ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTimeEntriesCRUD(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	clientID := env.aClient(t)
	p, err := env.biz.Projects.Create(env.ctx, &freshbooks.Project{Title: "Logged", CustomerID: clientID})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := env.biz.Services.Create(env.ctx, &freshbooks.Service{Name: "Design"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	e := env.logTime(t, p.ID, start, time.Hour, func(e *freshbooks.TimeEntry) {
		e.ServiceID, e.Note = svc.ID, "Wireframes"
	})
	if e.ID == 0 || e.IdentityID != env.me.ID || !*e.IsLogged || e.Duration != time.Hour || e.ProjectID != p.ID || e.ServiceID != svc.ID ||
		e.Note != "Wireframes" || !*e.Active || !*e.Billable || *e.Billed || *e.Internal || e.Timer != nil || e.TaskID != 0 {
		t.Errorf("created = %+v", e)
	}
	// The entry is for the project's client [INF].
	if e.CustomerID != clientID {
		t.Errorf("CustomerID = %v, want %d", e.CustomerID, clientID)
	}
	if !e.StartedAt.Time().Equal(start) || e.StartedAt.String() != "2026-03-02T14:00:00Z" || !e.CreatedAt.Time().Equal(env.clock.Now()) {
		t.Errorf("StartedAt %s, CreatedAt %s", e.StartedAt, e.CreatedAt)
	}

	got, err := env.biz.TimeEntries.Get(env.ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != e.ID || got.Duration != time.Hour || got.Note != "Wireframes" {
		t.Errorf("Get = %+v", got)
	}

	// false is a write: Billable false must reach FreshBooks.
	up, err := env.biz.TimeEntries.Update(env.ctx, e.ID, &freshbooks.TimeEntry{Billable: new(false), Duration: 75 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if *up.Billable || up.Duration != 75*time.Minute || up.Note != "Wireframes" || !up.StartedAt.Time().Equal(start) {
		t.Errorf("updated = %+v", up)
	}

	if err := env.biz.TimeEntries.Delete(env.ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	_, err = env.biz.TimeEntries.Get(env.ctx, e.ID)
	asAPIError(t, err, freshbooks.ErrNotFound)
	err = env.biz.TimeEntries.Delete(env.ctx, e.ID)
	asAPIError(t, err, freshbooks.ErrNotFound)
}

func TestTimeEntriesValidation(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	for _, tc := range []struct {
		entry          freshbooks.TimeEntry
		field, message string
	}{
		{freshbooks.TimeEntry{Duration: time.Minute}, "started_at", "field required"},
		{freshbooks.TimeEntry{StartedAt: freshbooks.NewTime(env.clock.Now())}, "duration", "Logged entries must have a duration"},
		{freshbooks.TimeEntry{StartedAt: freshbooks.NewTime(env.clock.Now()), Duration: time.Minute, ProjectID: 1}, "project_id", "Project not found"},
		{freshbooks.TimeEntry{StartedAt: freshbooks.NewTime(env.clock.Now()), Duration: time.Minute, ServiceID: 1}, "service_id", "Service not found"},
	} {
		_, err := env.biz.TimeEntries.Create(env.ctx, &tc.entry)
		ae := asAPIError(t, err, freshbooks.ErrValidation)
		if ae.StatusCode != 422 || ae.Errno != 2001 || len(ae.Details) != 1 || ae.Details[0].Field != tc.field || ae.Details[0].Message != tc.message {
			t.Errorf("%+v: err = %#v, want %s: %s", tc.entry, ae, tc.field, tc.message)
		}
	}
	_, err := env.biz.TimeEntries.List(env.ctx, freshbooks.Param("started_from", "2026"))
	ae := asAPIError(t, err, freshbooks.ErrValidation)
	if ae.Details[0].Field != "started_from" || ae.Details[0].Message != "Input should be a valid datetime or date, input is too short" {
		t.Errorf("err = %#v", ae)
	}
	_, err = env.biz.TimeEntries.List(env.ctx, freshbooks.Param("billable", "maybe"))
	asAPIError(t, err, freshbooks.ErrValidation)
}

func TestTimeEntriesFiltersOrderAndTotals(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	p, err := env.biz.Projects.Create(env.ctx, &freshbooks.Project{Title: "Filtered"})
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 2, d, 9, 0, 0, 0, time.UTC) }
	e1 := env.logTime(t, p.ID, day(2), 30*time.Minute)
	e3 := env.logTime(t, p.ID, day(9), time.Hour, func(e *freshbooks.TimeEntry) { e.Billed = new(true) })
	e2 := env.logTime(t, p.ID, day(5), 15*time.Minute, func(e *freshbooks.TimeEntry) { e.Billable = new(false) })
	env.clock.Advance(time.Hour)
	updatedAfter := env.clock.Now()
	if _, err := env.biz.TimeEntries.Update(env.ctx, e1.ID, &freshbooks.TimeEntry{Note: "revised"}); err != nil {
		t.Fatal(err)
	}

	ids := func(opts ...freshbooks.QueryOption) []freshbooks.TimeEntryID {
		t.Helper()
		var out []freshbooks.TimeEntryID
		for e, err := range env.biz.TimeEntries.All(env.ctx, append(opts, freshbooks.Equals("project_id", p.ID))...) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, e.ID)
		}
		return out
	}
	// Newest first, whatever sort is asked for (no server-side sort).
	if got := ids(); !slices.Equal(got, []freshbooks.TimeEntryID{e3.ID, e2.ID, e1.ID}) {
		t.Errorf("order: %v", got)
	}
	if got := ids(freshbooks.Param("sort", "started_at")); !slices.Equal(got, []freshbooks.TimeEntryID{e3.ID, e2.ID, e1.ID}) {
		t.Errorf("sort is not ignored: %v", got)
	}
	for name, tc := range map[string]struct {
		opts []freshbooks.QueryOption
		want []freshbooks.TimeEntryID
	}{
		"billable=false":  {[]freshbooks.QueryOption{freshbooks.Equals("billable", false)}, []freshbooks.TimeEntryID{e2.ID}},
		"billed=true":     {[]freshbooks.QueryOption{freshbooks.Equals("billed", true)}, []freshbooks.TimeEntryID{e3.ID}},
		"started_from":    {[]freshbooks.QueryOption{freshbooks.Equals("started_from", day(5))}, []freshbooks.TimeEntryID{e3.ID, e2.ID}},
		"started_to":      {[]freshbooks.QueryOption{freshbooks.Equals("started_to", day(5))}, []freshbooks.TimeEntryID{e2.ID, e1.ID}},
		"updated_since":   {[]freshbooks.QueryOption{freshbooks.Since("updated_since", updatedAfter)}, []freshbooks.TimeEntryID{e1.ID}},
		"identity_id":     {[]freshbooks.QueryOption{freshbooks.Equals("identity_id", int64(env.me.ID))}, []freshbooks.TimeEntryID{e3.ID, e2.ID, e1.ID}},
		"other client_id": {[]freshbooks.QueryOption{freshbooks.Equals("client_id", 1)}, nil},
	} {
		if got := ids(tc.opts...); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}

	page, err := env.biz.TimeEntries.List(env.ctx, freshbooks.Equals("project_id", p.ID), freshbooks.PerPage(2))
	if err != nil {
		t.Fatal(err)
	}
	// Totals cover every match, not only the page: 1800+3600+900 logged,
	// unbilled is billable and not billed: 1800.
	if page.Total != 3 || page.Pages != 2 || len(page.Items) != 2 || page.TotalLogged != 105*time.Minute || page.TotalUnbilled != 30*time.Minute {
		t.Errorf("page: total %d pages %d items %d logged %v unbilled %v", page.Total, page.Pages, len(page.Items), page.TotalLogged, page.TotalUnbilled)
	}
	var perMember []struct {
		IdentityID  freshbooks.IdentityID `json:"identity_id"`
		TotalLogged int64                 `json:"total_logged"`
	}
	if err := json.Unmarshal(page.Meta["total_logged_per_team_member"], &perMember); err != nil || len(perMember) != 1 ||
		perMember[0].IdentityID != env.me.ID || perMember[0].TotalLogged != 6300 {
		t.Errorf("total_logged_per_team_member = %s (%v)", page.Meta["total_logged_per_team_member"], err)
	}
	empty, err := env.biz.TimeEntries.List(env.ctx, freshbooks.Equals("started_from", day(28)))
	if err != nil {
		t.Fatal(err)
	}
	if empty.Total != 0 || empty.Pages != 0 || empty.PerPage != 0 || len(empty.Items) != 0 || empty.TotalLogged != 0 {
		t.Errorf("empty page = %+v", empty)
	}
}

func TestTimeEntriesTeamAndTimers(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	p, err := env.biz.Projects.Create(env.ctx, &freshbooks.Project{Title: "Team"})
	if err != nil {
		t.Fatal(err)
	}
	mine := env.logTime(t, p.ID, env.clock.Now().Add(-2*time.Hour), 10*time.Minute)

	// The second identity is an employee of this business.
	other, err := freshbooks.NewClient(env.srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	other.SetToken(env.srv.IssueToken(1))
	them, err := other.CurrentUser(env.ctx)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := other.Business(env.biz.ID).TimeEntries.Create(env.ctx, &freshbooks.TimeEntry{ProjectID: p.ID,
		StartedAt: freshbooks.NewTime(env.clock.Now().Add(-time.Hour)), Duration: 20 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if theirs.IdentityID != them.ID {
		t.Errorf("IdentityID = %d, want the token's identity %d", theirs.IdentityID, them.ID)
	}
	count := func(opts ...freshbooks.QueryOption) int {
		t.Helper()
		page, err := env.biz.TimeEntries.List(env.ctx, append(opts, freshbooks.Equals("project_id", p.ID))...)
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	// Own time only, unless team=true or another identity is named [INF].
	if n := count(); n != 1 {
		t.Errorf("own entries: %d, want 1", n)
	}
	if n := count(freshbooks.Equals("team", true)); n != 2 {
		t.Errorf("team entries: %d, want 2", n)
	}
	if n := count(freshbooks.Equals("identity_id", int64(them.ID))); n != 1 {
		t.Errorf("their entries: %d, want 1", n)
	}

	// A timer: unlogged, running, listed only with include_unlogged.
	timer, err := env.biz.TimeEntries.Create(env.ctx, &freshbooks.TimeEntry{ProjectID: p.ID, IsLogged: new(false),
		StartedAt: freshbooks.NewTime(env.clock.Now())})
	if err != nil {
		t.Fatal(err)
	}
	if *timer.IsLogged || timer.Timer == nil || !timer.Timer.IsRunning || timer.Duration != 0 {
		t.Errorf("timer = %+v (timer %+v)", timer, timer.Timer)
	}
	if n := count(); n != 1 {
		t.Errorf("entries without include_unlogged: %d, want 1", n)
	}
	if n := count(freshbooks.Equals("include_unlogged", true)); n != 2 {
		t.Errorf("entries with include_unlogged: %d, want 2", n)
	}
	// Logging it stops it; the time since it started is the duration.
	env.clock.Advance(25 * time.Minute)
	stopped, err := env.biz.TimeEntries.Update(env.ctx, timer.ID, &freshbooks.TimeEntry{IsLogged: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	if !*stopped.IsLogged || stopped.Timer == nil || stopped.Timer.IsRunning || stopped.Duration != 25*time.Minute {
		t.Errorf("stopped = %+v (timer %+v)", stopped, stopped.Timer)
	}
	// An inactive entry counts as deleted [INF].
	if _, err := env.biz.TimeEntries.Update(env.ctx, mine.ID, &freshbooks.TimeEntry{Active: new(false)}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("entries after deactivating one: %d, want 1", n)
	}
	if n := count(freshbooks.Equals("include_deleted", true)); n != 2 {
		t.Errorf("entries with include_deleted: %d, want 2", n)
	}
}

func TestTimeEntriesWire(t *testing.T) {
	c, last := replay(t, http.StatusOK, freshbooks.ReadFixture(t, "list_time_entries_response.json"))
	page, err := c.Business(98765).TimeEntries.List(t.Context(), freshbooks.Equals("billable", true), freshbooks.Equals("client_id", 56789))
	if err != nil {
		t.Fatal(err)
	}
	if last.URL.Path != "/timetracking/business/98765/time_entries" || last.URL.RawQuery != "billable=true&client_id=56789" {
		t.Errorf("GET %s?%s", last.URL.Path, last.URL.RawQuery)
	}
	if len(page.Items) != 2 || page.Total != 2 || page.PerPage != 30 || page.Items[1].ID != 419547 || page.Items[0].Duration != time.Hour {
		t.Errorf("page = %+v", page)
	}
	c, last = replay(t, http.StatusOK, freshbooks.ReadFixture(t, "get_time_entry_response.json"))
	e, err := c.Business(98765).TimeEntries.Get(t.Context(), 419546)
	if err != nil {
		t.Fatal(err)
	}
	if last.URL.Path != "/timetracking/business/98765/time_entries/419546" || e.IdentityID != 12345 ||
		!e.CreatedAt.Time().Equal(time.Date(2020, 10, 17, 1, 9, 41, 0, time.UTC)) || e.TaskID != 0 || e.ServiceID != 2345 {
		t.Errorf("entry = %+v", e)
	}

	// Writes wrap the entry in "time_entry" and send only what is set,
	// false included; deletes are HTTP DELETE.
	var method, path string
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method, path = r.Method, r.URL.Path
		body, _ = io.ReadAll(r.Body)
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_, _ = w.Write(freshbooks.ReadFixture(t, "get_time_entry_response.json"))
	}))
	defer srv.Close()
	rc, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	te := rc.Business(98765).TimeEntries
	if _, err := te.Update(t.Context(), 419546, &freshbooks.TimeEntry{Billable: new(false)}); err != nil {
		t.Fatal(err)
	}
	if method != "PUT" || path != "/timetracking/business/98765/time_entries/419546" || string(body) != `{"time_entry":{"billable":false}}` {
		t.Errorf("%s %s %s", method, path, body)
	}
	start := time.Date(2020, 10, 17, 5, 0, 0, 0, time.UTC)
	if _, err := te.Create(t.Context(), &freshbooks.TimeEntry{StartedAt: freshbooks.NewTime(start), Duration: time.Hour, IsLogged: new(true)}); err != nil {
		t.Fatal(err)
	}
	if method != "POST" || path != "/timetracking/business/98765/time_entries" ||
		string(body) != `{"time_entry":{"is_logged":true,"started_at":"2020-10-17T05:00:00Z","duration":3600}}` {
		t.Errorf("%s %s %s", method, path, body)
	}
	if err := te.Delete(t.Context(), 419546); err != nil {
		t.Fatal(err)
	}
	if method != "DELETE" || path != "/timetracking/business/98765/time_entries/419546" || len(body) != 0 {
		t.Errorf("%s %s %q", method, path, body)
	}
}
