// Package freshbooks is a client for the FreshBooks REST API.
//
// A [Client] holds an application's OAuth2 credentials and one user's
// tokens. It walks the authorization flow ([Client.GetAuthRequestURL],
// [Client.GetAccessToken], [Client.RefreshAccessToken], or the safer
// [Client.NewAuthRequest] and [Client.CompleteAuth] with state and PKCE),
// reports who the token belongs to ([Client.CurrentUser]) and reaches every
// endpoint of the API through typed services.
//
// FreshBooks identifies a business three ways, and each family of endpoints
// wants a different one: an [AccountID] for accounting ([Client.Account]),
// a [BusinessID] for projects and time tracking ([Client.Business]), a
// [BusinessUUID] for the ledger ([Client.LedgerAccounts]). They are distinct
// types, so passing the wrong one does not compile. All three come from the
// [Identity] returned by [Client.CurrentUser].
//
// Services have Get, List (one [Page]), All (an iterator over every page),
// Create, Update and Delete where FreshBooks has the endpoint, and nothing
// where it does not. [QueryOption] values filter, include, sort and page in
// each family's own dialect. Money is [Money] over exact [Decimal] strings,
// civil dates are [Date], and each family's timestamps have their own type;
// members a model does not declare are kept in its Extra field, so nothing
// read is lost when it is written back.
//
// A refresh token works once. With a [TokenStore] (a file, PostgreSQL, or
// memory) the client refreshes by itself, once however many goroutines call,
// and saves the new pair before using it.
//
// Errors from the API are [*APIError] whatever the family's shape, and match
// [ErrNotFound], [ErrUnauthorized], [ErrForbidden], [ErrValidation] and
// [ErrRateLimited] with errors.Is; token endpoint failures are [*OAuthError].
//
// Package freshbookstest serves FreshBooks offline, for tests and examples;
// package webhook receives FreshBooks webhooks.
package freshbooks
