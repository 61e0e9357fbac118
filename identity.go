package freshbooks

import (
	"context"
	"encoding/json"
	"time"
)

// Role is a person's role in a business.
type Role string

// Roles as the API names them. In the deprecated Identity.Roles list the
// owner appears as "admin".
const (
	RoleOwner      Role = "owner"               // Owner
	RoleAdmin      Role = "business_partner"    // Admin
	RoleManager    Role = "business_manager"    // Manager
	RoleEmployee   Role = "business_employee"   // Employee
	RoleAccountant Role = "business_accountant" // Accountant
	RoleContractor Role = "contractor"          // Contractor
	RoleClient     Role = "client"              // Client
)

// Identity is the person a token belongs to, as returned by
// [Client.CurrentUser].
type Identity struct {
	ID                   IdentityID                   `json:"id"`
	IdentityID           IdentityID                   `json:"identity_id"`
	IdentityUUID         string                       `json:"identity_uuid"`
	FirstName            string                       `json:"first_name"`
	LastName             string                       `json:"last_name"`
	Email                string                       `json:"email"`
	UnconfirmedEmail     *string                      `json:"unconfirmed_email"`
	Language             string                       `json:"language"`
	Timezone             string                       `json:"timezone,omitempty"`
	ConfirmedAt          time.Time                    `json:"confirmed_at,omitzero"`
	CreatedAt            time.Time                    `json:"created_at,omitzero"`
	SetupComplete        bool                         `json:"setup_complete"`
	IdentityOrigin       *string                      `json:"identity_origin,omitempty"`
	OTPDeliveryMethod    string                       `json:"otp_delivery_method,omitempty"`
	OTPRequiredForLogin  bool                         `json:"otp_required_for_login,omitempty"`
	Profile              *Profile                     `json:"profile,omitempty"`
	PhoneNumbers         []TitledPhoneNumber          `json:"phone_numbers,omitempty"`
	Addresses            []*Address                   `json:"addresses,omitempty"` // entries may be null
	Profession           *Profession                  `json:"profession,omitempty"`
	Links                map[string]string            `json:"links,omitempty"`
	Permissions          map[AccountID]map[string]any `json:"permissions,omitempty"` // feature flags per account
	Groups               []Group                      `json:"groups,omitempty"`
	SubscriptionStatuses map[AccountID]string         `json:"subscription_statuses,omitempty"`
	BusinessStatuses     map[AccountID]string         `json:"business_statuses,omitempty"`
	Integrations         map[string]json.RawMessage   `json:"integrations,omitempty"`
	BusinessMemberships  []BusinessMembership         `json:"business_memberships"`
	// Roles is FreshBooks' deprecated list of roles per account.
	Roles []IdentityRole `json:"roles,omitempty"`
}

// FullName returns the first and last names joined by a space.
func (id *Identity) FullName() string {
	switch {
	case id.FirstName == "":
		return id.LastName
	case id.LastName == "":
		return id.FirstName
	}
	return id.FirstName + " " + id.LastName
}

// MembershipForAccount returns the membership whose business has the given
// account id, or nil.
func (id *Identity) MembershipForAccount(account AccountID) *BusinessMembership {
	for i := range id.BusinessMemberships {
		if m := &id.BusinessMemberships[i]; m.Business.AccountID == account {
			return m
		}
	}
	return nil
}

// MembershipForBusiness returns the membership of the business with the
// given id, or nil.
func (id *Identity) MembershipForBusiness(business BusinessID) *BusinessMembership {
	for i := range id.BusinessMemberships {
		if m := &id.BusinessMemberships[i]; m.Business.ID == business {
			return m
		}
	}
	return nil
}

// Profile is the identity's profile.
type Profile struct {
	SetupComplete    bool         `json:"setup_complete"`
	FirstName        string       `json:"first_name"`
	LastName         string       `json:"last_name"`
	PhoneNumber      *string      `json:"phone_number"`
	Address          *Address     `json:"address"`
	Professions      []Profession `json:"professions,omitempty"`
	Profession       *Profession  `json:"profession,omitempty"`
	HasPassword      bool         `json:"has_password"`
	IsEmailConfirmed bool         `json:"is_email_confirmed,omitempty"`
	TimeFormat       int          `json:"time_format,omitempty"`
	Timezone         string       `json:"timezone,omitempty"`
}

// Profession is a line of work an identity declared.
type Profession struct {
	ID          int64       `json:"id"`
	BusinessID  *BusinessID `json:"business_id"`
	Title       string      `json:"title"`
	Company     string      `json:"company"`
	Designation *string     `json:"designation"`
}

