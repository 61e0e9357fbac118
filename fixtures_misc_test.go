package freshbooks

import (
	"testing"
)

func TestUploadFixturesRoundTrip(t *testing.T) {
	for _, tc := range []struct{ file, key string }{
		{"upload_image_response.json", "image"},
		{"upload_attachment_response.json", "attachment"},
	} {
		doc := readFixture(t, tc.file)
		u := roundTrip[Upload](t, member(t, doc, tc.key))
		if u.JWT != "some_jwt" || u.UUID != "abc-123-aaa" || u.Extra != nil {
			t.Errorf("%s: %+v", tc.file, u)
		}
	}
}

// The documented samples below are the shapes the references give
// (freshbooks-api.md §4.1.8, §4.5; python-sdk.md §1.4.6; peer-sdks.md
// §2.8), with invented values.

func TestPaymentsCollectedSampleRoundTrip(t *testing.T) {
	// freshbooks-api.md §4.5, the official empty example.
	doc := []byte(`{"response":{"result":{"payments_collected":{"clientids":[],"currency_codes":[],"download_token":"eyJ0eXAiOiJKV1QifQ.e30.c2ln","end_date":"2019-04-24","payment_methods":[],"payments":[],"start_date":"2019-04-24","totals":[]}}}}`)
	r := roundTrip[PaymentsCollectedReport](t, member(t, doc, "response", "result", "payments_collected"))
	if r.StartDate != NewDate(2019, 4, 24) || r.DownloadToken == "" || r.Extra != nil {
		t.Errorf("%+v", r)
	}
	full := []byte(`{"clientids":[12],"currency_codes":["USD"],"download_token":"t","start_date":"2026-01-01","end_date":"2026-01-31",
		"payment_methods":["Check"],"payments":[{"amount":{"amount":"10.50","code":"USD"},"paymentid":3,"clientid":12,"client":"Acme",
		"invoiceid":7,"invoice_number":"0000007","date":"2026-01-02","method":"Check","note":"n","gateway":"none"}],
		"totals":[{"amount":"10.50","code":"USD"}]}`)
	r = roundTrip[PaymentsCollectedReport](t, full)
	if len(r.Payments) != 1 || r.Payments[0].Amount.String() != "10.50 USD" || string(r.Payments[0].Extra["gateway"]) != `"none"` {
		t.Errorf("%+v", r.Payments)
	}
}

func TestProfitLossSampleRoundTrip(t *testing.T) {
	doc := []byte(`{"cash_based":false,"company_name":"Acme","currency_code":"USD","download_token":"t","start_date":"2026-01-01",
		"end_date":"2026-02-28","resolution":"m","labels":["2026-01-01","2026-02-01"],"dates":[{"start":"2026-01-01"}],
		"income":[{"description":"Sales","entry_type":"income","total":{"amount":"30.00","code":"USD"},
		"data":[{"amount":"10.00","code":"USD"},{"amount":"20.00","code":"USD"}],
		"children":[{"description":"Consulting","entry_type":"income","total":{"amount":"30.00","code":"USD"},"data":[],"children":[]}]}],
		"expenses":[],"total_income":{"description":"Total Income","entry_type":"total","total":{"amount":"30.00","code":"USD"},"data":[]},
		"total_expenses":{"description":"Total Expenses","entry_type":"total","total":{"amount":"0.00","code":"USD"}},
		"net_profit":{"description":"Net Profit","entry_type":"total","total":{"amount":"30.00","code":"USD"}}}`)
	r := roundTrip[ProfitLossReport](t, doc)
	if len(r.Income) != 1 || len(r.Income[0].Children) != 1 || r.NetProfit.Total.String() != "30.00 USD" || r.Extra["dates"] == nil {
		t.Errorf("%+v", r)
	}
}

func TestTaxSummarySampleRoundTrip(t *testing.T) {
	doc := []byte(`{"cash_based":true,"company_name":"Acme","currency_code":"CAD","download_token":"t","start_date":"2026-01-01",
		"end_date":"2026-12-31","taxes":[{"tax_name":"HST","taxable_amount_collected":{"amount":"100.00","code":"CAD"},
		"tax_collected":{"amount":"13.00","code":"CAD"},"taxable_amount_paid":{"amount":"50.00","code":"CAD"},
		"tax_paid":{"amount":"6.50","code":"CAD"},"net_taxable_amount":{"amount":"50.00","code":"CAD"},
		"net_tax":{"amount":"6.50","code":"CAD"}}],"total_invoiced":{"amount":"113.00","code":"CAD"}}`)
	r := roundTrip[TaxSummaryReport](t, doc)
	if len(r.Taxes) != 1 || r.Taxes[0].NetTax.String() != "6.50 CAD" || *r.CashBased != true {
		t.Errorf("%+v", r)
	}
}

