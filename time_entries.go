package freshbooks

import (
	"context"
	"encoding/json"
	"iter"
	"time"
)

// TimeEntry is time logged by a team member, usually to a project, or a
// running timer (IsLogged false).
//
// StartedAt is required. Duration is required for a logged entry and
// travels in whole seconds; a running timer has none (0) until it is
// stopped.
type TimeEntry struct {
	ID         TimeEntryID `json:"id,omitempty"`
	IdentityID IdentityID  `json:"identity_id,omitempty"` // who logged it; defaults to the token's identity
	// IsLogged is false for a running timer. Write false to start one
	// and true to stop it.
	IsLogged       *bool         `json:"is_logged,omitempty"`
	StartedAt      Time          `json:"started_at,omitzero"` // required; UTC
	CreatedAt      Time          `json:"created_at,omitzero"`
	Duration       time.Duration `json:"duration,omitempty"` // whole seconds on the wire
	CustomerID     CustomerID    `json:"client_id,omitempty"`
	ProjectID      ProjectID     `json:"project_id,omitempty"`
	ServiceID      ServiceID     `json:"service_id,omitempty"`
	TaskID         TaskID        `json:"task_id,omitempty"`
	PendingClient  string        `json:"pending_client,omitempty"`
	PendingProject string        `json:"pending_project,omitempty"`
	PendingTask    string        `json:"pending_task,omitempty"`
	Note           string        `json:"note,omitempty"`
	Active         *bool         `json:"active,omitempty"`
	Billable       *bool         `json:"billable,omitempty"`
	Billed         *bool         `json:"billed,omitempty"`
	Internal       *bool         `json:"internal,omitempty"`
	RetainerID     int64         `json:"retainer_id,omitempty"`
	Timer          *Timer        `json:"timer,omitempty"` // nil for an entry logged without a timer

	Extra Extra `json:"-"`
}

