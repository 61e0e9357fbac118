package freshbooks_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestServicesCRUD(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	s, err := env.biz.Services.Create(env.ctx, &freshbooks.Service{Name: "Consulting", Billable: new(false)})
	if err != nil {
		t.Fatal(err)
	}
	if s.ID == 0 || s.Name != "Consulting" || s.BusinessID != env.biz.ID || *s.Billable || *s.ProjectDefault || s.VisState != freshbooks.VisActive {
		t.Errorf("created = %+v", s)
	}
	got, err := env.biz.Services.Get(env.ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Consulting" {
		t.Errorf("Get = %+v", got)
	}
	up, err := env.biz.Services.Update(env.ctx, s.ID, &freshbooks.Service{Name: "Advisory", Billable: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	if up.Name != "Advisory" || !*up.Billable {
		t.Errorf("updated = %+v", up)
	}

	page, err := env.biz.Services.List(env.ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Three seeded services and ours; pages of 50 by default.
	if page.Total != 4 || page.PerPage != 50 || page.Pages != 1 || page.Items[3].ID != s.ID {
		t.Errorf("page = %+v", page)
	}
	var billable int
	for svc, err := range env.biz.Services.All(env.ctx, freshbooks.Equals("billable", true)) {
		if err != nil {
			t.Fatal(err)
		}
		billable++
		if !*svc.Billable {
			t.Errorf("billable filter let %+v through", svc)
		}
	}
	if billable != 4 {
		t.Errorf("%d billable services, want 4", billable)
	}

	// Delete keeps the service with vis_state 1, hidden from lists.
	if err := env.biz.Services.Delete(env.ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	got, err = env.biz.Services.Get(env.ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.VisState != freshbooks.VisDeleted {
		t.Errorf("VisState after Delete = %v", got.VisState)
	}
	page, err = env.biz.Services.List(env.ctx)
	if err != nil || page.Total != 3 {
		t.Errorf("services after Delete: %+v, %v", page, err)
	}
	page, err = env.biz.Services.List(env.ctx, freshbooks.Equals("vis_state", freshbooks.VisDeleted))
	if err != nil || page.Total != 1 || page.Items[0].ID != s.ID {
		t.Errorf("deleted services: %+v, %v", page, err)
	}

	_, err = env.biz.Services.Create(env.ctx, &freshbooks.Service{Billable: new(true)})
	ae := asAPIError(t, err, freshbooks.ErrValidation)
	if ae.Errno != 2001 || ae.Details[0].Field != "name" || ae.Details[0].Message != "field required" {
		t.Errorf("err = %#v", ae)
	}
	_, err = env.biz.Services.Get(env.ctx, 1)
	asAPIError(t, err, freshbooks.ErrNotFound)
}

func TestServiceRates(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	s, err := env.biz.Services.Create(env.ctx, &freshbooks.Service{Name: "Rated"})
	if err != nil {
		t.Fatal(err)
	}
	rates := env.biz.ServiceRates
	// No rate yet [INF: 404].
	_, err = rates.Get(env.ctx, s.ID)
	asAPIError(t, err, freshbooks.ErrNotFound)
	_, err = rates.Update(env.ctx, s.ID, &freshbooks.ServiceRate{Rate: dec("1")})
	asAPIError(t, err, freshbooks.ErrNotFound)

	r, err := rates.Create(env.ctx, s.ID, &freshbooks.ServiceRate{Rate: dec("10")})
	if err != nil {
		t.Fatal(err)
	}
	if r.ServiceID != s.ID || r.BusinessID != env.biz.ID || r.Rate.String() != "10.00" {
		t.Errorf("created = %+v", r)
	}
	r, err = rates.Update(env.ctx, s.ID, &freshbooks.ServiceRate{Rate: dec("12.5")})
	if err != nil {
		t.Fatal(err)
	}
	if r.Rate.String() != "12.50" {
		t.Errorf("updated rate = %s", r.Rate)
	}
	got, err := rates.Get(env.ctx, s.ID)
	if err != nil || got.Rate.String() != "12.50" || got.ServiceID != s.ID {
		t.Errorf("Get = %+v, %v", got, err)
	}
	// A zero rate is a write, not an omission.
	r, err = rates.Update(env.ctx, s.ID, &freshbooks.ServiceRate{Rate: dec("0")})
	if err != nil || r.Rate.String() != "0.00" {
		t.Errorf("zero rate: %+v, %v", r, err)
	}
	page, err := rates.List(env.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Pages != 1 || page.Items[0].ServiceID != s.ID {
		t.Errorf("list = %+v", page)
	}

	_, err = rates.Create(env.ctx, s.ID, &freshbooks.ServiceRate{Rate: dec("-1")})
	ae := asAPIError(t, err, freshbooks.ErrValidation)
	if ae.Details[0].Field != "rate" || ae.Details[0].Message != "Input should be greater than or equal to 0" {
		t.Errorf("err = %#v", ae)
	}
	_, err = rates.Create(env.ctx, s.ID, &freshbooks.ServiceRate{})
	if ae := asAPIError(t, err, freshbooks.ErrValidation); ae.Details[0].Message != "field required" {
		t.Errorf("err = %#v", ae)
	}
	_, err = rates.Get(env.ctx, 1)
	asAPIError(t, err, freshbooks.ErrNotFound)
}

func TestServicesWire(t *testing.T) {
	type call struct{ method, path, query, body string }
	var last call
	answer := `{"service":{"business_id":98765,"id":12345,"name":"Cooking","billable":true,"project_default":false,"vis_state":0},` +
		`"service_rate":{"business_id":98765,"service_id":12345,"rate":"10.00"},` +
		`"services":[{"id":12345,"name":"Cooking"}],"service_rates":[{"service_id":12345,"rate":"10.00"}],"meta":{"total":2,"per_page":50,"page":1,"pages":1}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		last = call{r.Method, r.URL.Path, r.URL.RawQuery, string(b)}
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_, _ = w.Write([]byte(answer))
	}))
	defer srv.Close()
	c, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	b := c.Business(98765)
	check := func(want call) {
		t.Helper()
		if last != want {
			t.Errorf("request %+v, want %+v", last, want)
		}
	}
	s, err := b.Services.Get(ctx, 12345)
	if err != nil || s.Name != "Cooking" || !*s.Billable || *s.ProjectDefault || s.BusinessID != 98765 {
		t.Errorf("Get = %+v, %v", s, err)
	}
	check(call{"GET", "/comments/business/98765/service/12345", "", ""})
	page, err := b.Services.List(ctx, freshbooks.PerPage(10))
	if err != nil || page.Total != 2 || page.PerPage != 50 {
		t.Errorf("List = %+v, %v", page, err)
	}
	check(call{"GET", "/comments/business/98765/services", "per_page=10", ""})
	if _, err := b.Services.Create(ctx, &freshbooks.Service{Name: "Cooking", Billable: new(false)}); err != nil {
		t.Fatal(err)
	}
	check(call{"POST", "/comments/business/98765/service", "", `{"service":{"name":"Cooking","billable":false}}`})
	if _, err := b.Services.Update(ctx, 12345, &freshbooks.Service{Name: "Baking"}); err != nil {
		t.Fatal(err)
	}
	check(call{"PUT", "/comments/business/98765/service/12345", "", `{"service":{"name":"Baking"}}`})
	if err := b.Services.Delete(ctx, 12345); err != nil {
		t.Fatal(err)
	}
	check(call{"DELETE", "/comments/business/98765/service/12345", "", ""})

	r, err := b.ServiceRates.Get(ctx, 12345)
	if err != nil || r.Rate.String() != "10.00" || r.ServiceID != 12345 {
		t.Errorf("rate = %+v, %v", r, err)
	}
	check(call{"GET", "/comments/business/98765/service/12345/rate", "", ""})
	if _, err := b.ServiceRates.List(ctx); err != nil {
		t.Fatal(err)
	}
	check(call{"GET", "/comments/business/98765/service_rates", "", ""})
	if _, err := b.ServiceRates.Create(ctx, 12345, &freshbooks.ServiceRate{Rate: dec("10.00")}); err != nil {
		t.Fatal(err)
	}
	check(call{"POST", "/comments/business/98765/service/12345/rate", "", `{"service_rate":{"rate":"10.00"}}`})
	if _, err := b.ServiceRates.Update(ctx, 12345, &freshbooks.ServiceRate{Rate: dec("11")}); err != nil {
		t.Fatal(err)
	}
	check(call{"PUT", "/comments/business/98765/service/12345/rate", "", `{"service_rate":{"rate":"11"}}`})
}