func TestPaymentOptionsSampleRoundTrip(t *testing.T) {
	// python-sdk.md §1.4.6 (the test constant's members) and peer-sdks.md §2.8.
	doc := []byte(`{"payment_options":{"gateway_name":"stripe","has_credit_card":true,"has_ach_transfer":false,
		"has_bacs_debit":false,"has_sepa_debit":false,"has_acss_debit":false,"stripe_acss_payment_options":{"mode":"x"},
		"has_paypal_smart_checkout":false,"allow_partial_payments":true,"entity_type":"invoice","entity_id":"2409177",
		"gateway_info":{"id":"acct_1","account_id":"zDmNq","country":"CA","user_publishable_key":"pk_1","currencies":["cad","usd"],
		"bank_transfer_enabled":false,"gateway_name":"stripe","can_process_payments":true,"new_member":1}}}`)
	o := roundTrip[PaymentOptions](t, member(t, doc, "payment_options"))
	if o.GatewayName != GatewayStripe || o.EntityID != "2409177" || !*o.AllowPartialPayments || o.GatewayInfo == nil ||
		o.GatewayInfo.AccountID != "zDmNq" || len(o.GatewayInfo.Currencies) != 2 || o.GatewayInfo.Extra["new_member"] == nil {
		t.Errorf("%+v", o)
	}
}

func TestJournalSamplesRoundTrip(t *testing.T) {
	// freshbooks-api.md §4.1.8.
	entry := []byte(`{"id":7,"entryid":7,"name":"Adjust","description":"d","currency_code":"USD","user_entered_date":"2026-01-02",
		"details":[{"id":1,"detailid":1,"sub_accountid":"123","debit":"10.00","credit":null,"categoryid":null,
		"currency_code":"USD","description":"x","name":"Adjust","user_entered_date":"2026-01-02"},
		{"id":2,"detailid":2,"sub_accountid":"456","debit":null,"credit":"10.00","currency_code":"USD"}]}`)
	je := roundTrip[JournalEntry](t, entry)
	if len(je.Details) != 2 || je.Details[0].SubAccountID != 123 || je.Details[1].Credit.String() != "10.00" {
		t.Errorf("%+v", je)
	}
	account := []byte(`{"id":3,"accountid":3,"account_name":"Assets","account_number":"1000","account_type":"asset",
		"currency_code":"USD","balance":"12.50","sub_accounts":[{"id":9,"sub_accountid":9,"parentid":3,"account_sub_name":"Cash",
		"account_sub_number":"1010","account_type":"asset","currency_code":"USD","balance":"12.50","custom":false}]}`)
	acc := roundTrip[JournalEntryAccount](t, account)
	if acc.Balance.String() != "12.50" || len(acc.SubAccounts) != 1 || acc.SubAccounts[0].ParentID != 3 {
		t.Errorf("%+v", acc)
	}
	detail := []byte(`{"id":5,"detailid":5,"name":"Adjust","description":"d","detail_type":"journal_entry",
		"user_entered_date":"2026-01-02","accounting_systemid":"ACM123","debit":{"amount":"10.00","code":"USD"},"credit":null,
		"balance":{"amount":"10.00","code":"USD"},"account":{"id":3,"accountid":3,"account_name":"Assets","account_number":"1000",
		"account_type":"asset","accounting_systemid":"ACM123"},"sub_account":{"id":9,"sub_accountid":9,"parentid":3,
		"account_sub_name":"Cash","account_sub_number":"1010","accounting_systemid":"ACM123"},"entry":{"id":7,"entryid":7,
		"accounting_systemid":"ACM123","clientid":null,"creditid":null,"expenseid":null,"incomeid":null,"invoiceid":null,"paymentid":null}}`)
	d := roundTrip[JournalEntryDetail](t, detail)
	if d.Debit.String() != "10.00 USD" || !d.Credit.IsZero() || d.Entry.EntryID != 7 || d.SubAccount.AccountSubName != "Cash" {
		t.Errorf("%+v", d)
	}
}