// Timer is the timer behind a time entry.
type Timer struct {
	ID        int64 `json:"id,omitempty"`
	IsRunning bool  `json:"is_running"`
	Extra     Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (e *TimeEntry) UnmarshalJSON(b []byte) error {
	type plain TimeEntry
	return unmarshalKeeping(b, &struct {
		*plain
		Duration seconds `json:"duration,omitzero"`
	}{(*plain)(e), seconds{&e.Duration}}, &e.Extra)
}

// MarshalJSON writes Extra back.
func (e TimeEntry) MarshalJSON() ([]byte, error) {
	type plain TimeEntry
	return marshalKeeping(&struct {
		*plain
		Duration seconds `json:"duration,omitzero"`
	}{(*plain)(&e), seconds{&e.Duration}}, e.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (t *Timer) UnmarshalJSON(b []byte) error {
	type plain Timer
	return unmarshalKeeping(b, (*plain)(t), &t.Extra)
}

// MarshalJSON writes Extra back.
func (t Timer) MarshalJSON() ([]byte, error) {
	type plain Timer
	return marshalKeeping((*plain)(&t), t.Extra)
}

// TimeEntryPage is a page of time entries with the totals FreshBooks adds
// to the list: they cover every entry the filters match, not only this
// page.
type TimeEntryPage struct {
	Page[TimeEntry]
	// TotalLogged is the time logged (meta.total_logged).
	TotalLogged time.Duration
	// TotalUnbilled is the billable time not yet billed
	// (meta.total_unbilled).
	TotalUnbilled time.Duration
	// Meta is the list's whole meta object, member by member as sent:
	// paging, the totals, total_logged_per_team_member,
	// total_logged_per_client.
	Meta Extra
}

// TimeEntryFilter is the typed filter of time entry lists; the fields left
// zero filter nothing. It is a [QueryOption].
type TimeEntryFilter struct {
	ProjectID  ProjectID  // entries logged to the project (project_id)
	CustomerID CustomerID // entries for the client (client_id)
	// Started keeps entries started in the range, both ends included
	// (started_from, started_to, sent in UTC).
	Started  TimeRange
	Billable *bool // billable (true) or not (false)
	Billed   *bool // already billed (true) or not (false)
	// Team lists every team member's entries, not only the token's
	// identity's (team=true).
	Team bool
	// Timers lists running timers too (include_unlogged=true).
	Timers bool
}

func (f TimeEntryFilter) applyQuery(q *query) {
	if f.ProjectID != 0 {
		q.add(opEquals, "project_id", f.ProjectID)
	}
	if f.CustomerID != 0 {
		q.add(opEquals, "client_id", f.CustomerID)
	}
	f.Started.apply(q, "started_from", "started_to")
	if f.Billable != nil {
		q.add(opEquals, "billable", *f.Billable)
	}
	if f.Billed != nil {
		q.add(opEquals, "billed", *f.Billed)
	}
	if f.Team {
		q.add(opEquals, "team", true)
	}
	if f.Timers {
		q.add(opEquals, "include_unlogged", true)
	}
}

// TimeEntriesService manages a business's time entries.
//
// Filters (plain keys, Equals): billable, billed, client_id, project_id,
// identity_id, team (true: every team member's entries, not only the
// token's identity's), include_unlogged (true: running timers too),
// include_deleted; datetimes (Since, or Equals with a time.Time):
// started_from, started_to, updated_since. FreshBooks sorts newest first
// and takes no sort key.
type TimeEntriesService struct{ r resource[TimeEntry] }

// Get returns a time entry.
//
// FreshBooks endpoint: GET /timetracking/business/{business_id}/time_entries/{id}
func (s *TimeEntriesService) Get(ctx context.Context, id TimeEntryID, opts ...QueryOption) (*TimeEntry, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of time entries, with the totals of all the entries
// the filters match.
//
// FreshBooks endpoint: GET /timetracking/business/{business_id}/time_entries
func (s *TimeEntriesService) List(ctx context.Context, opts ...QueryOption) (*TimeEntryPage, error) {
	req, resp, err := s.r.fetch(ctx, s.r.ep.list, opts)
	if err != nil {
		return nil, err
	}
	page, err := decodePage[TimeEntry](req, resp, s.r.ep)
	if err != nil {
		return nil, err
	}
	out := &TimeEntryPage{Page: *page}
	// The totals are read leniently: a member of another type than
	// documented leaves its field zero, but stays in Meta.
	_ = decodeMembers(req, resp, nil, members{also: map[string]any{"meta": &out.Meta}})
	_ = json.Unmarshal(out.Meta["total_logged"], &seconds{&out.TotalLogged})
	_ = json.Unmarshal(out.Meta["total_unbilled"], &seconds{&out.TotalUnbilled})
	return out, nil
}

// All iterates over every time entry the filters match, fetching page
// after page.
//
// FreshBooks endpoint: GET /timetracking/business/{business_id}/time_entries
func (s *TimeEntriesService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*TimeEntry, error] {
	return s.r.all(ctx, opts)
}

// Create logs time (IsLogged true, the default, with StartedAt and
// Duration) or starts a timer (IsLogged false, with StartedAt).
//
// FreshBooks endpoint: POST /timetracking/business/{business_id}/time_entries
func (s *TimeEntriesService) Create(ctx context.Context, e *TimeEntry) (*TimeEntry, error) {
	return s.r.create(ctx, e, nil)
}

// Update changes the fields of a time entry that e sets. Setting IsLogged
// to true stops a running timer.
//
// FreshBooks endpoint: PUT /timetracking/business/{business_id}/time_entries/{id}
func (s *TimeEntriesService) Update(ctx context.Context, id TimeEntryID, e *TimeEntry) (*TimeEntry, error) {
	return s.r.update(ctx, int64(id), e, nil)
}

// Delete deletes a time entry for good.
//
// FreshBooks endpoint: DELETE /timetracking/business/{business_id}/time_entries/{id}
func (s *TimeEntriesService) Delete(ctx context.Context, id TimeEntryID) error {
	return s.r.remove(ctx, int64(id))
}
