package projects

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

func validateService(_ *engine.Scope, rec engine.Record, _ bool) *engine.Error {
	if e := coerce(rec, []string{"vis_state"}, []string{"billable", "project_default"}); e != nil {
		return e
	}
	if strings.TrimSpace(rec.Str("name")) == "" {
		return engine.Validation(2001, "name", "field required")
	}
	return nil
}

func deriveService(_ *engine.Scope, rec engine.Record) {
	engine.Defaults(rec, map[string]any{"billable": true, "project_default": false, "vis_state": json.Number("0")}) // billable [INF]
}

// deleteService keeps the service with vis_state 1 (services carry
// vis_state; lists hide deleted ones) and answers 204, as the other
// DELETEs of the family [INF].
func deleteService(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sp := sc.Spec
	sc.Lock()
	defer sc.Unlock()
	id, rec, e := sc.Lookup(sp, r)
	if e != nil {
		return bizNotFound()
	}
	next := rec.Clone()
	next["vis_state"] = json.Number("1")
	if err := sc.Save(sp.Name, id, next); err != nil {
		return engine.StorageError(err)
	}
	sc.Changed(r, sp, "delete", id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listServiceRates serves every rate of the business. Not paged: no meta
// (python-sdk: service_rates list has no pages).
func listServiceRates(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	t := sc.Table(sc.Spec.Name)
	items := make([]any, 0, len(t.IDs))
	for _, id := range t.IDs {
		items = append(items, t.ByID[id].Clone())
	}
	sc.Unlock()
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{sc.Spec.Plural: items})
	return nil
}

// getServiceRate serves a service's rate.
func getServiceRate(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	defer sc.Unlock()
	sid, e := rateService(sc, r)
	if e != nil {
		return e
	}
	rate := sc.Table(sc.Spec.Name).ByID[sid]
	if rate == nil {
		return bizNotFound() // a service without a rate [INF]
	}
	engine.WriteOne(w, r, sc.Spec, http.StatusOK, rate.Clone())
	return nil
}

// writeServiceRate serves the POST (creating) and PUT of a service's
// rate. POST on a service that has a rate replaces it [INF].
func writeServiceRate(creating bool) engine.Handler {
	return func(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
		rsp := sc.Spec
		in, e := engine.ReadBody(w, r, rsp.Single)
		if e != nil {
			return e
		}
		sc.Lock()
		defer sc.Unlock()
		sid, e := rateService(sc, r)
		if e != nil {
			return e
		}
		old := sc.Table(rsp.Name).ByID[sid]
		if !creating && old == nil {
			return bizNotFound() // nothing to update [INF]
		}
		rate, e := rateValue(in)
		if e != nil {
			return e
		}
		rec := engine.Record{"business_id": engine.Num(sc.Business.ID), "service_id": engine.Num(sid), "rate": rate}
		if err := sc.Save(rsp.Name, sid, rec); err != nil {
			return engine.StorageError(err)
		}
		engine.WriteOne(w, r, rsp, http.StatusOK, rec.Clone())
		return nil
	}
}

// rateService finds the service of a rate path. Callers hold s.mu.
func rateService(sc *engine.Scope, r *http.Request) (int64, *engine.Error) {
	id, err := strconv.ParseInt(r.PathValue("service"), 10, 64)
	if err != nil || !exists(sc, "services", id) {
		return 0, bizNotFound()
	}
	return id, nil
}

// rateValue checks a written rate and gives it with two decimals, as
// FreshBooks answers it ("10.00"); the messages are pydantic's [INF].
func rateValue(in engine.Record) (string, *engine.Error) {
	v, ok := in["rate"]
	if !ok {
		return "", engine.Validation(2001, "rate", "field required")
	}
	if v == nil {
		return "", engine.Validation(2001, "rate", "none is not an allowed value")
	}
	d, err := decimal.NewFromString(strings.TrimSpace(in.Str("rate")))
	if err != nil {
		return "", engine.Validation(2001, "rate", "Input should be a valid decimal")
	}
	if d.Sign() < 0 {
		return "", engine.Validation(2001, "rate", "Input should be greater than or equal to 0")
	}
	return d.StringFixed(max(2, -d.Exponent())), nil
}
