"""export.py exports every client of an account to CSV with the official
FreshBooks Python SDK (unchanged), paging 100 at a time with the loop its
documentation gives (python-sdk.md §6.3), and prints one JSON line: the
rows written and the seconds the export took (from the first request to the
file closed; the interpreter's start-up is not counted).

The documented loop joins the pages with `clients = clients + new_clients`,
which deep-copies every record read so far at each page (quadratic); this
script writes each page's rows as it arrives instead, the same requests in
the same order, so the SDK is timed at its best.

Environment:
  FRESHBOOKS_API_URL       the sandbox root (read by the SDK itself)
  FRESHBOOKS_CLIENT_ID     the application's client id (in the User-Agent)
  FRESHBOOKS_ACCESS_TOKEN  a token with user:clients:read
  FRESHBOOKS_ACCOUNT_ID    the account whose clients are exported
  FRESHBOOKS_EXPORT_CSV    the file to write
"""
import csv
import json
import os
import sys
import time

from freshbooks import Client, PaginateBuilder

import report

COLUMNS = ["id", "organization", "fname", "lname", "email"]


def main():
    account_id = os.environ["FRESHBOOKS_ACCOUNT_ID"]
    fb = Client(client_id=os.environ["FRESHBOOKS_CLIENT_ID"], access_token=os.environ["FRESHBOOKS_ACCESS_TOKEN"])
    start = time.perf_counter()
    rows = 0
    with open(os.environ["FRESHBOOKS_EXPORT_CSV"], "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(COLUMNS)

        def write(page):
            nonlocal rows
            for c in page:
                # .data, not attributes: attribute access tries to parse
                # every string as a date.
                out.writerow(["" if c.data.get(k) is None else c.data.get(k) for k in COLUMNS])
                rows += 1

        paginator = PaginateBuilder(1, 100)
        clients = fb.clients.list(account_id, builders=[paginator])
        write(clients)
        while clients.pages.page < clients.pages.pages:
            paginator.page(clients.pages.page + 1)
            clients = fb.clients.list(account_id, builders=[paginator])
            write(clients)
    print(json.dumps({"ok": True, "rows": rows, "seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    try:
        main()
    except Exception as err:  # the Go test shows it
        print(json.dumps({"ok": False, "step": "export", "error": report.error(err)}))
        sys.exit(1)
