package webhook

import (
	"context"
	"crypto/hmac"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/freshbooks-go/freshbooks"
)

// DefaultMaxBodyBytes is the body size limit of a [Handler] whose
// MaxBodyBytes is not set. A delivery is a few hundred bytes.
const DefaultMaxBodyBytes = 64 << 10

// A Handler is an [http.Handler] receiving the deliveries of FreshBooks
// callbacks.
//
// It answers:
//   - 405 to a method other than POST, 413 to a body over MaxBodyBytes, 400
//     to a body that is not a delivery;
//   - for a verification delivery (one with a verifier field), what
//     OnVerification returns: 200, or 500 on error;
//   - for any other delivery, 401 unless its signature is that of one of the
//     account's Verifiers, in which case OnEvent is called: 200, or 500 on
//     error. The application never sees an unauthenticated event.
//
// OnVerification and OnEvent run before the response is written, so an error
// makes FreshBooks retry the delivery later. FreshBooks waits 10 seconds for
// the response: queue slow work and return. A Handler is safe for concurrent
// use if its functions are.
//
// The verification delivery cannot be authenticated: it carries the very
// secret its signature would be checked with, which the application does not
// hold yet. This is safe because the application does nothing with it but
// hand it back to FreshBooks, which accepts only the real verifier of the
// callback: OnVerification should call the callbacks' Verify endpoint with
// the event's ObjectID and Verifier, and store the verifier only once that
// succeeds. Anyone can send a verification delivery, so OnVerification
// should trust nothing else in it, and may ignore callback ids the
// application did not register.
//
// The Handler never logs verifiers or signatures; it does log the errors
// the application's functions return.
type Handler struct {
	// Verifiers returns the verifiers of the verified callbacks that deliver
	// to this endpoint for account. A delivery is accepted if signed by any
	// of them; empty verifiers are ignored. An error answers 500. If nil,
	// every event is refused.
	Verifiers func(ctx context.Context, account freshbooks.AccountID) ([]string, error)

	// OnVerification receives a verification delivery. If nil, verification
	// deliveries are acknowledged and dropped.
	OnVerification func(ctx context.Context, e *Event) error

	// OnEvent receives each authenticated event. If nil, events are
	// acknowledged and dropped.
	OnEvent func(ctx context.Context, e *Event) error

	// MaxBodyBytes limits the request body. If zero or less,
	// DefaultMaxBodyBytes applies.
	MaxBodyBytes int64

	// Logger, if not nil, receives a record for each refused or failed
	// delivery.
	Logger *slog.Logger
}

// ServeHTTP handles one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	limit := h.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			h.log(ctx, slog.LevelWarn, "body too large", "limit", limit)
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		h.log(ctx, slog.LevelWarn, "reading body", "err", err)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	fields, err := parseForm(body)
	if err != nil {
		h.log(ctx, slog.LevelWarn, "malformed body", "err", err)
		http.Error(w, "malformed body", http.StatusBadRequest)
		return
	}

	if fieldValue(fields, "verifier") != "" {
		h.serveVerification(w, r, fields)
		return
	}

	account := freshbooks.AccountID(fieldValue(fields, "account_id"))
	signature := r.Header.Get(SignatureHeader)
	if signature == "" {
		h.log(ctx, slog.LevelWarn, "missing signature", "account_id", account)
		http.Error(w, "missing signature", http.StatusUnauthorized)
		return
	}
	var verifiers []string
	if h.Verifiers != nil {
		verifiers, err = h.Verifiers(ctx, account)
		if err != nil {
			h.log(ctx, slog.LevelError, "looking up verifiers", "account_id", account, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
	}
	if !signedByAny(verifiers, canonicalJSON(fields), signature) {
		h.log(ctx, slog.LevelWarn, "invalid signature", "account_id", account)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}

	e, err := newEvent(fields)
	if err != nil {
		h.log(ctx, slog.LevelError, "malformed event", "account_id", account, "err", err)
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if h.OnEvent != nil {
		if err := h.OnEvent(ctx, e); err != nil {
			h.log(ctx, slog.LevelError, "handling event", "name", e.Name, "account_id", e.AccountID, "object_id", e.ObjectID, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

func (h *Handler) serveVerification(w http.ResponseWriter, r *http.Request, fields []Field) {
	ctx := r.Context()
	e, err := newEvent(fields)
	if err != nil {
		h.log(ctx, slog.LevelWarn, "malformed verification", "err", err)
		http.Error(w, "malformed verification", http.StatusBadRequest)
		return
	}
	if h.OnVerification == nil {
		h.log(ctx, slog.LevelWarn, "verification dropped: no OnVerification", "callback_id", e.ObjectID)
	} else if err := h.OnVerification(ctx, e); err != nil {
		h.log(ctx, slog.LevelError, "handling verification", "callback_id", e.ObjectID, "err", hideVerifier(err, e.Verifier))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// signedByAny reports whether signature signs msg with one of verifiers,
// comparing with each in constant time.
func signedByAny(verifiers []string, msg []byte, signature string) bool {
	ok := false
	for _, v := range verifiers {
		if v != "" && hmac.Equal([]byte(sign(v, msg)), []byte(signature)) {
			ok = true
		}
	}
	return ok
}

func (h *Handler) log(ctx context.Context, level slog.Level, msg string, args ...any) {
	if h.Logger != nil {
		h.Logger.Log(ctx, level, "webhook: "+msg, args...)
	}
}
