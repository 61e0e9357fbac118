#!/usr/bin/env node
// seed_flow.js runs the official FreshBooks Node SDK (@freshbooks/api,
// unchanged) through the whole OAuth flow against a FreshBooks sandbox
// started in auto-approve mode, and prints one JSON line with what it saw.
//
// Environment:
//   FRESHBOOKS_API_URL, FRESHBOOKS_AUTH_URL  the sandbox root (read by the SDK itself)
//   FRESHBOOKS_CLIENT_ID, FRESHBOOKS_CLIENT_SECRET, FRESHBOOKS_REDIRECT_URI
//                                            the sandbox's registered application
//
// Exit status 0 when every step ran (the expected errors included); 1 with
// {"ok":false,"step":...,"error":{...}} on the first unexpected failure.
'use strict'

const fs = require('fs')
const path = require('path')
const { Client } = require('@freshbooks/api')

const SCOPES = ['user:profile:read', 'user:clients:read']

function env(name) {
  const v = process.env[name]
  if (!v) throw new Error(`environment variable ${name} must be set`)
  return v
}

// describeError keeps what the SDK's errors carry (APIClientError: name,
// message, statusCode as a string, errors[]) and nothing secret.
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

function describeUser(u) {
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    memberships: (u.businessMemberships || []).map((m) => ({
      id: m.id,
      role: m.role,
      businessId: m.business ? m.business.id : null,
      accountId: m.business ? m.business.accountId : null,
      businessName: m.business ? m.business.name : null,
    })),
  }
}

function iso(d) {
  return d instanceof Date && !isNaN(d) ? d.toISOString() : null
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
    const clientId = env('FRESHBOOKS_CLIENT_ID')
    const clientSecret = env('FRESHBOOKS_CLIENT_SECRET')
    const redirectUri = env('FRESHBOOKS_REDIRECT_URI')
    env('FRESHBOOKS_API_URL')
    env('FRESHBOOKS_AUTH_URL')
    const options = { clientSecret, redirectUri, retryOptions: { retries: 0 } }
    out.sdkVersion = JSON.parse(
      fs.readFileSync(path.join(__dirname, 'node_modules', '@freshbooks', 'api', 'package.json'), 'utf8'),
    ).version

    const client = new Client(clientId, options)
    out.apiUrl = client.apiUrl

    step = 'getAuthRequestUrl'
    const authUrl = client.getAuthRequestUrl(SCOPES)
    out.authUrl = authUrl

    // A headless user in auto-approve mode: the authorize URL answers with
    // a redirect to the app's callback, which is not followed.
    step = 'authorize'
    const res = await fetch(authUrl, { redirect: 'manual', signal: AbortSignal.timeout(10000) })
    const location = res.headers.get('location')
    out.authorize = { status: res.status }
    if (!location) throw new Error(`authorize answered ${res.status} without a Location header`)
    const cb = new URL(location, authUrl)
    const code = cb.searchParams.get('code')
    out.authorize.callbackBase = cb.origin + cb.pathname
    out.authorize.hasCode = !!code
    out.authorize.error = cb.searchParams.get('error')
    if (!code) throw new Error(`callback carries no code: error=${out.authorize.error}`)

    step = 'getAccessToken'
    const tok = await client.getAccessToken(code)
    const firstAccess = tok.accessToken
    const firstRefresh = tok.refreshToken
    out.token = {
      accessTokenExpiresAt: iso(tok.accessTokenExpiresAt),
      hasAccessToken: !!tok.accessToken,
      hasRefreshToken: !!tok.refreshToken,
    }

    step = 'users.me'
    out.me = describeUser((await client.users.me()).data)

    step = 'refreshAccessToken'
    const tok2 = await client.refreshAccessToken()
    out.refresh = {
      accessTokenExpiresAt: iso(tok2.accessTokenExpiresAt),
      accessTokenRotated: !!tok2.accessToken && tok2.accessToken !== firstAccess,
      refreshTokenRotated: !!tok2.refreshToken && tok2.refreshToken !== firstRefresh,
      clientHoldsNewTokens: client.accessToken === tok2.accessToken && client.refreshToken === tok2.refreshToken,
    }

    step = 'users.me after refresh'
    out.meAfterRefresh = describeUser((await client.users.me()).data)

    // Error paths, on separate clients so the main one keeps its tokens.
    step = 'users.me with a bogus token'
    try {
      await new Client(clientId, { ...options, accessToken: 'bogus-access-token' }).users.me()
      out.bogusToken = { threw: false }
    } catch (err) {
      out.bogusToken = { threw: true, ...describeError(err) }
    }

    step = 'refreshAccessToken with a spent refresh token'
    try {
      await new Client(clientId, options).refreshAccessToken(firstRefresh)
      out.spentRefresh = { threw: false }
    } catch (err) {
      out.spentRefresh = { threw: true, ...describeError(err) }
    }

    out.ok = true
    delete out.step
    process.stdout.write(JSON.stringify(out) + '\n')
  } catch (err) {
    fail(err)
  }
}

main()
