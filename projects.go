package freshbooks

import (
	"context"
	"iter"
	"strings"
	"time"
)

// Project is a FreshBooks project: work for a client, tracked in time
// entries and billed by a billing method.
type Project struct {
	ID               ProjectID     `json:"id,omitempty"`
	Title            string        `json:"title,omitempty"` // required, at most 255 characters
	Description      string        `json:"description,omitempty"`
	DueDate          Date          `json:"due_date,omitzero"`
	CustomerID       CustomerID    `json:"client_id,omitempty"`
	Internal         *bool         `json:"internal,omitempty"`
	Budget           time.Duration `json:"budget,omitempty"`     // for hourly projects; whole seconds on the wire
	FixedPrice       Decimal       `json:"fixed_price,omitzero"` // for fixed-price projects
	Rate             Decimal       `json:"rate,omitzero"`
	BillingMethod    BillingMethod `json:"billing_method,omitempty"`
	ProjectType      ProjectType   `json:"project_type,omitempty"`
	ProjectManagerID int64         `json:"project_manager_id,omitempty"`
	Active           *bool         `json:"active,omitempty"`
	Complete         *bool         `json:"complete,omitempty"`
	Sample           bool          `json:"sample,omitempty"`
	CreatedAt        Time          `json:"created_at,omitzero"`
	UpdatedAt        Time          `json:"updated_at,omitzero"`
	LoggedDuration   time.Duration `json:"logged_duration,omitempty"` // with Include("include_logged_duration")
	Services         []Service     `json:"services,omitempty"`
	BilledAmount     Decimal       `json:"billed_amount,omitzero"`
	BilledStatus     string        `json:"billed_status,omitempty"` // billed, partially_billed, unbilled
	RetainerID       int64         `json:"retainer_id,omitempty"`
	ExpenseMarkup    Decimal       `json:"expense_markup,omitzero"`
	GroupID          int64         `json:"group_id,omitempty"` // in lists and writes
	Group            *ProjectGroup `json:"group,omitempty"`    // in single answers

	// Abilities says what the token's identity may do with the project.
	// FreshBooks sends it beside the project, not in it, and only to
	// [ProjectsService.Get]; it is never sent back.
	Abilities []Ability `json:"-"`

	Extra Extra `json:"-"`
}

