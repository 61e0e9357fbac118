package freshbooks_test

import (
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// [INF]: name is required, tasks are billable by default, and the billable
// filter.
func TestTasksCRUD(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{}).acct
	ctx := t.Context()

	_, err := acct.Tasks.Create(ctx, &freshbooks.Task{Description: "no name"})
	wantAPIError(t, err, freshbooks.ErrValidation, 422, 1001, "name")

	task, err := acct.Tasks.Create(ctx, &freshbooks.Task{Name: "Design", Description: "Logo work", Rate: money("85.00")})
	if err != nil {
		t.Fatal(err)
	}
	if task.ID == 0 || task.TaskID != task.ID || task.Name != "Design" || task.TName != "Design" || task.TDesc != "Logo work" ||
		task.Billable == nil || !*task.Billable || task.Tax1 == nil || *task.Tax1 != 0 {
		t.Fatalf("created %+v", task)
	}
	wantMoney(t, "rate", task.Rate, "85.00", "USD")
	if task.Updated.String() != "2026-03-08 01:30:00" {
		t.Errorf("updated %q", task.Updated)
	}

	up, err := acct.Tasks.Update(ctx, task.ID, &freshbooks.Task{Billable: ptr(false), Rate: money("90")})
	if err != nil {
		t.Fatal(err)
	}
	if *up.Billable || up.Rate.Amount.String() != "90.00" || up.Name != "Design" {
		t.Errorf("updated %+v", up)
	}
	other, err := acct.Tasks.Create(ctx, &freshbooks.Task{Name: "Meetings"})
	if err != nil {
		t.Fatal(err)
	}
	billable, err := acct.Tasks.List(ctx, freshbooks.Equals("billable", true))
	if err != nil || billable.Total != 1 || billable.Items[0].ID != other.ID {
		t.Fatalf("billable filter: %+v, %v", billable, err)
	}

	if err := acct.Tasks.Delete(ctx, task.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := acct.Tasks.Get(ctx, task.ID); err != nil || got.VisState != freshbooks.VisDeleted {
		t.Fatalf("after delete: %+v, %v", got, err)
	}
	page, err := acct.Tasks.List(ctx)
	if err != nil || page.Total != 1 || page.Items[0].ID != other.ID {
		t.Errorf("live tasks: %+v, %v", page, err)
	}
	_, err = acct.Tasks.Get(ctx, 3)
	wantAPIError(t, err, freshbooks.ErrNotFound, 404, 1012, "taskid")
}
