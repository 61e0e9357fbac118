#!/usr/bin/env node
// export.js exports every client of an account to CSV with the official
// FreshBooks Node SDK (@freshbooks/api, unchanged), paging 100 at a time
// with the loop of the SDK's README ("Pagination"), and prints one JSON
// line: the rows written and the seconds the export took (from the first
// request to the file closed; node's start-up is not counted).
//
// Environment:
//   FRESHBOOKS_API_URL       the sandbox root (read by the SDK itself)
//   FRESHBOOKS_ACCESS_TOKEN  a token with user:clients:read
//   FRESHBOOKS_ACCOUNT_ID    the account whose clients are exported
//   FRESHBOOKS_EXPORT_CSV    the file to write
'use strict'

const fs = require('fs')
const { Client } = require('@freshbooks/api')
const { PaginationQueryBuilder } = require('@freshbooks/api/dist/models/builders')

// The CSV columns, as wire names; the SDK's model names each.
const COLUMNS = [
  ['id', (c) => c.id],
  ['organization', (c) => c.organization],
  ['fname', (c) => c.fName],
  ['lname', (c) => c.lName],
  ['email', (c) => c.email],
]

// field quotes a CSV field when it holds a comma, a quote or a line break
// (as Python's csv module and Go's encoding/csv do).
function field(v) {
  const s = v === undefined || v === null ? '' : String(v)
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s
}

async function main() {
  const accountId = process.env.FRESHBOOKS_ACCOUNT_ID
  const fb = new Client('node-e2e-export', { accessToken: process.env.FRESHBOOKS_ACCESS_TOKEN })
  const start = process.hrtime.bigint()
  const out = fs.openSync(process.env.FRESHBOOKS_EXPORT_CSV, 'w')
  fs.writeSync(out, COLUMNS.map(([name]) => name).join(',') + '\n')
  let rows = 0

  const paginator = new PaginationQueryBuilder()
  paginator.page(1).perPage(100)
  let page = 1
  let totalPages = 1
  while (page <= totalPages) {
    const response = await fb.clients.list(accountId, [paginator])
    const { clients, pages } = response.data
    page++
    totalPages = pages.pages
    paginator.page(page)
    let chunk = ''
    for (const c of clients) {
      chunk += COLUMNS.map(([, get]) => field(get(c))).join(',') + '\n'
      rows++
    }
    fs.writeSync(out, chunk)
  }
  fs.closeSync(out)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  process.stdout.write(JSON.stringify({ ok: true, rows, seconds }) + '\n')
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ ok: false, error: `${err && err.name}: ${err && err.message}` }) + '\n')
  process.exit(1)
})
