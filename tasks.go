package freshbooks

import (
	"context"
	"iter"
)

// Task is a kind of billable work put on invoices, with a rate. FreshBooks
// keeps tasks and project services in step: creating a billable task
// creates the matching service.
type Task struct {
	ID          TaskID         `json:"id,omitempty"`
	TaskID      TaskID         `json:"taskid,omitempty"`
	Name        string         `json:"name,omitempty"` // required
	TName       string         `json:"tname,omitempty"`
	Description string         `json:"description,omitempty"`
	TDesc       string         `json:"tdesc,omitempty"`
	Billable    *bool          `json:"billable,omitempty"`
	Rate        Money          `json:"rate,omitzero"`
	Tax1        *TaxID         `json:"tax1,omitempty"` // a tax id; 0 for none
	Tax2        *TaxID         `json:"tax2,omitempty"`
	Updated     AccountingTime `json:"updated,omitzero"`
	VisState    VisState       `json:"vis_state,omitempty"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (t *Task) UnmarshalJSON(b []byte) error {
	type plain Task
	return unmarshalKeeping(b, (*plain)(t), &t.Extra)
}

// MarshalJSON writes Extra back.
func (t Task) MarshalJSON() ([]byte, error) {
	type plain Task
	return marshalKeeping((*plain)(&t), t.Extra)
}

// TasksService manages the business's tasks.
//
// FreshBooks documents no task filters; the sandbox accepts taskids (In),
// name_like and billable (inferred).
type TasksService struct{ r resource[Task] }

// Get returns a task.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/projects/tasks/{id}
func (s *TasksService) Get(ctx context.Context, id TaskID, opts ...QueryOption) (*Task, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of tasks, active and archived unless filtered.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/projects/tasks
func (s *TasksService) List(ctx context.Context, opts ...QueryOption) (*Page[Task], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every task, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/projects/tasks
func (s *TasksService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Task, error] {
	return s.r.all(ctx, opts)
}

// Create adds a task; Name is required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/projects/tasks
func (s *TasksService) Create(ctx context.Context, t *Task, opts ...QueryOption) (*Task, error) {
	return s.r.create(ctx, t, opts)
}

// Update changes the fields of a task that t sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/projects/tasks/{id}
func (s *TasksService) Update(ctx context.Context, id TaskID, t *Task, opts ...QueryOption) (*Task, error) {
	return s.r.update(ctx, int64(id), t, opts)
}

// Delete deletes a task: FreshBooks keeps it with VisState VisDeleted.
// The project service made for it stays.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/projects/tasks/{id} with {"task": {"vis_state": 1}}
func (s *TasksService) Delete(ctx context.Context, id TaskID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}
