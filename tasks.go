package freshbooks

// STUB: to be completed by the owner of this resource family.

// Task is a FreshBooks record (stub).
type Task struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// TasksService is a stub.
type TasksService struct{ r resource[Task] }
