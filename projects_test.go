package freshbooks_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestProjectsCRUD(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	clientID := env.aClient(t)
	due := freshbooks.NewDate(2026, time.April, 30)
	p, err := env.biz.Projects.Create(env.ctx, &freshbooks.Project{
		Title: "Website redesign", Description: "Five pages", CustomerID: clientID, DueDate: due,
		BillingMethod: freshbooks.BillingProjectRate, ProjectType: freshbooks.ProjectHourlyRate, Rate: dec("95.00"),
		Budget: 10 * time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 || p.Title != "Website redesign" || p.CustomerID != clientID || p.DueDate != due || p.Rate.String() != "95.00" ||
		p.Budget != 10*time.Hour || !*p.Active || *p.Complete || p.BilledStatus != "unbilled" || p.BilledAmount.String() != "0.00" {
		t.Errorf("created = %+v", p)
	}
	if want := time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC); !p.CreatedAt.Time().Equal(want) || p.CreatedAt.String() != "2026-03-08T06:30:00" {
		t.Errorf("CreatedAt = %s (%v), want %v written without Z", p.CreatedAt, p.CreatedAt.Time(), want)
	}
	if p.Group == nil || len(p.Group.Members) != 1 || p.Group.Members[0].Role != "owner" || p.Group.Members[0].IdentityID != env.me.ID {
		t.Errorf("Group = %+v", p.Group)
	}

	got, err := env.biz.Projects.Get(env.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != p.Title || got.Group == nil || got.Group.ID != p.Group.ID {
		t.Errorf("Get = %+v", got)
	}
	if len(got.Abilities) != 21 || !got.Can("can_edit") || !got.Can("can_generate_invoice") || got.Can("no_such_ability") {
		t.Errorf("Abilities = %+v", got.Abilities)
	}

	env.clock.Advance(time.Hour)
	up, err := env.biz.Projects.Update(env.ctx, p.ID, &freshbooks.Project{Title: "Website rebuild", Complete: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	if up.Title != "Website rebuild" || !*up.Complete || up.CustomerID != clientID || !up.UpdatedAt.Time().Equal(env.clock.Now()) {
		t.Errorf("updated = %+v", up)
	}

	if err := env.biz.Projects.Delete(env.ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = env.biz.Projects.Get(env.ctx, p.ID)
	if ae := asAPIError(t, err, freshbooks.ErrNotFound); ae.Message != "Requested resource could not be found." {
		t.Errorf("404 message = %q", ae.Message)
	}
}

func TestProjectsValidation(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	_, err := env.biz.Projects.Create(env.ctx, &freshbooks.Project{Description: "no title"})
	ae := asAPIError(t, err, freshbooks.ErrValidation)
	if ae.StatusCode != 422 || ae.Errno != 2001 || len(ae.Details) != 1 || ae.Details[0].Field != "title" || ae.Details[0].Message != "field required" {
		t.Errorf("err = %#v", ae)
	}
	_, err = env.biz.Projects.Create(env.ctx, &freshbooks.Project{Title: strings.Repeat("x", 256)})
	ae = asAPIError(t, err, freshbooks.ErrValidation)
	if ae.Details[0].Message != "String must be 255 characters long or fewer" {
		t.Errorf("err = %#v", ae)
	}
}

func TestProjectsUpdateWithoutTitleFails(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	var waits int
	freshbooks.SetSleep(env.c, func(context.Context, time.Duration) error { waits++; return nil })
	p, err := env.biz.Projects.Create(env.ctx, &freshbooks.Project{Title: "Needs a title"})
	if err != nil {
		t.Fatal(err)
	}
	// FreshBooks answers a PUT without title with a 500 (LIVE-3P KJD);
	// the client retries it like any 500 of an idempotent call.
	_, err = env.biz.Projects.Update(env.ctx, p.ID, &freshbooks.Project{Description: "x"})
	if ae := asAPIError(t, err, freshbooks.ErrServer); ae.StatusCode != 500 || ae.Message != "An internal error has occurred." || waits != 3 {
		t.Errorf("err = %v after %d retries", err, waits)
	}
}

func TestProjectsFiltersAndSort(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	clientID := env.aClient(t)
	mk := func(p freshbooks.Project) {
		t.Helper()
		if _, err := env.biz.Projects.Create(env.ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	env.clock.Advance(24 * time.Hour)
	since := env.clock.Now()
	mk(freshbooks.Project{Title: "Beta", CustomerID: clientID, Internal: new(false)})
	mk(freshbooks.Project{Title: "Alpha", Internal: new(true)})
	mk(freshbooks.Project{Title: "Gamma", CustomerID: clientID, Complete: new(true)})

	titles := func(opts ...freshbooks.QueryOption) []string {
		t.Helper()
		var out []string
		for p, err := range env.biz.Projects.All(env.ctx, opts...) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p.Title)
		}
		return out
	}
	mine := []freshbooks.QueryOption{freshbooks.Since("updated_since", since)}
	if got := titles(mine...); !slices.Equal(got, []string{"Beta", "Alpha", "Gamma"}) {
		t.Errorf("updated_since: %v", got)
	}
	if got := titles(append(mine, freshbooks.SortAsc("title"))...); !slices.Equal(got, []string{"Alpha", "Beta", "Gamma"}) {
		t.Errorf("sort=title: %v", got)
	}
	if got := titles(append(mine, freshbooks.SortDesc("title"))...); !slices.Equal(got, []string{"Gamma", "Beta", "Alpha"}) {
		t.Errorf("sort=-title: %v", got)
	}
	if got := titles(append(mine, freshbooks.Equals("complete", false), freshbooks.Equals("client_id", clientID))...); !slices.Equal(got, []string{"Beta"}) {
		t.Errorf("complete=false&client_id: %v", got)
	}
	if got := titles(append(mine, freshbooks.Equals("internal", true))...); !slices.Equal(got, []string{"Alpha"}) {
		t.Errorf("internal=true: %v", got)
	}
	// Sort over the whole list, seeded projects included.
	all := titles(freshbooks.SortAsc("title"))
	if len(all) < 6 || !slices.IsSorted(all) {
		t.Errorf("sort=title over all: %v", all)
	}
	page, err := env.biz.Projects.List(env.ctx, freshbooks.PerPage(2), freshbooks.OnPage(2), freshbooks.SortAsc("created_at"))
	if err != nil {
		t.Fatal(err)
	}
	if page.Page != 2 || page.PerPage != 2 || page.Total != len(all) || page.Pages != (len(all)+1)/2 || len(page.Items) != 2 {
		t.Errorf("page = %+v", page)
	}
	// Lists carry group_id, not the group.
	for _, p := range page.Items {
		if p.GroupID == 0 || p.Group != nil {
			t.Errorf("listed project %d: group_id %d, group %v", p.ID, p.GroupID, p.Group)
		}
	}

	_, err = env.biz.Projects.List(env.ctx, freshbooks.Param("updated_since", "notadate"))
	ae := asAPIError(t, err, freshbooks.ErrValidation)
	if ae.Details[0].Field != "updated_since" || ae.Details[0].Message != "Input should be a valid datetime or date, input is too short" {
		t.Errorf("err = %#v", ae)
	}
}

func TestProjectsLoggedDuration(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	p, err := env.biz.Projects.Create(env.ctx, &freshbooks.Project{Title: "Timed"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []time.Duration{30 * time.Minute, 90 * time.Minute} {
		if _, err := env.biz.TimeEntries.Create(env.ctx, &freshbooks.TimeEntry{ProjectID: p.ID, Duration: d,
			StartedAt: freshbooks.NewTime(env.clock.Now().Add(-3 * time.Hour))}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := env.biz.Projects.Get(env.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.LoggedDuration != 0 {
		t.Errorf("LoggedDuration without the include = %v", got.LoggedDuration)
	}
	got, err = env.biz.Projects.Get(env.ctx, p.ID, freshbooks.Include("include_logged_duration"))
	if err != nil {
		t.Fatal(err)
	}
	if got.LoggedDuration != 2*time.Hour {
		t.Errorf("LoggedDuration = %v, want 2h", got.LoggedDuration)
	}
	for q, err := range env.biz.Projects.All(env.ctx, freshbooks.Include("include_logged_duration")) {
		if err != nil {
			t.Fatal(err)
		}
		if q.ID == p.ID && q.LoggedDuration != 2*time.Hour {
			t.Errorf("listed project %d has logged_duration %v", q.ID, q.LoggedDuration)
		}
	}
}

func TestProjectsServicesAndAbilities(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	svc, err := env.biz.Services.Create(env.ctx, &freshbooks.Service{Name: "Always on", ProjectDefault: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := env.biz.Projects.Create(env.ctx, &freshbooks.Project{Title: "Internal", Internal: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	// A project_default service is on every new project [INF].
	if len(p.Services) != 1 || p.Services[0].ID != svc.ID || p.Services[0].Name != "Always on" || p.Services[0].BusinessID != env.biz.ID {
		t.Errorf("Services = %+v", p.Services)
	}
	got, err := env.biz.Projects.Get(env.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	// An internal project cannot be invoiced (get_project_response).
	if got.Can("can_generate_invoice") || !got.Can("can_track_time") {
		t.Errorf("Abilities = %+v", got.Abilities)
	}
	abilities, err := env.biz.Projects.Abilities(env.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(abilities) == 0 || abilities[0].Name != "can_view_projects" || !abilities[0].Value {
		t.Errorf("business abilities = %+v", abilities)
	}

	// The second identity is an employee of this business: it may track
	// time but not manage the project.
	other, err := freshbooks.NewClient(env.srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	other.SetToken(env.srv.IssueToken(1))
	emp, err := other.Business(env.biz.ID).Projects.Get(env.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if emp.Can("can_edit") || !emp.Can("can_track_time") {
		t.Errorf("employee abilities = %+v", emp.Abilities)
	}
}

func TestProjectsQueryDialect(t *testing.T) {
	c, last := replay(t, http.StatusOK, freshbooks.ReadFixture(t, "list_projects_response.json"))
	projects := c.Business(98765).Projects
	for _, tc := range []struct {
		opts []freshbooks.QueryOption
		want string
	}{
		{[]freshbooks.QueryOption{freshbooks.SortDesc("title")}, "sort=-title"},
		{[]freshbooks.QueryOption{freshbooks.SortAsc("title")}, "sort=title"},
		{[]freshbooks.QueryOption{freshbooks.Equals("complete", false), freshbooks.Equals("client_id", 3)}, "client_id=3&complete=false"},
		{[]freshbooks.QueryOption{freshbooks.Include("include_logged_duration")}, "include_logged_duration=true"},
		{[]freshbooks.QueryOption{freshbooks.Since("updated_since", time.Date(2020, 10, 17, 5, 45, 53, 0, time.UTC))}, "updated_since=2020-10-17T05%3A45%3A53Z"},
		{[]freshbooks.QueryOption{freshbooks.OnPage(2), freshbooks.PerPage(5), freshbooks.Equals("active", true)}, "active=true&page=2&per_page=5"},
	} {
		page, err := projects.List(t.Context(), tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if last.URL.Path != "/projects/business/98765/projects" || last.URL.RawQuery != tc.want {
			t.Errorf("GET %s?%s, want ?%s", last.URL.Path, last.URL.RawQuery, tc.want)
		}
		if len(page.Items) != 3 || page.Total != 3 || page.PerPage != 30 {
			t.Errorf("page = %+v", page)
		}
	}
	c, last = replay(t, http.StatusOK, freshbooks.ReadFixture(t, "get_project_response.json"))
	p, err := c.Business(98765).Projects.Get(t.Context(), 654321, freshbooks.Include("include_logged_duration"))
	if err != nil {
		t.Fatal(err)
	}
	if last.URL.Path != "/projects/business/98765/project/654321" || last.URL.RawQuery != "include_logged_duration=true" {
		t.Errorf("GET %s?%s", last.URL.Path, last.URL.RawQuery)
	}
	// The sibling abilities array, which the Python SDK drops, is kept.
	if len(p.Abilities) != 21 || p.Abilities[2].Name != "can_generate_invoice" || p.Can("can_generate_invoice") || !p.Can("can_create_comment") {
		t.Errorf("Abilities = %+v", p.Abilities)
	}
	if p.DueDate != freshbooks.NewDate(2021, time.January, 2) || !*p.Internal || len(p.Services) != 2 || !*p.Services[0].Billable ||
		!p.UpdatedAt.Time().Equal(time.Date(2020, 9, 13, 3, 10, 13, 0, time.UTC)) {
		t.Errorf("project = %+v", p)
	}
	c, _ = replay(t, http.StatusNotFound, freshbooks.ReadFixture(t, "get_project_response__not_found.json"))
	_, err = c.Business(98765).Projects.Get(t.Context(), 1)
	if ae := asAPIError(t, err, freshbooks.ErrNotFound); ae.Message != "Requested resource could not be found." {
		t.Errorf("message = %q", ae.Message)
	}
	c, _ = replay(t, http.StatusUnprocessableEntity, freshbooks.ReadFixture(t, "create_project__validation_errors.json"))
	_, err = c.Business(98765).Projects.Create(t.Context(), &freshbooks.Project{})
	if ae := asAPIError(t, err, freshbooks.ErrValidation); ae.Errno != 2001 || len(ae.Details) != 2 || ae.Details[1].Field != "description" {
		t.Errorf("err = %#v", ae)
	}
}
