"""seed_flow.py runs the official FreshBooks Python SDK (unchanged) through
the flow of its own guide against a FreshBooks sandbox that approves at once
(`freshbooks sandbox -auto-approve`), and prints one JSON line.

The flow: get_auth_request_url, the code from the authorize redirect,
get_access_token, current_user().business_memberships, refresh_access_token()
with the client's own token, refresh_access_token(stored) on a new client (an
application restarted with the token it saved), current_user again; then the
errors: a spent refresh token, a spent code, a bogus access token, and a
client without a redirect URI.

Environment: FRESHBOOKS_API_URL and FRESHBOOKS_AUTH_URL (read by the SDK
itself), FRESHBOOKS_CLIENT_ID, FRESHBOOKS_CLIENT_SECRET and
FRESHBOOKS_REDIRECT_URI.
"""
import os
from urllib.parse import parse_qs, urlsplit

import requests
from freshbooks import Client
from freshbooks.client import VERSION

import report

SCOPES = ["user:profile:read", "user:clients:read"]  # the guide's scopes


def identity(me):
    return {
        "identity_id": me.identity_id,
        "email": me.email,
        "first_name": me.first_name,
        "last_name": me.last_name,
        "full_name": me.full_name,
        "business_memberships": [
            {
                "id": m.id,
                "role": m.role,
                "business_id": m.business.id,
                "account_id": m.business.account_id,
                "business_uuid": m.business.business_uuid,
                "name": m.business.name,
            }
            for m in me.business_memberships
        ],
    }


def tokens(client, result, before=None):
    """Whether the tokens are there, held by the client, and new."""
    out = {
        "has_access_token": bool(result.access_token),
        "has_refresh_token": bool(result.refresh_token),
        "held_by_client": client.access_token == result.access_token
        and client.refresh_token == result.refresh_token,
        "expires_at": report.instant(result.access_token_expires_at),
    }
    if before is not None:
        out["access_token_rotated"] = result.access_token != before.access_token
        out["refresh_token_rotated"] = result.refresh_token != before.refresh_token
    return out


def main(out, at):
    client_id = os.environ["FRESHBOOKS_CLIENT_ID"]
    secret = os.environ["FRESHBOOKS_CLIENT_SECRET"]
    redirect_uri = os.environ["FRESHBOOKS_REDIRECT_URI"]
    out["sdk_version"] = VERSION

    at("get_auth_request_url")
    fb = Client(client_id=client_id, client_secret=secret, redirect_uri=redirect_uri)
    out["auth_url"] = fb.get_auth_request_url(SCOPES)

    # The person at the browser: the sandbox approves at once and redirects.
    at("authorize")
    res = requests.get(out["auth_url"], allow_redirects=False, timeout=10)
    location = urlsplit(res.headers.get("Location", ""))
    callback = parse_qs(location.query)
    out["authorize"] = {
        "status": res.status_code,
        "callback_base": f"{location.scheme}://{location.netloc}{location.path}",
        "has_code": bool(callback.get("code")),
    }
    code = callback["code"][0]

    at("get_access_token")
    first = fb.get_access_token(code)
    out["token"] = tokens(fb, first)

    at("current_user")
    out["me"] = identity(fb.current_user())

    at("refresh_access_token()")
    second = fb.refresh_access_token()
    out["refresh"] = tokens(fb, second, first)

    at("refresh_access_token(stored)")
    later = Client(client_id=client_id, client_secret=secret, redirect_uri=redirect_uri)
    third = later.refresh_access_token(second.refresh_token)
    out["refresh_stored"] = tokens(later, third, second)

    at("current_user after the refreshes")
    out["me_after_refresh"] = identity(later.current_user())

    at("errors")
    out["spent_refresh"] = report.expect_error(lambda: fb.refresh_access_token(first.refresh_token))
    out["spent_code"] = report.expect_error(lambda: fb.get_access_token(code))
    bogus = Client(client_id=client_id, access_token="bogus-access-token")
    out["bogus_token"] = report.expect_error(bogus.current_user)
    out["no_redirect_uri"] = report.expect_error(lambda: Client(client_id=client_id).get_auth_request_url())


if __name__ == "__main__":
    report.run(main)
