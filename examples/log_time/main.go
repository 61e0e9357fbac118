// Command log_time logs time to a project: it creates a project and a
// service with an hourly rate, logs two time entries to the project for
// that service, then lists the project's entries with the total time
// logged, as FreshBooks sums it, and the project's logged duration.
//
// With no FRESHBOOKS_ACCESS_TOKEN in the environment it starts an
// in-process sandbox and runs there, so it works anywhere:
//
//	go run ./examples/log_time
//
// With FRESHBOOKS_ACCESS_TOKEN set it runs against real FreshBooks, in the
// token's user's first business (or the one whose id is
// FRESHBOOKS_BUSINESS_ID): it creates real records there.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "log_time:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	cfg := freshbooks.Config{AccessToken: os.Getenv("FRESHBOOKS_ACCESS_TOKEN")}
	var token *freshbooks.Token
	if cfg.AccessToken == "" {
		srv := freshbookstest.NewServer(freshbookstest.Options{})
		defer srv.Close()
		cfg = srv.Config()
		tok := srv.IssueToken(0)
		token = &tok
		fmt.Fprintf(out, "No FRESHBOOKS_ACCESS_TOKEN set: using an in-process FreshBooks sandbox at %s\n\n", srv.URL)
	}
	client, err := freshbooks.NewClient(cfg)
	if err != nil {
		return err
	}
	if token != nil {
		client.SetToken(*token)
	}
	biz, err := business(ctx, client, os.Getenv("FRESHBOOKS_BUSINESS_ID"))
	if err != nil {
		return err
	}

	project, err := biz.Projects.Create(ctx, &freshbooks.Project{
		Title:         "Website redesign",
		Description:   "New landing pages and a blog",
		ProjectType:   freshbooks.ProjectHourlyRate,
		BillingMethod: freshbooks.BillingServiceRate,
		DueDate:       freshbooks.DateOf(time.Now().AddDate(0, 1, 0)),
	})
	if err != nil {
		return fmt.Errorf("creating the project: %w", err)
	}
	fmt.Fprintf(out, "Project %d: %s\n", project.ID, project.Title)

	service, err := biz.Services.Create(ctx, &freshbooks.Service{Name: "Web design", Billable: new(true)})
	if err != nil {
		return fmt.Errorf("creating the service: %w", err)
	}
	rate, err := biz.ServiceRates.Create(ctx, service.ID, &freshbooks.ServiceRate{Rate: freshbooks.MustDecimal("120.00")})
	if err != nil {
		return fmt.Errorf("setting the service's rate: %w", err)
	}
	fmt.Fprintf(out, "Service %d: %s at %s an hour\n\n", service.ID, service.Name, rate.Rate)

	// Two sessions of work, yesterday and the day before, logged to the
	// project for the service. Time entries start at an instant in UTC and
	// last a number of seconds.
	day := time.Now().UTC().Truncate(24 * time.Hour)
	for _, w := range []struct {
		start    time.Time
		duration time.Duration
		note     string
	}{
		{day.Add(-48*time.Hour + 9*time.Hour), 2*time.Hour + 30*time.Minute, "Wireframes"},
		{day.Add(-24*time.Hour + 13*time.Hour), 90 * time.Minute, "Review with the client"},
	} {
		e, err := biz.TimeEntries.Create(ctx, &freshbooks.TimeEntry{
			ProjectID: project.ID,
			ServiceID: service.ID,
			StartedAt: freshbooks.NewTime(w.start),
			Duration:  w.duration,
			Note:      w.note,
		})
		if err != nil {
			return fmt.Errorf("logging time: %w", err)
		}
		fmt.Fprintf(out, "Logged entry %d: %s from %s\n", e.ID, hours(e.Duration), e.StartedAt.Time().Format("Mon Jan 2 15:04 MST"))
	}

	// FreshBooks sums the logged time of every entry the filters match in
	// the list's meta, whatever the page.
	page, err := biz.TimeEntries.List(ctx, freshbooks.Equals("project_id", project.ID))
	if err != nil {
		return fmt.Errorf("listing the project's time: %w", err)
	}
	fmt.Fprintf(out, "\nTime on %q (%d entries, newest first):\n", project.Title, page.Total)
	for _, e := range page.Items {
		fmt.Fprintf(out, "  %s  %8s  %s\n", e.StartedAt.Time().Format("2006-01-02 15:04"), hours(e.Duration), e.Note)
	}
	fmt.Fprintf(out, "Total logged: %s (unbilled: %s)\n", hours(page.TotalLogged), hours(page.TotalUnbilled))
	perSecond := rate.Rate.Mul(freshbooks.DecimalFromInt(int64(page.TotalUnbilled / time.Second))).Decimal().Div(freshbooks.DecimalFromInt(3600).Decimal())
	fmt.Fprintf(out, "Unbilled time at the service's rate: %s\n", freshbooks.DecimalOf(perSecond).Round(2))

	// The project reports the same total when asked to.
	p, err := biz.Projects.Get(ctx, project.ID, freshbooks.Include("include_logged_duration"))
	if err != nil {
		return fmt.Errorf("reading the project: %w", err)
	}
	fmt.Fprintf(out, "Project's logged duration: %s\n", hours(p.LoggedDuration))
	return nil
}

// business picks the business to work in: the one with id want, or the
// token's user's first.
func business(ctx context.Context, c *freshbooks.Client, want string) (*freshbooks.BusinessScope, error) {
	me, err := c.CurrentUser(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the current user: %w", err)
	}
	for _, m := range me.BusinessMemberships {
		if want == "" || want == strconv.FormatInt(int64(m.Business.ID), 10) {
			return c.Business(m.Business.ID), nil
		}
	}
	return nil, fmt.Errorf("the user belongs to no business %q", want)
}

// seconds formats a duration in seconds as hours and minutes.
func hours(d time.Duration) string {
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}
