#!/usr/bin/env node
// session.js drives `freshbooks mcp` with the official TypeScript MCP SDK
// (@modelcontextprotocol/sdk, unchanged), as an assistant's host would:
// it lists the tools, compiles every input schema with Ajv (JSON Schema
// 2020-12), and calls whoami, list_invoices (a filter when the catalogue
// has one, and the cursor), get_client, a write the read-only server
// refuses, a create on the server that allows writes, and a create that
// FreshBooks refuses. It prints one JSON line with what it saw.
//
// Usage: node session.js stdio   (spawns $FRESHBOOKS_BIN mcp, twice)
//        node session.js http    (connects to $MCP_READ_URL and $MCP_WRITE_URL)
//
// Environment:
//   FRESHBOOKS_BIN          the freshbooks binary (stdio)
//   MCP_READ_URL, MCP_WRITE_URL, MCP_BEARER   the HTTP servers and their secret (http)
//   MCP_FILTER              an equality filter of list_invoices on an integer
//                           member (such as customerid), or empty
//   MCP_TRANSCRIPT          a file that receives every result, for the secret scan
//   and what `freshbooks mcp` reads (FRESHBOOKS_API_URL, FRESHBOOKS_ACCESS_TOKEN, ...)
//
// Exit status 0 when every step ran; 1 with {"ok":false,"step":...,"error":...}.
import fs from 'node:fs'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

const mode = process.argv[2]
const out = { ok: false, mode, step: 'start' }
const transcript = []

async function connect(writes) {
  const client = new Client({ name: 'freshbooks-go-e2e', version: '0.0.0' })
  let transport
  if (mode === 'stdio') {
    const args = ['mcp']
    if (writes) args.push('--allow-writes')
    transport = new StdioClientTransport({ command: process.env.FRESHBOOKS_BIN, args, env: { ...process.env }, stderr: 'inherit' })
  } else {
    const url = writes ? process.env.MCP_WRITE_URL : process.env.MCP_READ_URL
    transport = new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${process.env.MCP_BEARER}` } },
    })
  }
  await client.connect(transport)
  return client
}

async function listTools(client) {
  const tools = []
  let cursor
  do {
    const page = await client.listTools(cursor ? { cursor } : {})
    transcript.push(page)
    tools.push(...page.tools)
    cursor = page.nextCursor
  } while (cursor)
  return tools
}

// call calls a tool after checking the arguments against its schema, as a
// careful host does; a protocol error is thrown.
async function call(client, validators, name, args) {
  const validate = validators.get(name)
  const valid = validate ? validate(args) : null
  const res = await client.callTool({ name, arguments: args })
  transcript.push(res)
  const text = (res.content || []).filter((c) => c.type === 'text').map((c) => c.text).join('')
  return { isError: !!res.isError, text, structured: res.structuredContent ?? null, clientSideValid: valid }
}

function compileAll(tools) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true })
  addFormats(ajv)
  const validators = new Map()
  const invalid = []
  for (const t of tools) {
    try {
      validators.set(t.name, ajv.compile(t.inputSchema))
    } catch (e) {
      invalid.push({ tool: t.name, error: String(e.message || e) })
    }
  }
  return { validators, invalid }
}

async function main() {
  out.step = 'connect read-only'
  const ro = await connect(false)
  out.step = 'list tools'
  const tools = await listTools(ro)
  const { validators, invalid } = compileAll(tools)
  out.tools = {
    count: tools.length,
    names: tools.map((t) => t.name),
    invalidSchemas: invalid,
    notReadOnly: tools.filter((t) => !t.annotations || t.annotations.readOnlyHint !== true).map((t) => t.name),
  }

  out.step = 'whoami'
  out.whoami = await call(ro, validators, 'whoami', {})

  out.step = 'list_invoices'
  const first = await call(ro, validators, 'list_invoices', { per_page: 2 })
  const cursor = first.structured && first.structured.next_cursor
  const second = cursor ? await call(ro, validators, 'list_invoices', { per_page: 2, cursor }) : null
  out.invoices = { first, second }
  const filter = process.env.MCP_FILTER
  if (filter) {
    out.step = 'list_invoices with ' + filter
    const value = first.structured.records[0][filter]
    out.invoices.filter = { name: filter, value, result: await call(ro, validators, 'list_invoices', { [filter]: value, per_page: 100 }) }
  }
  out.step = 'list_invoices with an unknown filter'
  out.invoices.unknownFilter = await call(ro, validators, 'list_invoices', { no_such_filter: 1 })

  out.step = 'get_client'
  const clients = await call(ro, validators, 'list_clients', { per_page: 1 })
  const clientID = clients.structured.records[0].id
  out.getClient = { id: clientID, result: await call(ro, validators, 'get_client', { id: clientID }) }

  out.step = 'a write on the read-only server'
  const newClient = { record: { organization: `MCP e2e ${mode}`, email: `mcp-${mode}@example.com` } }
  out.refusedWrite = await call(ro, validators, 'create_client', newClient)
  await ro.close()

  out.step = 'connect with writes'
  const rw = await connect(true)
  const rwTools = await listTools(rw)
  const rwCompiled = compileAll(rwTools)
  out.writeTools = { count: rwTools.length, invalidSchemas: rwCompiled.invalid, hasCreateClient: rwTools.some((t) => t.name === 'create_client') }
  out.step = 'create_client'
  out.created = await call(rw, rwCompiled.validators, 'create_client', newClient)
  out.step = 'create_invoice without a client'
  out.validation = await call(rw, rwCompiled.validators, 'create_invoice', { record: { create_date: '2026-12-01' } })
  await rw.close()

  out.step = 'done'
  out.ok = true
}

try {
  await main()
} catch (e) {
  out.error = { message: String(e && e.message), stack: String(e && e.stack) }
}
if (process.env.MCP_TRANSCRIPT) fs.writeFileSync(process.env.MCP_TRANSCRIPT, JSON.stringify(transcript))
console.log(JSON.stringify(out))
process.exit(out.ok ? 0 : 1)
