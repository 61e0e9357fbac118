package freshbooks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// The catalogue names every resource; Records reaches any of them in wire
// form, as the command line does.
func ExampleClient_Records() {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	defer srv.Close()
	ctx := context.Background()
	client, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		log.Fatal(err)
	}
	client.SetToken(srv.IssueToken(0))
	me, err := client.CurrentUser(ctx)
	if err != nil {
		log.Fatal(err)
	}

	invoices, _ := freshbooks.LookupResource("invoices")
	fmt.Println(invoices.Path, invoices.Verbs)

	owner := freshbooks.Owner{Account: me.BusinessMemberships[0].Business.AccountID}
	clients, err := client.Records("clients", owner)
	if err != nil {
		log.Fatal(err)
	}
	rec, err := clients.Create(ctx, json.RawMessage(`{"organization": "Wire Co"}`))
	if err != nil {
		log.Fatal(err)
	}
	var c struct {
		Organization string `json:"organization"`
	}
	_ = json.Unmarshal(rec, &c)
	fmt.Println("created", c.Organization)
	// Output:
	// /accounting/account/{account_id}/invoices/invoices [list get create update delete archive restore]
	// created Wire Co
}
