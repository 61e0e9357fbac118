// Package freshbooks is a client for the FreshBooks REST API.
//
// A [Client] holds an application's OAuth2 credentials and one user's tokens.
// It walks the authorization flow ([Client.GetAuthRequestURL],
// [Client.GetAccessToken], [Client.RefreshAccessToken]), reports who the
// token belongs to ([Client.CurrentUser]) and reaches every endpoint of the
// API through typed services.
//
// FreshBooks identifies a business three ways, and each family of endpoints
// wants a different one: an [AccountID] for accounting, a [BusinessID] for
// projects and time tracking, a [BusinessUUID] for the ledger. They are
// distinct types, so passing the wrong one does not compile. All three come
// from the [Identity] returned by [Client.CurrentUser].
//
// Package freshbookstest serves FreshBooks offline, for tests and examples.
package freshbooks
