"""What the e2e scripts print: the official SDK's results and errors as JSON.

Values are rendered so that the Go test can rebuild them from the Go
client's reads: instants in UTC with microseconds, dates as YYYY-MM-DD,
Decimals (the SDK parses numbers with parse_float=Decimal) as text. Tokens,
secrets and codes are never printed, only whether they are there.
"""
import json
import sys
from datetime import date, datetime, timezone
from decimal import Decimal

from freshbooks.errors import FreshBooksError


def instant(v):
    """An instant the SDK parsed (a tz-aware datetime), in UTC."""
    if not isinstance(v, datetime) or v.tzinfo is None:
        return None if v is None else f"not an aware datetime: {v!r}"
    return v.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def day(v):
    """A date the SDK parsed."""
    if isinstance(v, datetime) or not isinstance(v, date):
        return None if v is None else f"not a date: {v!r}"
    return v.isoformat()


def _plain(v):
    if isinstance(v, Decimal):
        return str(v)
    raise TypeError(f"cannot render {type(v).__name__}")


def error(err):
    """What an exception from the SDK carries."""
    out = {"class": type(err).__name__, "message": str(err)}
    if isinstance(err, FreshBooksError):
        out["status_code"] = err.status_code
        out["error_code"] = err.error_code
        out["error_details"] = err.error_details
    return out


def expect_error(call):
    """Runs a call that must fail and describes its exception."""
    try:
        res = call()
    except Exception as err:  # noqa: BLE001 - every SDK error type is of interest
        return error(err)
    raise AssertionError(f"expected an error, got {getattr(res, 'data', res)!r}")


def emit(obj):
    """Prints one JSON line."""
    sys.stdout.write(json.dumps(obj, default=_plain) + "\n")
    sys.stdout.flush()


def run(main):
    """Runs main(out, step), printing out with ok true, or the failed step
    and its error, and exits 0 or 1."""
    out = {"ok": False}
    step = ["setup"]

    def at(name):
        step[0] = name

    try:
        main(out, at)
    except Exception as err:  # noqa: BLE001
        out["step"] = step[0]
        out["error"] = error(err)
        emit(out)
        sys.exit(1)
    out["ok"] = True
    emit(out)
