#!/usr/bin/env node
// crud.js runs the official FreshBooks Node SDK (@freshbooks/api, unchanged)
// through create, read, list, update and delete of clients, invoices,
// projects and time entries against a FreshBooks sandbox, plus the error
// paths whose shape the SDK decodes (accounting 404 and 422, projects 404
// and 422), and prints one JSON line with what it read back.
//
// Environment:
//   FRESHBOOKS_API_URL       the sandbox root (read by the SDK itself)
//   FRESHBOOKS_ACCESS_TOKEN  an access token with the clients, invoices,
//                            projects and time_entries scopes
//   FRESHBOOKS_ACCOUNT_ID    the business's account id (accounting paths)
//   FRESHBOOKS_BUSINESS_ID   the business's id (projects, time tracking)
//   FRESHBOOKS_CRUD_CHECKPOINT  when set, print {"checkpoint":"before-delete",
//                            ...ids} once everything is made and updated,
//                            and wait for a line on stdin before deleting
//                            (the Go test reads the records meanwhile)
//
// Exit status 0 when every step ran (the expected errors included); 1 with
// {"ok":false,"step":...,"error":{...}} on the first unexpected failure.
'use strict'

const fs = require('fs')
const path = require('path')
const { Client } = require('@freshbooks/api')
// The builders are not exported from the package root (peer-sdks.md §2.7);
// the SDK's own docs import them from dist.
const {
  IncludesQueryBuilder,
  PaginationQueryBuilder,
  SearchQueryBuilder,
  SortQueryBuilder,
} = require('@freshbooks/api/dist/models/builders')

function env(name) {
  const v = process.env[name]
  if (!v) throw new Error(`environment variable ${name} must be set`)
  return v
}

// describeError keeps what the SDK's errors carry (APIClientError: name,
// message, statusCode as a string, errors[] with errorCode/field/...).
function describeError(err) {
  if (!err || typeof err !== 'object') return { message: String(err) }
  return {
    class: err.constructor ? err.constructor.name : typeof err,
    name: err.name,
    message: err.message,
    statusCode: err.statusCode === undefined ? null : err.statusCode,
    errors: err.errors === undefined ? null : err.errors,
  }
}

// iso renders a Date the SDK parsed from a timestamp.
function iso(d) {
  return d instanceof Date && !isNaN(d) ? d.toISOString() : null
}

// ymd renders a Date the SDK parsed from a date-only field: it makes them
// at local midnight (`new Date('YYYY-MM-DD 00:00:00')`), so the local
// calendar day is the wire's date on any host time zone.
function ymd(d) {
  if (!(d instanceof Date) || isNaN(d)) return null
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

function money(m) {
  return m ? { amount: m.amount, code: m.code } : null
}

function describeClient(c) {
  return {
    id: c.id,
    userId: c.userId,
    fName: c.fName,
    lName: c.lName,
    email: c.email,
    organization: c.organization,
    note: c.note,
    currencyCode: c.currencyCode,
    busPhone: c.busPhone,
    visState: c.visState,
    updated: iso(c.updated),
  }
}

function describeInvoice(inv) {
  return {
    id: inv.id,
    invoiceId: inv.invoiceId,
    customerId: inv.customerId,
    invoiceNumber: inv.invoiceNumber,
    createDate: ymd(inv.createDate),
    dueDate: ymd(inv.dueDate),
    currencyCode: inv.currencyCode,
    amount: money(inv.amount),
    outstanding: money(inv.outstanding),
    paid: money(inv.paid),
    status: inv.status,
    v3Status: inv.v3Status,
    displayStatus: inv.displayStatus,
    paymentStatus: inv.paymentStatus,
    notes: inv.notes,
    poNumber: inv.poNumber,
    fName: inv.fName,
    organization: inv.organization,
    visState: inv.visState,
    updated: iso(inv.updated),
    lines:
      inv.lines === undefined
        ? null
        : inv.lines.map((l) => ({
            lineId: l.lineId,
            name: l.name,
            description: l.description,
            qty: l.qty,
            unitCost: money(l.unitCost),
            amount: money(l.amount),
          })),
  }
}

function describeProject(p) {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    clientId: p.clientId,
    projectType: p.projectType,
    billingMethod: p.billingMethod,
    rate: p.rate,
    active: p.active,
    complete: p.complete,
    internal: p.internal,
    billedStatus: p.billedStatus,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  }
}

