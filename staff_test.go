package freshbooks_test

import (
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// The owner is staff 1 (FreshBooks' examples); [INF] the other members'
// ids, the members of a staff record and the email filter.
func TestStaff(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{Now: time.Now})
	acct, me := env.acct, env.me
	ctx := t.Context()

	// The owner is staff 1; the second identity is an employee of this
	// business and comes next.
	page, err := acct.Staff.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || page.Items[0].ID != 1 || page.Items[1].ID != 2 {
		t.Fatalf("staff: %+v", page)
	}
	owner := page.Items[0]
	if owner.UserID != 1 || owner.Email != me.Email || owner.FirstName != me.FirstName || owner.LastName != me.LastName ||
		owner.AccountingSystemID != string(acct.ID) || !owner.SignupDate.Valid() {
		t.Errorf("owner %+v", owner)
	}

	got, err := acct.Staff.Get(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	up, err := acct.Staff.Update(ctx, 2, &freshbooks.Staff{MobilePhone: "555-0199", Rate: dec("45.00")})
	if err != nil {
		t.Fatal(err)
	}
	if up.MobilePhone != "555-0199" || up.Rate.String() != "45.00" || up.Email != got.Email {
		t.Errorf("updated %+v", up)
	}
	found, err := acct.Staff.List(ctx, freshbooks.Equals("email", got.Email))
	if err != nil || found.Total != 1 || found.Items[0].ID != 2 {
		t.Fatalf("email filter: %+v, %v", found, err)
	}

	if err := acct.Staff.Delete(ctx, 2); err != nil {
		t.Fatal(err)
	}
	deleted, err := acct.Staff.List(ctx, freshbooks.Equals("vis_state", freshbooks.VisDeleted))
	if err != nil || deleted.Total != 1 || deleted.Items[0].ID != 2 {
		t.Fatalf("deleted staff: %+v, %v", deleted, err)
	}
	if page, err = acct.Staff.List(ctx); err != nil || page.Total != 1 {
		t.Errorf("live staff after delete: %+v, %v", page, err)
	}
	_, err = acct.Staff.Get(ctx, 77)
	wantAPIError(t, err, freshbooks.ErrNotFound, 404, 1012, "userid")
}
