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
// [Identity] returned by [Client.CurrentUser]. Every record's id has its
// own type too ([CustomerID], [InvoiceID], [ProjectID], …), and a field
// that refers to another record uses that record's type: the client is a
// [CustomerID] in every model, whether FreshBooks calls the member
// customerid (invoices), clientid (payments, expenses), client_id
// (projects, time entries) or userid (the client record itself).
//
// Services have Get, List (one [Page]), All (an iterator over every page),
// Create, Update and Delete where FreshBooks has the endpoint, and nothing
// where it does not. Money is [Money] over exact [Decimal] strings, civil
// dates are [Date], and each family's timestamps have their own type;
// members a model does not declare are kept in its Extra field, so nothing
// read is lost when it is written back.
//
// # Queries
//
// List and All take [QueryOption] values. The design is two layers over
// one vocabulary: generic options ([Equals], [In], [Like], [Between],
// [Include], [SortAsc], [SortDesc], [PerPage], [OnPage]) for any filter a
// resource has, and typed filters per service for the common cases
// ([InvoiceFilter], [TimeEntryFilter], [ExpenseFilter], [ProjectFilter]),
// whose fields have the right types so that the usual mistakes do not
// compile. Both are checked against the resource's vocabulary
// ([Resource].Filters, Sorts and Includes) before any request: an unknown
// name, an operator that does not fit the filter (Like on an equals
// filter) or a value of the wrong type is a [*QueryError] matching
// [ErrInvalidQuery], which lists what is valid. FreshBooks itself ignores
// what it does not know, so the client is the only place such a mistake
// can be caught. [Param] sends a raw parameter, unchecked.
//
// # Ranges
//
// A range includes both ends: Between("date", from, to) keeps records
// dated from and to themselves (FreshBooks' _min and _max; that both are
// inclusive is inferred, and the sandbox does the same). A day-granular
// filter takes a [Date]; a time.Time for one is an error, not a different
// string. Time-tracking filters take a time.Time, sent in UTC.
//
// # Paging
//
// List returns one [Page], with its Total and Pages. All iterates over
// every record, fetching the next pages concurrently a bounded window
// ahead and yielding in order. The window widens with the latency, up to
// [MaxPrefetch] pages, unless [Config.Prefetch] or [Prefetch] fixes it;
// the client's rate limiter paces those pages as any request. Breaking out
// of the loop stops every request in flight. A list that changes while it
// is walked ends with [ErrListChanged] rather than repeating or skipping.
//
// # Writes
//
// Create and Update send the fields a model sets. A zero field is not
// sent, so to empty one use [Clear]: Update(ctx, id, &Customer{},
// Clear("note")) sends {"client":{"note":""}}. A field FreshBooks would
// ignore on a write (an invoice's DueDate without DueOffsetDays) is a
// [*WriteError] matching [ErrInvalidWrite], before any request.
//
// # Retries and rate limits
//
// Idempotent requests are retried on 5xx answers and dropped connections,
// with backoff within the call's deadline ([Config.Timeout] or the
// context); a POST is never sent twice. A 429 is waited out when its
// Retry-After fits the deadline and [Config.MaxRetryWait], and otherwise
// returned at once as an [*APIError] with its RetryAfter, matching
// [ErrRateLimited]. Each client keeps to the budget FreshBooks advertises
// in its X-RateLimit headers, all goroutines together, and optionally to
// a fixed [Config.RateLimit].
//
// # Tokens
//
// A refresh token works once. With a [TokenStore] (a file, PostgreSQL, or
// memory) the client refreshes by itself, once however many goroutines
// call, and saves the new pair before using it. When the user must
// authorize the application again, errors match
// [ErrReauthorizationRequired].
//
// # Scopes
//
// Each service needs an OAuth scope, named by the Scope constants
// ([ScopeClientsRead], [ScopeInvoicesWrite], …) and by each resource's
// [Resource].ReadScope and WriteScope: reads need the read scope, writes
// the write one. [ScopeProfileRead] is granted to every token and reaches
// no business data. Ask for what the application uses in
// [Client.NewAuthRequest]; a missing scope is a 403 matching
// [ErrForbidden].
//
// # Errors
//
// Errors from the API are [*APIError] whatever the family's shape, and
// match [ErrNotFound], [ErrUnauthorized], [ErrForbidden], [ErrValidation]
// and [ErrRateLimited] with errors.Is; token endpoint failures are
// [*OAuthError]. No error, log line or printed value shows a token, a
// client secret or a verifier, even when a server echoes one back.
//
// Package freshbookstest serves FreshBooks offline, for tests and
// examples; package webhook receives FreshBooks webhooks.
package freshbooks