function describeTimeEntry(e) {
  return {
    id: e.id,
    identityId: e.identityId,
    isLogged: e.isLogged,
    startedAt: iso(e.startedAt),
    createdAt: iso(e.createdAt),
    duration: e.duration,
    clientId: e.clientId,
    projectId: e.projectId,
    note: e.note,
    billable: e.billable,
    active: e.active,
  }
}

function pages(p) {
  return p ? { page: p.page, pages: p.pages, size: p.size, total: p.total } : null
}

// expectError runs a call that must fail and describes its error; a call
// that succeeds is an unexpected failure of the step.
async function expectError(call) {
  let res
  try {
    res = await call()
  } catch (err) {
    return { threw: true, ...describeError(err) }
  }
  const e = new Error(`expected an error, got ${JSON.stringify(res && res.data)}`)
  e.name = 'NoError'
  throw e
}

// readLine resolves with the next line of stdin, then lets stdin go.
function readLine() {
  return new Promise((resolve, reject) => {
    let buf = ''
    const onData = (chunk) => {
      buf += chunk
      const nl = buf.indexOf('\n')
      if (nl < 0) return
      process.stdin.off('data', onData)
      process.stdin.off('end', onEnd)
      process.stdin.destroy()
      resolve(buf.slice(0, nl))
    }
    const onEnd = () => reject(new Error('stdin closed before the checkpoint was released'))
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', onData)
    process.stdin.on('end', onEnd)
  })
}

