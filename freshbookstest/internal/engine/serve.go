package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
	_ "time/tzdata" // accounting timestamps are US/Eastern on any host
)

func (s *Engine) serve(sp *Spec, h Handler) http.HandlerFunc {
	f := func(w http.ResponseWriter, r *http.Request) {
		sc, e := s.resolve(r, sp)
		if e == nil {
			e = h(w, r, sc)
		}
		if e != nil {
			e.write(w, r)
		}
	}
	if sp.Scope == Public {
		return f
	}
	return s.Auth(f)
}

// ReadBody reads a JSON write body and returns the record under key
// (or the body itself when key is empty).
func ReadBody(w http.ResponseWriter, r *http.Request, key string) (Record, *Error) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &Error{Status: 413, Errno: 1017, Message: "The request was too long."}
		}
		return nil, &Error{Status: 400, Errno: 1005, Message: "The request body could not be read."}
	}
	body := DecodeRecord(raw)
	if body == nil {
		return nil, &Error{Status: 400, Errno: 1005, Message: "The server was unable to parse your request, possibly due to a syntactical error in the request format."}
	}
	if key == "" {
		return body, nil
	}
	inner, ok := body[key].(map[string]any)
	if !ok {
		return nil, &Error{Status: 400, Errno: 1001, Field: key, Message: "The request is missing the '" + key + "' object."}
	}
	return Record(inner), nil
}

// PeekBody reads a write body's record under key and puts the body back
// for the generic handler, with edit applied to the record when edit is
// not nil.
func PeekBody(w http.ResponseWriter, r *http.Request, key string, edit func(Record)) (Record, *Error) {
	in, e := ReadBody(w, r, key)
	if e != nil {
		return nil, e
	}
	if edit != nil {
		edit(in)
	}
	body, err := json.Marshal(map[string]any{key: in})
	if err != nil {
		return nil, &Error{Status: 400, Errno: 1005, Message: "The request body could not be read."}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return in, nil
}

// stamp sets a record's timestamps in the family's wire form.
func (s *Engine) stamp(sp *Spec, rec Record, creating bool) {
	now := s.Now()
	switch sp.Timestamps {
	case AccountingStamps:
		t := now.In(Eastern()).Format("2006-01-02 15:04:05")
		rec["updated"] = t
		if creating {
			rec["created_at"] = t
		}
	case ISOStamps:
		t := now.UTC().Format("2006-01-02T15:04:05Z")
		rec["updated_at"] = t
		if creating {
			rec["created_at"] = t
		}
	}
}

// Eastern is US/Eastern, the zone of accounting timestamps.
var Eastern = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil { // cannot happen: time/tzdata is embedded
		panic(err)
	}
	return loc
})

// NoRoute answers a request for a path the sandbox does not serve: a 404
// in the family's error shape.
func NoRoute(w http.ResponseWriter, r *http.Request) {
	WriteError(w, r, http.StatusNotFound, 404, "Requested resource could not be found.")
}