// TitledPhoneNumber is one of an identity's phone numbers.
type TitledPhoneNumber struct {
	Title       string  `json:"title"`
	PhoneNumber *string `json:"phone_number"`
}

// Address is a postal address.
type Address struct {
	ID         int64  `json:"id,omitempty"`
	Street     string `json:"street"`
	Street2    string `json:"street2,omitempty"`
	City       string `json:"city"`
	Province   string `json:"province"`
	Country    string `json:"country"`
	PostalCode string `json:"postal_code"`
}

// PhoneNumber is a business's phone number.
type PhoneNumber struct {
	ID          int64  `json:"id,omitempty"`
	PhoneNumber string `json:"phone_number"`
}

// Group is the identity's place in a business's group.
type Group struct {
	ID           int64      `json:"id"`
	GroupID      int64      `json:"group_id"`
	Role         Role       `json:"role"`
	IdentityID   IdentityID `json:"identity_id"`
	IdentityUUID string     `json:"identity_uuid"`
	BusinessID   BusinessID `json:"business_id"`
	Active       bool       `json:"active"`
}

// IdentityRole is an entry of the deprecated roles list.
type IdentityRole struct {
	ID        int64             `json:"id"`
	Role      string            `json:"role"`
	SystemID  int64             `json:"systemid"`
	UserID    int64             `json:"userid"`
	CreatedAt time.Time         `json:"created_at,omitzero"`
	Links     map[string]string `json:"links,omitempty"`
	AccountID AccountID         `json:"accountid"`
}

// BusinessMembership is the identity's membership of one business.
type BusinessMembership struct {
	// ID identifies the membership, not the business: use Business.ID.
	ID                   int64    `json:"id"`
	Role                 Role     `json:"role"`
	UnacknowledgedChange bool     `json:"unacknowledged_change"`
	FasttrackToken       string   `json:"fasttrack_token,omitempty"`
	Business             Business `json:"business"`
}

// Business is a business an identity belongs to, with its three ids.
type Business struct {
	ID           BusinessID   `json:"id"`
	BusinessUUID BusinessUUID `json:"business_uuid"`
	Name         string       `json:"name"`
	// AccountID is empty for identities that are only clients of the
	// business: they have no accounting access.
	AccountID                 AccountID        `json:"account_id"`
	DateFormat                string           `json:"date_format"`
	Active                    *bool            `json:"active,omitempty"`
	Timezone                  string           `json:"timezone,omitempty"`
	Status                    string           `json:"status,omitempty"`
	AdvancedAccountingEnabled *bool            `json:"advanced_accounting_enabled,omitempty"`
	BillingCountryCode        string           `json:"billing_country_code,omitempty"`
	BusinessType              *string          `json:"business_type,omitempty"`
	FirstDayOfWeek            *int             `json:"first_day_of_week,omitempty"`
	Industry                  *string          `json:"industry,omitempty"`
	NumberFormat              *string          `json:"number_format,omitempty"`
	Address                   *Address         `json:"address"`
	PhoneNumber               *PhoneNumber     `json:"phone_number"`
	BusinessClients           []BusinessClient `json:"business_clients,omitempty"`
}

// BusinessClient links a business to another business that is its client.
type BusinessClient struct {
	ID             int64      `json:"id"`
	BusinessID     BusinessID `json:"business_id"`
	AccountID      AccountID  `json:"account_id"`
	UserID         int64      `json:"userid"`
	ClientBusiness struct {
		BusinessID BusinessID `json:"business_id"`
	} `json:"client_business"`
	AccountBusiness struct {
		AccountBusinessID int64     `json:"account_business_id"`
		AccountID         AccountID `json:"account_id"`
	} `json:"account_business"`
}

// CurrentUser returns the identity the access token belongs to, with its
// business memberships: the first call after authorization, and the source
// of the account, business and business UUID ids other calls need.
//
// FreshBooks endpoint: GET /auth/api/v1/users/me
func (c *Client) CurrentUser(ctx context.Context) (*Identity, error) {
	var env struct {
		Response *Identity `json:"response"`
	}
	r := &request{family: FamilyAuth, method: "GET", path: "/auth/api/v1/users/me"}
	resp, err := c.send(ctx, r.authed())
	if err != nil {
		return nil, err
	}
	if err := decodeJSON(r, resp, &env); err != nil {
		return nil, err
	}
	if env.Response == nil {
		return nil, &APIError{StatusCode: 200, Method: r.method, Path: r.path, Message: "unexpected response: no \"response\" member"}
	}
	return env.Response, nil
}