async function main() {
  const out = { ok: false }
  let step = 'setup'
  const fail = (err) => {
    out.step = step
    out.error = describeError(err)
    process.stdout.write(JSON.stringify(out) + '\n')
    process.exit(1)
  }
  try {
    env('FRESHBOOKS_API_URL')
    const accessToken = env('FRESHBOOKS_ACCESS_TOKEN')
    const accountId = env('FRESHBOOKS_ACCOUNT_ID')
    const businessId = Number(env('FRESHBOOKS_BUSINESS_ID'))
    out.sdkVersion = JSON.parse(
      fs.readFileSync(path.join(__dirname, 'node_modules', '@freshbooks', 'api', 'package.json'), 'utf8'),
    ).version
    // No retries: a failure shows at once, and error paths stay fast.
    const fb = new Client('node-e2e-crud', { accessToken, retryOptions: { retries: 0 } })
    out.apiUrl = fb.apiUrl
    out.client = {}
    out.invoice = {}
    out.project = {}
    out.timeEntry = {}
    out.errors = {}

    // ---- Clients --------------------------------------------------------
    step = 'clients.create'
    const client = (
      await fb.clients.create(
        {
          fName: 'Ada',
          lName: 'Lovelace',
          email: 'ada.lovelace@example.test',
          organization: 'Analytical Engines Ltd',
          busPhone: '5550101010',
          currencyCode: 'USD',
          note: 'created by the Node SDK',
        },
        accountId,
      )
    ).data
    out.client.created = describeClient(client)
    const clientId = client.id

    step = 'clients.single'
    out.client.single = describeClient((await fb.clients.single(accountId, clientId)).data)

    step = 'clients.list'
    {
      const res = (
        await fb.clients.list(accountId, [
          new SearchQueryBuilder().like('organization_like', 'Analytical'),
          new PaginationQueryBuilder().page(1).perPage(5),
          new SortQueryBuilder().desc('client_id'),
        ])
      ).data
      out.client.list = { ids: res.clients.map((c) => c.id), pages: pages(res.pages) }
    }

    step = 'clients.update'
    out.client.updated = describeClient(
      (
        await fb.clients.update(
          { organization: 'Analytical Engines Ltd (updated)', note: 'updated by the Node SDK' },
          accountId,
          clientId,
        )
      ).data,
    )

    step = 'clients.single after update'
    out.client.singleAfterUpdate = describeClient((await fb.clients.single(accountId, clientId)).data)

    // ---- Invoices -------------------------------------------------------
    // createDate is a Date at local midnight: the SDK formats it with the
    // host's calendar (transformDateRequest), so this is 2026-01-15 on any
    // host time zone.
    step = 'invoices.create'
    const invoice = (
      await fb.invoices.create(
        {
          customerId: clientId,
          createDate: new Date(2026, 0, 15),
          currencyCode: 'USD',
          notes: 'Thank you for your business.',
          lines: [
            { name: 'Design', description: 'Wireframes and mockups', qty: 3, unitCost: { amount: '150.00', code: 'USD' } },
            { name: 'Hosting', qty: '2', unitCost: { amount: '19.99', code: 'USD' } },
          ],
        },
        accountId,
        [new IncludesQueryBuilder().includes('lines')],
      )
    ).data
    out.invoice.created = describeInvoice(invoice)
    const invoiceId = invoice.id

    step = 'invoices.single'
    out.invoice.single = describeInvoice(
      (await fb.invoices.single(accountId, invoiceId, [new IncludesQueryBuilder().includes('lines')])).data,
    )

    step = 'invoices.list'
    {
      const res = (
        await fb.invoices.list(accountId, [
          new SearchQueryBuilder().equals('customerid', clientId),
          new PaginationQueryBuilder().page(1).perPage(10),
          new SortQueryBuilder().desc('invoice_date'),
        ])
      ).data
      out.invoice.list = { ids: res.invoices.map((i) => i.id), pages: pages(res.pages) }
    }

    step = 'invoices.update'
    out.invoice.updated = describeInvoice(
      (await fb.invoices.update(accountId, invoiceId, { notes: 'Payment due in 30 days.', poNumber: 'PO-1842' })).data,
    )

    step = 'invoices.update actionMarkAsSent'
    out.invoice.sent = describeInvoice((await fb.invoices.update(accountId, invoiceId, { actionMarkAsSent: true })).data)

    // ---- Projects -------------------------------------------------------
    step = 'projects.create'
    const project = (
      await fb.projects.create(
        {
          title: 'Website redesign',
          description: 'New marketing site',
          clientId,
          projectType: 'hourly_rate',
          billingMethod: 'project_rate',
          rate: '95.00',
        },
        businessId,
      )
    ).data
    out.project.created = describeProject(project)
    const projectId = project.id

    step = 'projects.single'
    out.project.single = describeProject((await fb.projects.single(businessId, projectId)).data)

    step = 'projects.list'
    {
      const res = (
        await fb.projects.list(businessId, [
          new SearchQueryBuilder().boolean('active', true).equals('client_id', clientId),
          new PaginationQueryBuilder().page(1).perPage(10),
        ])
      ).data
      out.project.list = { ids: res.projects.map((p) => p.id), pages: pages(res.pages) }
    }

    // FreshBooks requires the title on every project PUT (freshbooks-api.md
    // §3.3), so the update carries it.
    step = 'projects.update'
    out.project.updated = describeProject(
      (
        await fb.projects.update(
          { title: 'Website redesign, phase 2', description: 'Marketing site and blog', rate: '110.00' },
          businessId,
          projectId,
        )
      ).data,
    )

    // ---- Time entries ---------------------------------------------------
    const startedAt = new Date('2026-01-20T14:30:00Z')
    step = 'timeEntries.create'
    const entry = (
      await fb.timeEntries.create(
        { isLogged: true, startedAt, duration: 5400, projectId, clientId, note: 'Wireframes', billable: true },
        businessId,
      )
    ).data
    out.timeEntry.created = describeTimeEntry(entry)
    const entryId = entry.id

    step = 'timeEntries.single'
    out.timeEntry.single = describeTimeEntry((await fb.timeEntries.single(businessId, entryId)).data)

    step = 'timeEntries.list'
    {
      const res = (
        await fb.timeEntries.list(businessId, [
          new SearchQueryBuilder().equals('project_id', projectId),
          new PaginationQueryBuilder().page(1).perPage(10),
        ])
      ).data
      out.timeEntry.list = { ids: res.timeEntries.map((e) => e.id), pages: pages(res.pages) }
    }

    // The SDK's request transform always sends started_at, as null when
    // the update leaves it out; FreshBooks refuses a null started_at
    // ("none is not an allowed value", freshbooks-api.md §3.3), so an
    // update through this SDK must repeat it. The bare note update is
    // kept as an expected error.
    step = 'timeEntries.update without startedAt'
    out.errors.timeEntryUpdateWithoutStartedAt = await expectError(() =>
      fb.timeEntries.update({ note: 'Wireframes, revised' }, businessId, entryId),
    )

    step = 'timeEntries.update'
    out.timeEntry.updated = describeTimeEntry(
      (await fb.timeEntries.update({ startedAt, duration: 7200, note: 'Wireframes, revised' }, businessId, entryId))
        .data,
    )

    // ---- Checkpoint ---------------------------------------------------
    // Everything is made and updated. With FRESHBOOKS_CRUD_CHECKPOINT set,
    // say so and wait for a line on stdin: the test reads the records with
    // the Go client before they are deleted.
    if (process.env.FRESHBOOKS_CRUD_CHECKPOINT) {
      step = 'checkpoint'
      process.stdout.write(
        JSON.stringify({ checkpoint: 'before-delete', clientId, invoiceId, projectId, entryId }) + '\n',
      )
      await readLine()
    }

    // ---- Deletes --------------------------------------------------------
    step = 'invoices.delete'
    out.invoice.deleted = describeInvoice((await fb.invoices.delete(accountId, invoiceId)).data)

    step = 'invoices.single after delete'
    out.invoice.singleAfterDelete = describeInvoice((await fb.invoices.single(accountId, invoiceId)).data)

    step = 'timeEntries.delete'
    {
      const res = await fb.timeEntries.delete(businessId, entryId)
      out.timeEntry.deleted = { ok: res.ok }
    }

    step = 'timeEntries.single after delete'
    out.timeEntry.singleAfterDelete = await expectError(() => fb.timeEntries.single(businessId, entryId))

    step = 'projects.delete'
    {
      const res = await fb.projects.delete(businessId, projectId)
      out.project.deleted = { ok: res.ok }
    }

    step = 'projects.single after delete'
    out.project.singleAfterDelete = await expectError(() => fb.projects.single(businessId, projectId))

    // ---- Client delete (last: the others referred to it) ----------------
    step = 'clients.delete'
    out.client.deleted = describeClient((await fb.clients.delete(accountId, clientId)).data)

    step = 'clients.single after delete'
    out.client.singleAfterDelete = describeClient((await fb.clients.single(accountId, clientId)).data)

    step = 'clients.list after delete'
    {
      const search = () => new SearchQueryBuilder().like('organization_like', 'Analytical')
      const active = (await fb.clients.list(accountId, [search()])).data
      const deleted = (await fb.clients.list(accountId, [search().equals('vis_state', 1)])).data
      out.client.listAfterDelete = { ids: active.clients.map((c) => c.id), pages: pages(active.pages) }
      out.client.listDeleted = { ids: deleted.clients.map((c) => c.id), pages: pages(deleted.pages) }
    }

    // ---- Errors, as the SDK reports them --------------------------------
    step = 'clients.single of a missing client'
    out.errors.clientNotFound = await expectError(() => fb.clients.single(accountId, '999999999'))

    step = 'clients.create without a name, email or organization'
    out.errors.clientNoName = await expectError(() => fb.clients.create({ note: 'nameless' }, accountId))

    step = 'projects.create without a title'
    out.errors.projectNoTitle = await expectError(() =>
      fb.projects.create({ description: 'untitled', projectType: 'hourly_rate' }, businessId),
    )

    step = 'projects.single of a missing project'
    out.errors.projectNotFound = await expectError(() => fb.projects.single(businessId, 999999999))

    out.ok = true
    delete out.step
    process.stdout.write(JSON.stringify(out) + '\n')
  } catch (err) {
    fail(err)
  }
}

main()
