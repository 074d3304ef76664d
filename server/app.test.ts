import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { startGateway, type Gateway } from './gateway.ts'
import { SESSION_COOKIE } from './protocol.ts'
import { createPushSource } from './testing/push-source.ts'

const TOKEN = 'app-test-token'
let gateway: Gateway | null = null
afterEach(async () => {
  await gateway?.close()
  gateway = null
})

async function start(staticDir: string | null = null) {
  gateway = await startGateway({ host: '127.0.0.1', port: 0, token: TOKEN, config: null, staticDir, sources: [createPushSource()] })
  return gateway
}

function builtDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tailboard-dist-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>')
  return dir
}

/** A raw request so that Host and Origin can be set freely (fetch forbids both). */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', reject)
  })
}

describe('gateway auth and errors', () => {
  it('answers health without a token and 401 with a JSON error without one', async () => {
    const { url } = await start()
    expect((await raw(`${url}/api/health`)).status).toBe(200)
    const res = await raw(`${url}/api/tasks`)
    expect(res.status).toBe(401)
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'unauthenticated' } })
  })

  it('accepts the bearer token and refuses a wrong one', async () => {
    const { url } = await start()
    expect((await raw(`${url}/api/sources`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
    expect((await raw(`${url}/api/sources`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401)
  })

  it('trades the token for an HttpOnly SameSite=Strict cookie that then authenticates', async () => {
    const { url } = await start()
    const bad = await raw(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"wrong"}' })
    expect(bad.status).toBe(401)
    const res = await raw(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: TOKEN }) })
    expect(res.status).toBe(204)
    const cookie = String((res.headers['set-cookie'] as string[])[0])
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).not.toContain(TOKEN)
    const pair = cookie.split(';')[0]!
    expect(pair.startsWith(`${SESSION_COOKIE}=`)).toBe(true)
    expect((await raw(`${url}/api/sources`, { headers: { cookie: pair } })).status).toBe(200)
  })

  it('refuses a foreign Host (DNS rebinding) and a cross-origin POST', async () => {
    const { url } = await start()
    const auth = { authorization: `Bearer ${TOKEN}` }
    expect((await raw(`${url}/api/sources`, { headers: { ...auth, host: 'evil.example:80' } })).status).toBe(403)
    const post = await raw(`${url}/api/tasks/cancel`, {
      method: 'POST', body: '{"tasks":[{"source":"push","id":"x"}]}',
      headers: { ...auth, 'content-type': 'application/json', origin: 'http://evil.example' },
    })
    expect(post.status).toBe(403)
  })

  it('refuses WebSocket upgrades from another origin or without a session', async () => {
    const { url } = await start()
    const ws = `${url.replace('http', 'ws')}/api/logs/stream`
    const host = new URL(url).host
    expect(await upgradeStatus(ws, { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' })).toBe(403)
    expect(await upgradeStatus(ws, { origin: `http://${host}` })).toBe(401)
    expect(await upgradeStatus(ws, { authorization: `Bearer ${TOKEN}`, origin: `http://${host}` })).toBe(101)
  })

  it('answers bad requests with a status and a JSON error, never a crash', async () => {
    const { url } = await start()
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }
    const notJson = await raw(`${url}/api/tasks/cancel`, { method: 'POST', headers, body: '{oops' })
    expect(notJson.status).toBe(400)
    const badShape = await raw(`${url}/api/tasks/cancel`, { method: 'POST', headers, body: '{"tasks":[]}' })
    expect(badShape.status).toBe(400)
    expect(JSON.parse(badShape.body).error.message).toMatch(/tasks/)
    expect((await raw(`${url}/api/nope`, { headers })).status).toBe(404)
    expect((await raw(`${url}/api/tasks?limit=abc`, { headers })).status).toBe(400)
    // A version this gateway never gave (another run, a stale tab): the whole list, not an error.
    const stale = await raw(`${url}/api/tasks?since=from-another-run`, { headers })
    expect(stale.status).toBe(200)
    expect(JSON.parse(stale.body)).toMatchObject({ tasks: expect.any(Array), version: expect.any(String) })
    const unknown = await raw(`${url}/api/tasks/cancel`, { method: 'POST', headers, body: '{"tasks":[{"source":"elsewhere","id":"t-1"}]}' })
    expect(JSON.parse(unknown.body)).toEqual({ results: [{ source: 'elsewhere', id: 't-1', outcome: 'not-found', error: 'no task source named "elsewhere"' }] })
  })
})

describe('gateway static files and odd paths', () => {
  it('answers 400 to a malformed percent-escape, in the API and in static paths', async () => {
    const { url } = await start(builtDir())
    const headers = { authorization: `Bearer ${TOKEN}` }
    expect((await raw(`${url}/api/tasks/local/%E0%A4%A`, { headers })).status).toBe(400)
    expect((await raw(`${url}/%E0%A4%A`, { headers })).status).toBe(400)
  })

  it('serves the SPA for deep links, never files outside the build, and HEAD without a body', async () => {
    const { url } = await start(builtDir())
    const deep = await raw(`${url}/some/deep/link`)
    expect(deep.status).toBe(200)
    expect(deep.body).toContain('<div id="root">')
    expect((await raw(`${url}/..%2f..%2fetc%2fpasswd`)).body).toContain('<div id="root">')
    expect((await raw(`${url}/assets/index-gone.js`)).status).toBe(404)
    const head = await raw(`${url}/`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })
})

describe('gateway start-up failure', () => {
  it('stops the sources it started and frees the port when a later source fails to start', async () => {
    const first = createPushSource('first')
    let stopped = false
    const firstStop = first.stop.bind(first)
    first.stop = async () => {
      stopped = true
      await firstStop()
    }
    const broken = { ...createPushSource('broken'), start: () => { throw new Error('cannot start') } }
    await expect(startGateway({ host: '127.0.0.1', port: 0, token: TOKEN, config: null, staticDir: null, sources: [first, broken] })).rejects.toThrow('cannot start')
    expect(stopped).toBe(true)
  })
})
