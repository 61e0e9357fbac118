"""crud.py runs the official FreshBooks Python SDK (unchanged) through
create, read, list, update and delete of clients, invoices, projects and
time entries against a FreshBooks sandbox, with its builders (filters,
pagination, includes, sort) and through its error types, and prints one
JSON line with what it read back.

Environment:
  FRESHBOOKS_API_URL       the sandbox root (read by the SDK itself)
  FRESHBOOKS_CLIENT_ID     the application's client id (in the User-Agent)
  FRESHBOOKS_ACCESS_TOKEN  a token with the clients, invoices, projects and
                           time entries scopes
  FRESHBOOKS_ACCOUNT_ID    the business's account id (accounting paths)
  FRESHBOOKS_BUSINESS_ID   the business's id (projects, time tracking)

Once everything is made and updated it prints {"checkpoint": "before-delete",
...ids} and waits for a line on stdin, so that the Go test can read the
records before they are deleted.
"""
import os
import sys

from freshbooks import Client, FilterBuilder, IncludesBuilder, PaginateBuilder, SortBuilder

import report

ORG = "Analytical Engines Ltd"
STARTED_AT = "2026-01-20T14:30:00Z"
MISSING_ID = 999999999


def money(m):
    return {"amount": m.amount, "code": m.code} if m else None


def client(c):
    return {
        "id": c.id,
        "userid": c.userid,
        "fname": c.fname,
        "lname": c.lname,
        "email": c.email,
        "organization": c.organization,
        "note": c.note,
        "currency_code": c.currency_code,
        # Read from .data: attribute access would make a date of the
        # digits (the SDK tries date.fromisoformat on every string).
        "bus_phone": c.data.get("bus_phone"),
        "vis_state": c.vis_state,
        "updated": report.instant(c.updated),  # US/Eastern on the wire
    }


def invoice(i):
    lines = None
    if "lines" in i.data:
        lines = [
            {
                "lineid": line.lineid,
                "name": line.name,
                "description": line.description,
                "qty": line.data.get("qty"),
                "unit_cost": money(line.unit_cost),
                "amount": money(line.amount),
            }
            for line in i.lines
        ]
    return {
        "id": i.id,
        "invoiceid": i.invoiceid,
        "customerid": i.customerid,
        "invoice_number": i.data.get("invoice_number"),
        "create_date": report.day(i.create_date),
        "due_date": report.day(i.due_date),
        "currency_code": i.currency_code,
        "amount": money(i.amount),
        "outstanding": money(i.outstanding),
        "paid": money(i.paid),
        "status": i.status,
        "v3_status": i.v3_status,
        "display_status": i.display_status,
        "payment_status": i.payment_status,
        "notes": i.notes,
        "po_number": i.data.get("po_number"),
        "fname": i.fname,
        "organization": i.organization,
        "vis_state": i.vis_state,
        "updated": report.instant(i.updated),
        "lines": lines,
    }


def project(p):
    return {
        "id": p.id,
        "title": p.title,
        "description": p.description,
        "client_id": p.client_id,
        "project_type": p.project_type,
        "billing_method": p.billing_method,
        "rate": p.data.get("rate"),
        "active": p.active,
        "complete": p.complete,
        "internal": p.internal,
        "billed_status": p.billed_status,
        "logged_duration": p.logged_duration,
        "created_at": report.instant(p.created_at),
        "updated_at": report.instant(p.updated_at),
    }


def time_entry(e):
    return {
        "id": e.id,
        "identity_id": e.identity_id,
        "is_logged": e.is_logged,
        "started_at": report.instant(e.started_at),
        "created_at": report.instant(e.created_at),
        "duration": e.duration,
        "client_id": e.client_id,
        "project_id": e.project_id,
        "note": e.note,
        "billable": e.billable,
        "active": e.active,
    }


def listing(res):
    pages = res.pages
    return {
        "ids": [r.id for r in res],
        "pages": None if pages is None else dict(pages._asdict()),
    }


