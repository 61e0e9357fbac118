package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/webhook"
)

func ExampleVerify() {
	// What a receiver has: the verifier kept from the callback's
	// verification, the raw request body, and the X-FreshBooks-Hmac-SHA256
	// header.
	verifier := "UWQfd9zCzxmVwFZWKqqKwLxqz8gvzGdAn"
	body := []byte("name=invoice.create&object_id=1234567&account_id=6BApk&business_id=6543&identity_id=1234&user_id=1")
	signature := "LPKhsWgYYESU4Osl7oI6YU+fv+Gq+OR5UOHHdWl4Wg0="

	if err := webhook.Verify(verifier, body, signature); err != nil {
		fmt.Println(err)
		return
	}
	e, err := webhook.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Resource, e.Action, e.ObjectID, e.AccountID)

	tampered := strings.Replace(string(body), "1234567", "7654321", 1)
	fmt.Println(webhook.Verify(verifier, []byte(tampered), signature))
	// Output:
	// invoice create 1234567 6BApk
	// webhook: invalid signature
}

func ExampleCanonicalJSON() {
	msg, err := webhook.CanonicalJSON([]byte("name=client.update&object_id=177864&note=caf%C3%A9+%3C%26%3E+a%2Fb"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(msg))
	// Output:
	// {"name": "client.update", "object_id": "177864", "note": "caf\u00e9 <&> a/b"}
}

func ExampleHandler() {
	// verifiers stands for the application's database: account -> verifiers.
	var mu sync.Mutex
	verifiers := map[freshbooks.AccountID][]string{}

	h := &webhook.Handler{
		Verifiers: func(ctx context.Context, account freshbooks.AccountID) ([]string, error) {
			mu.Lock()
			defer mu.Unlock()
			return verifiers[account], nil
		},
		OnVerification: func(ctx context.Context, e *webhook.Event) error {
			// A real application first sends e.ObjectID and e.Verifier to
			// FreshBooks' callbacks Verify endpoint, and stores the verifier
			// only if FreshBooks accepts it.
			fmt.Println("verifying callback", e.ObjectID)
			mu.Lock()
			defer mu.Unlock()
			verifiers["6BApk"] = append(verifiers["6BApk"], e.Verifier)
			return nil
		},
		OnEvent: func(ctx context.Context, e *webhook.Event) error {
			// Treat the event as a hint: fetch the object by id.
			fmt.Println("event", e.Name, e.ObjectID)
			return nil
		},
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	post := func(body, signature string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if signature != "" {
			req.Header.Set(webhook.SignatureHeader, signature)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.Status)
	}

	// FreshBooks verifies the new callback 2001...
	const verifier = "scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd"
	post("name=invoice.create&object_id=2001&verifier="+url.QueryEscape(verifier), "")

	// ...then signs each delivery with its verifier.
	delivery := webhook.Encode([]webhook.Field{
		{Key: "name", Value: webhook.EventInvoiceCreate},
		{Key: "object_id", Value: "1234567"},
		{Key: "account_id", Value: "6BApk"},
		{Key: "business_id", Value: "6543"},
		{Key: "identity_id", Value: "1234"},
	})
	signature, _ := webhook.Sign(verifier, delivery)
	post(string(delivery), signature)

	// A forged delivery never reaches OnEvent.
	post(strings.Replace(string(delivery), "1234567", "1", 1), signature)
	// Output:
	// verifying callback 2001
	// 200 OK
	// event invoice.create 1234567
	// 200 OK
	// 401 Unauthorized
}