// Ability is one permission of the token's identity: {"name": "can_edit",
// "value": true}.
type Ability struct {
	Name  string `json:"name"`
	Value bool   `json:"value"`
	Extra Extra  `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (a *Ability) UnmarshalJSON(b []byte) error {
	type plain Ability
	return unmarshalKeeping(b, (*plain)(a), &a.Extra)
}

// MarshalJSON writes Extra back.
func (a Ability) MarshalJSON() ([]byte, error) {
	type plain Ability
	return marshalKeeping((*plain)(&a), a.Extra)
}

// Can reports whether the ability named name is granted.
func (p *Project) Can(name string) bool {
	for _, a := range p.Abilities {
		if a.Name == name {
			return a.Value
		}
	}
	return false
}

// BillingMethod is how a project's time is priced.
type BillingMethod string

// Billing methods.
const (
	BillingBusinessRate   BillingMethod = "business_rate"
	BillingProjectRate    BillingMethod = "project_rate"
	BillingServiceRate    BillingMethod = "service_rate"
	BillingTeamMemberRate BillingMethod = "team_member_rate"
)

// ProjectType is how a project is billed.
type ProjectType string

// Project types.
const (
	ProjectFixedPrice ProjectType = "fixed_price"
	ProjectHourlyRate ProjectType = "hourly_rate"
)

// ProjectGroup is the team on a project.
type ProjectGroup struct {
	ID                 int64                `json:"id"`
	Members            []ProjectGroupMember `json:"members"`
	PendingInvitations []Extra              `json:"pending_invitations"`
	Extra              Extra                `json:"-"`
}

// ProjectGroupMember is one person on a project.
type ProjectGroupMember struct {
	ID         int64      `json:"id"`
	IdentityID IdentityID `json:"identity_id"`
	Role       Role       `json:"role"`
	FirstName  string     `json:"first_name"`
	LastName   string     `json:"last_name"`
	Email      string     `json:"email"`
	Company    string     `json:"company"`
	Active     bool       `json:"active"`
	Extra      Extra      `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (p *Project) UnmarshalJSON(b []byte) error {
	type plain Project
	return unmarshalKeeping(b, &struct {
		*plain
		Budget         seconds `json:"budget,omitzero"`
		LoggedDuration seconds `json:"logged_duration,omitzero"`
	}{(*plain)(p), seconds{&p.Budget}, seconds{&p.LoggedDuration}}, &p.Extra)
}

// MarshalJSON writes Extra back.
func (p Project) MarshalJSON() ([]byte, error) {
	type plain Project
	return marshalKeeping(&struct {
		*plain
		Budget         seconds `json:"budget,omitzero"`
		LoggedDuration seconds `json:"logged_duration,omitzero"`
	}{(*plain)(&p), seconds{&p.Budget}, seconds{&p.LoggedDuration}}, p.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (g *ProjectGroup) UnmarshalJSON(b []byte) error {
	type plain ProjectGroup
	return unmarshalKeeping(b, (*plain)(g), &g.Extra)
}

// MarshalJSON writes Extra back.
func (g ProjectGroup) MarshalJSON() ([]byte, error) {
	type plain ProjectGroup
	return marshalKeeping((*plain)(&g), g.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (m *ProjectGroupMember) UnmarshalJSON(b []byte) error {
	type plain ProjectGroupMember
	return unmarshalKeeping(b, (*plain)(m), &m.Extra)
}

// MarshalJSON writes Extra back.
func (m ProjectGroupMember) MarshalJSON() ([]byte, error) {
	type plain ProjectGroupMember
	return marshalKeeping((*plain)(&m), m.Extra)
}

// ProjectFilter is the typed filter of project lists; the fields left zero
// filter nothing. It is a [QueryOption].
type ProjectFilter struct {
	CustomerID   CustomerID // the client's projects (client_id)
	Active       *bool      // active (true) or deleted (false)
	Complete     *bool      // complete (true) or not (false)
	UpdatedSince time.Time  // changed at or after, sent in UTC (updated_since)
}

func (f ProjectFilter) applyQuery(q *query) {
	if f.CustomerID != 0 {
		q.add(opEquals, "client_id", f.CustomerID)
	}
	if f.Active != nil {
		q.add(opEquals, "active", *f.Active)
	}
	if f.Complete != nil {
		q.add(opEquals, "complete", *f.Complete)
	}
	if !f.UpdatedSince.IsZero() {
		q.add(opEquals, "updated_since", f.UpdatedSince)
	}
}

// ProjectsService manages a business's projects.
//
// Filters (plain keys): active, complete, internal, client_id (Equals),
// updated_since (Since), skip_group. Include: include_logged_duration.
// Sort keys: created_at, due_date, title.
type ProjectsService struct{ r resource[Project] }

// Get returns a project, with its group and, in Abilities, what the
// token's identity may do with it.
//
// FreshBooks endpoint: GET /projects/business/{business_id}/project/{id}
func (s *ProjectsService) Get(ctx context.Context, id ProjectID, opts ...QueryOption) (*Project, error) {
	req, resp, err := s.r.fetch(ctx, s.r.ep.idPath(int64(id)), opts)
	if err != nil {
		return nil, err
	}
	p := new(Project)
	var abilities []Ability
	err = decodeMembers(req, resp, nil, members{key: "project", into: p, also: map[string]any{"abilities": &abilities}})
	if err != nil {
		return nil, err
	}
	p.Abilities = abilities
	return p, nil
}

// Abilities says what the token's identity may do with the business's
// projects ("can_view_projects", "can_create_projects", …).
//
// FreshBooks endpoint: GET /projects/business/{business_id}/abilities
func (s *ProjectsService) Abilities(ctx context.Context) ([]Ability, error) {
	req, resp, err := s.r.fetch(ctx, strings.TrimSuffix(s.r.ep.list, "projects")+"abilities", nil)
	if err != nil {
		return nil, err
	}
	var out []Ability
	if err := decodeMembers(req, resp, nil, members{key: "abilities", also: map[string]any{"abilities": &out}}); err != nil {
		return nil, err
	}
	return out, nil
}

// List returns a page of projects.
//
// FreshBooks endpoint: GET /projects/business/{business_id}/projects
func (s *ProjectsService) List(ctx context.Context, opts ...QueryOption) (*Page[Project], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every project, fetching page after page.
//
// FreshBooks endpoint: GET /projects/business/{business_id}/projects
func (s *ProjectsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Project, error] {
	return s.r.all(ctx, opts)
}

// Create adds a project; Title is required.
//
// FreshBooks endpoint: POST /projects/business/{business_id}/project
func (s *ProjectsService) Create(ctx context.Context, p *Project) (*Project, error) {
	return s.r.create(ctx, p, nil)
}

// Update changes the fields of a project that p sets. FreshBooks wants
// Title on every update: without it, it fails with a 500.
//
// FreshBooks endpoint: PUT /projects/business/{business_id}/project/{id}
func (s *ProjectsService) Update(ctx context.Context, id ProjectID, p *Project) (*Project, error) {
	return s.r.update(ctx, int64(id), p, nil)
}

// Delete deletes a project for good.
//
// FreshBooks endpoint: DELETE /projects/business/{business_id}/project/{id}
func (s *ProjectsService) Delete(ctx context.Context, id ProjectID) error {
	return s.r.remove(ctx, int64(id))
}
