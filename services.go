package freshbooks

import (
	"context"
	"iter"
	"net/http"
)

// Service is a kind of work a business bills time for ("Design",
// "Consulting"), with an hourly rate kept apart as its [ServiceRate].
type Service struct {
	ID         ServiceID  `json:"id,omitempty"`
	BusinessID BusinessID `json:"business_id,omitempty"`
	Name       string     `json:"name,omitempty"` // required
	Billable   *bool      `json:"billable,omitempty"`
	// ProjectDefault marks a service added to new projects.
	ProjectDefault *bool    `json:"project_default,omitempty"`
	VisState       VisState `json:"vis_state,omitempty"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (s *Service) UnmarshalJSON(b []byte) error {
	type plain Service
	return unmarshalKeeping(b, (*plain)(s), &s.Extra)
}

// MarshalJSON writes Extra back.
func (s Service) MarshalJSON() ([]byte, error) {
	type plain Service
	return marshalKeeping((*plain)(&s), s.Extra)
}

// ServicesService manages a business's services. Lists hide deleted
// services unless filtered with Equals("vis_state", VisDeleted).
type ServicesService struct{ r resource[Service] }

// Get returns a service.
//
// FreshBooks endpoint: GET /comments/business/{business_id}/service/{id}
func (s *ServicesService) Get(ctx context.Context, id ServiceID, opts ...QueryOption) (*Service, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of services.
//
// FreshBooks endpoint: GET /comments/business/{business_id}/services
func (s *ServicesService) List(ctx context.Context, opts ...QueryOption) (*Page[Service], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every service, fetching page after page.
//
// FreshBooks endpoint: GET /comments/business/{business_id}/services
func (s *ServicesService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Service, error] {
	return s.r.all(ctx, opts)
}

// Create adds a service; Name is required.
//
// FreshBooks endpoint: POST /comments/business/{business_id}/service
func (s *ServicesService) Create(ctx context.Context, v *Service) (*Service, error) {
	return s.r.create(ctx, v, nil)
}

// Update changes the fields of a service that v sets.
//
// FreshBooks endpoint: PUT /comments/business/{business_id}/service/{id}
func (s *ServicesService) Update(ctx context.Context, id ServiceID, v *Service) (*Service, error) {
	return s.r.update(ctx, int64(id), v, nil)
}

// Delete deletes a service.
//
// FreshBooks endpoint: DELETE /comments/business/{business_id}/service/{id}
func (s *ServicesService) Delete(ctx context.Context, id ServiceID) error {
	return s.r.remove(ctx, int64(id))
}

// ServiceRate is the hourly rate of a service.
type ServiceRate struct {
	BusinessID BusinessID `json:"business_id,omitempty"`
	ServiceID  ServiceID  `json:"service_id,omitempty"`
	Rate       Decimal    `json:"rate,omitzero"` // per hour, "10.00"

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (r *ServiceRate) UnmarshalJSON(b []byte) error {
	type plain ServiceRate
	return unmarshalKeeping(b, (*plain)(r), &r.Extra)
}

// MarshalJSON writes Extra back.
func (r ServiceRate) MarshalJSON() ([]byte, error) {
	type plain ServiceRate
	return marshalKeeping((*plain)(&r), r.Extra)
}

// ServiceRatesService manages the rates of a business's services: one
// rate per service, addressed by the service's id. Rates cannot be
// deleted.
type ServiceRatesService struct{ r resource[ServiceRate] }

// ratePath is the path of a service's rate.
func (s *ServiceRatesService) ratePath(serviceID ServiceID) string {
	return s.r.ep.idPath(int64(serviceID))
}

// Get returns the rate of a service.
//
// FreshBooks endpoint: GET /comments/business/{business_id}/service/{service_id}/rate
func (s *ServiceRatesService) Get(ctx context.Context, serviceID ServiceID) (*ServiceRate, error) {
	return s.r.one(ctx, &request{method: http.MethodGet, path: s.ratePath(serviceID)})
}

// List returns the rates of the business's services. FreshBooks does not
// page it.
//
// FreshBooks endpoint: GET /comments/business/{business_id}/service_rates
func (s *ServiceRatesService) List(ctx context.Context, opts ...QueryOption) (*Page[ServiceRate], error) {
	return s.r.list(ctx, opts)
}

// Create sets the rate of a service.
//
// FreshBooks endpoint: POST /comments/business/{business_id}/service/{service_id}/rate
func (s *ServiceRatesService) Create(ctx context.Context, serviceID ServiceID, rate *ServiceRate) (*ServiceRate, error) {
	return s.write(ctx, http.MethodPost, serviceID, rate)
}

// Update changes the rate of a service.
//
// FreshBooks endpoint: PUT /comments/business/{business_id}/service/{service_id}/rate
func (s *ServiceRatesService) Update(ctx context.Context, serviceID ServiceID, rate *ServiceRate) (*ServiceRate, error) {
	return s.write(ctx, http.MethodPut, serviceID, rate)
}

func (s *ServiceRatesService) write(ctx context.Context, method string, serviceID ServiceID, rate *ServiceRate) (*ServiceRate, error) {
	body, err := s.r.body(rate)
	if err != nil {
		return nil, err
	}
	return s.r.one(ctx, &request{method: method, path: s.ratePath(serviceID), body: body})
}