def main(out, at):
    account_id = os.environ["FRESHBOOKS_ACCOUNT_ID"]
    business_id = int(os.environ["FRESHBOOKS_BUSINESS_ID"])
    fb = Client(client_id=os.environ["FRESHBOOKS_CLIENT_ID"], access_token=os.environ["FRESHBOOKS_ACCESS_TOKEN"])
    out["client"], out["invoice"], out["project"], out["time_entry"], out["errors"] = {}, {}, {}, {}, {}
    c, i, p, e, errs = out["client"], out["invoice"], out["project"], out["time_entry"], out["errors"]

    # ---- Clients ----------------------------------------------------------
    at("clients.create")
    created = fb.clients.create(account_id, {
        "fname": "Ada", "lname": "Lovelace", "email": "ada.lovelace@example.test", "organization": ORG,
        "bus_phone": "5550101010", "currency_code": "USD", "note": "created by the Python SDK",
    })
    c["created"] = client(created)
    client_id = created.id
    others = [fb.clients.create(account_id, {"organization": f"{ORG}, {city}"}).id for city in ("Turin", "Paris")]
    c["others"] = others

    at("clients.get")
    c["get"] = client(fb.clients.get(account_id, client_id))

    at("clients.list, two pages")

    def page(n):
        return fb.clients.list(account_id, [
            FilterBuilder().like("organization_like", "Analytical"),
            PaginateBuilder(n, 2),
            SortBuilder().descending("client_id"),
        ])
    first, second = page(1), page(2)
    c["page1"], c["page2"], c["pages"] = listing(first), listing(second), listing(first + second)

    at("clients.list in_list")
    c["in_list"] = listing(fb.clients.list(account_id, [FilterBuilder().in_list("userid", [client_id, others[1]])]))

    at("clients.update")
    c["updated"] = client(fb.clients.update(account_id, client_id, {
        "organization": f"{ORG} (updated)", "note": "updated by the Python SDK",
    }))
    c["get_after_update"] = client(fb.clients.get(account_id, client_id))

    # ---- Invoices ---------------------------------------------------------
    lines = IncludesBuilder().include("lines")
    at("invoices.create")
    inv = fb.invoices.create(account_id, {
        "customerid": client_id, "create_date": "2026-01-15", "currency_code": "USD",
        "notes": "Thank you for your business.",
        "lines": [
            {"name": "Design", "description": "Wireframes and mockups", "qty": 3,
             "unit_cost": {"amount": "150.00", "code": "USD"}},
            {"name": "Hosting", "qty": "2", "unit_cost": {"amount": "19.99", "code": "USD"}},
        ],
    }, includes=lines)
    i["created"] = invoice(inv)
    invoice_id = inv.id

    at("invoices.get")
    i["get"] = invoice(fb.invoices.get(account_id, invoice_id, includes=lines))

    at("invoices.list")
    i["list"] = listing(fb.invoices.list(account_id, [
        FilterBuilder().equals("customerid", client_id).between("date", "2026-01-01", "2026-02-01"),
        PaginateBuilder(1, 10),
        SortBuilder().ascending("invoice_date"),
    ]))

    at("invoices.update")
    i["updated"] = invoice(fb.invoices.update(account_id, invoice_id, {
        "notes": "Payment due in 30 days.", "po_number": "PO-1842",
    }))
    at("invoices.update action_mark_as_sent")
    i["sent"] = invoice(fb.invoices.update(account_id, invoice_id, {"action_mark_as_sent": True}))

    # ---- Projects ---------------------------------------------------------
    at("projects.create")
    proj = fb.projects.create(business_id, {
        "title": "Website redesign", "description": "New marketing site", "client_id": client_id,
        "project_type": "hourly_rate", "billing_method": "project_rate", "rate": "95.00",
    })
    p["created"] = project(proj)
    project_id = proj.id

    at("projects.get")
    p["get"] = project(fb.projects.get(business_id, project_id, includes=IncludesBuilder().include("include_logged_duration")))

    at("projects.list")
    p["list"] = listing(fb.projects.list(business_id, [
        FilterBuilder().boolean("active", True).equals("client_id", client_id),
        PaginateBuilder(1, 10),
        SortBuilder().descending("title"),
    ]))

    # FreshBooks answers a project PUT without a title with a 500
    # (freshbooks-api.md §3.3); the SDK retries a PUT on a 500.
    at("projects.update without a title")
    errs["project_update_without_title"] = report.expect_error(
        lambda: fb.projects.update(business_id, project_id, {"description": "Marketing site and blog"}))

    at("projects.update")
    p["updated"] = project(fb.projects.update(business_id, project_id, {
        "title": "Website redesign, phase 2", "description": "Marketing site and blog", "rate": "110.00",
    }))

    # ---- Time entries -----------------------------------------------------
    at("time_entries.create")
    entry = fb.time_entries.create(business_id, {
        "is_logged": True, "started_at": STARTED_AT, "duration": 5400, "project_id": project_id,
        "client_id": client_id, "note": "Wireframes", "billable": True,
    })
    e["created"] = time_entry(entry)
    entry_id = entry.id

    at("time_entries.get")
    e["get"] = time_entry(fb.time_entries.get(business_id, entry_id))

    at("time_entries.list")
    e["list"] = listing(fb.time_entries.list(business_id, [
        FilterBuilder().equals("project_id", project_id).date_time("started_from", "2026-01-20T00:00:00Z"),
        PaginateBuilder(1, 10),
    ]))

    at("time_entries.update")
    e["updated"] = time_entry(fb.time_entries.update(business_id, entry_id, {"note": "Wireframes, revised", "duration": 7200}))

    # ---- Checkpoint -------------------------------------------------------
    at("checkpoint")
    report.emit({"checkpoint": "before-delete", "client_id": client_id, "invoice_id": invoice_id,
                 "project_id": project_id, "entry_id": entry_id})
    if not sys.stdin.readline():
        raise RuntimeError("stdin closed before the checkpoint was released")

    # ---- Deletes ----------------------------------------------------------
    at("invoices.delete")
    i["deleted"] = fb.invoices.delete(account_id, invoice_id).data
    i["get_after_delete"] = invoice(fb.invoices.get(account_id, invoice_id))

    at("time_entries.delete")
    e["deleted"] = fb.time_entries.delete(business_id, entry_id).data
    e["get_after_delete"] = report.expect_error(lambda: fb.time_entries.get(business_id, entry_id))

    at("projects.delete")
    p["deleted"] = fb.projects.delete(business_id, project_id).data
    p["get_after_delete"] = report.expect_error(lambda: fb.projects.get(business_id, project_id))

    at("clients.delete")
    c["deleted"] = client(fb.clients.delete(account_id, client_id))
    c["get_after_delete"] = client(fb.clients.get(account_id, client_id))
    c["list_after_delete"] = listing(fb.clients.list(account_id, [FilterBuilder().like("organization_like", "Analytical")]))
    c["list_deleted"] = listing(fb.clients.list(account_id, [
        FilterBuilder().like("organization_like", "Analytical").equals("vis_state", 1)]))

    # ---- Errors -----------------------------------------------------------
    at("errors")
    errs["client_not_found"] = report.expect_error(lambda: fb.clients.get(account_id, MISSING_ID))
    errs["client_without_name"] = report.expect_error(lambda: fb.clients.create(account_id, {"note": "nameless"}))
    errs["project_without_title"] = report.expect_error(lambda: fb.projects.create(business_id, {
        "description": "untitled", "project_type": "hourly_rate"}))
    errs["project_not_found"] = report.expect_error(lambda: fb.projects.get(business_id, MISSING_ID))
    errs["staff_create"] = report.expect_error(lambda: fb.staff.create(account_id, {"email": "x@example.test"}))


if __name__ == "__main__":
    report.run(main)
