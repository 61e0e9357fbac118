package freshbooks_test

import (
	"errors"
	"fmt"

	"github.com/freshbooks-go/freshbooks"
)

// Money is exact: amounts add without floating-point error, a division
// says its precision, and currencies never mix silently.
func ExampleMoney() {
	fee := freshbooks.MustMoney("19.99", "usd") // codes are normalized
	total := fee.Mul(freshbooks.MustDecimal("3"))
	withTax, _ := total.Add(total.Mul(freshbooks.MustDecimal("0.0825")).Round(2))
	each, _ := withTax.Div(freshbooks.MustDecimal("7"), 2) // split seven ways, to the cent
	fmt.Println(total, withTax, each)

	_, err := fee.Add(freshbooks.MustMoney("5", "CAD"))
	fmt.Println(errors.Is(err, freshbooks.ErrCurrencyMismatch))
	_, err = freshbooks.NewMoney("1", "dollars")
	fmt.Println(errors.Is(err, freshbooks.ErrInvalidCurrency))

	due := freshbooks.NewDate(2026, 12, 3).AddDays(30)
	fmt.Println(due)
	// Output:
	// 59.97 USD 64.92 USD 9.27 USD
	// true
	// true
	// 2027-01-02
}
