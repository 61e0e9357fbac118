package freshbooks_test

import (
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

// TestIdentityFixture decodes the official SDK's recorded /users/me.
func TestIdentityFixture(t *testing.T) {
	c, last := replay(t, 200, freshbooks.ReadFixture(t, "auth_me_response.json"))
	id, err := c.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if last.URL.Path != "/auth/api/v1/users/me" || last.Header.Get("Authorization") != "Bearer some_token" {
		t.Errorf("request %s with %q", last.URL.Path, last.Header.Get("Authorization"))
	}
	if id.IdentityID != 12345 || id.ID != 12345 || id.IdentityUUID != "a_uuid" || id.Email != "skovalic@cis.com" ||
		id.FullName() != "Simon Kovalic" || id.Language != "en" {
		t.Errorf("identity = %+v", id)
	}
	if want := time.Date(2017, 5, 23, 5, 57, 24, 0, time.UTC); !id.ConfirmedAt.Equal(want) {
		t.Errorf("ConfirmedAt = %v", id.ConfirmedAt)
	}
	if len(id.Addresses) != 1 || id.Addresses[0] != nil {
		t.Errorf("addresses [null] decoded as %v", id.Addresses)
	}
	if id.Profile == nil || len(id.Profile.Professions) != 1 || id.Profile.Professions[0].Title != "Intelligence" || id.Profile.Address != nil {
		t.Errorf("profile = %+v", id.Profile)
	}
	if id.SubscriptionStatuses["ABC124"] != "cancelled" || len(id.Permissions) != 2 || id.Links["me"] == "" {
		t.Errorf("maps: %v %v %v", id.SubscriptionStatuses, id.Permissions, id.Links)
	}
	if len(id.Groups) != 2 || id.Groups[1].Role != freshbooks.RoleEmployee || id.Groups[0].BusinessID != 439000 {
		t.Errorf("groups = %+v", id.Groups)
	}
	if len(id.Roles) != 3 || id.Roles[0].AccountID != "ABC123" || id.Roles[0].Role != "admin" {
		t.Errorf("roles = %+v", id.Roles)
	}
	if len(id.BusinessMemberships) != 2 {
		t.Fatalf("memberships = %+v", id.BusinessMemberships)
	}
	m := id.BusinessMemberships[0]
	b := m.Business
	if m.ID != 140130 || m.Role != freshbooks.RoleOwner || b.ID != 439000 || b.AccountID != "ABC123" || b.BusinessUUID != "a_uuid1" ||
		b.Name != "Commonwealth of Independent Systems" || b.DateFormat != "dd/mm/yyyy" {
		t.Errorf("membership = %+v", m)
	}
	if b.Address == nil || b.Address.City != "Toronto" || b.PhoneNumber == nil || b.PhoneNumber.PhoneNumber != "8675309" {
		t.Errorf("address/phone = %+v %+v", b.Address, b.PhoneNumber)
	}
	if len(b.BusinessClients) != 1 || b.BusinessClients[0].AccountBusiness.AccountID != "XYZ321" || b.BusinessClients[0].ClientBusiness.BusinessID != 438000 {
		t.Errorf("business clients = %+v", b.BusinessClients)
	}
	if got := id.MembershipForBusiness(438000); got == nil || got.Role != freshbooks.RoleEmployee || got.Business.AccountID != "ABC124" {
		t.Errorf("MembershipForBusiness(438000) = %+v", got)
	}
}

func TestCurrentUserBadEnvelope(t *testing.T) {
	for _, body := range []string{`{"foo": "bar"}`, `stuff`, `{"response": `, `[]`} {
		c, _ := replay(t, 200, []byte(body))
		_, err := c.CurrentUser(t.Context())
		if err == nil {
			t.Errorf("body %q: no error", body)
		}
	}
}
