import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Auth } from './http/auth.ts'
import { HttpError, readJson, sendError, sendJson } from './http/respond.ts'
import { serveStatic } from './http/static-files.ts'
import type { LogHub } from './logs/log-hub.ts'
import { createListVersions } from './tasks/list-versions.ts'
import { handleTaskRoute } from './tasks/task-routes.ts'
import type { TaskService } from './tasks/task-service.ts'

export type AppDeps = {
  auth: Auth
  hub: LogHub
  tasks: TaskService
  /** Built SPA folder; null serves the API only. */
  staticDir: string | null
  /** Log of requests that failed inside the gateway (not of bad client input). */
  onError?: (err: unknown) => void
}

/**
 * The gateway's request and upgrade handlers. It never listens: `main.ts` and the tests own the server, so tests can
 * bind port 0 on 127.0.0.1 and close it.
 */
export function createApp({ auth, hub, tasks, staticDir, onError = console.error }: AppDeps) {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 })
  const versions = createListVersions()

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname
    if (path === '/api/health') return sendJson(res, 200, { ok: true })
    if (path === '/api/session' && req.method === 'POST') {
      const body = await readJson(req, 4096)
      const token = typeof body === 'object' && body && 'token' in body ? String(body.token) : ''
      if (!auth.tokenMatches(token)) throw new HttpError(401, 'bad-token', 'that token is not the one this gateway printed')
      res.writeHead(204, { 'set-cookie': auth.sessionCookie(req.headers['x-forwarded-proto'] === 'https') })
      return void res.end()
    }
    if (path.startsWith('/api/')) {
      if (!auth.authenticated(req)) throw new HttpError(401, 'unauthenticated', 'open the URL the gateway printed (it carries the token), or send Authorization: Bearer <token>')
      if (path === '/api/sources') return sendJson(res, 200, { sources: hub.sources() })
      if (await handleTaskRoute(tasks, versions, req, res, url)) return
      throw new HttpError(404, 'not-found', `no API route ${req.method} ${path}`)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed here`)
    if (!staticDir || !(await serveStatic(staticDir, path, res, { head: req.method === 'HEAD' }))) {
      throw new HttpError(503, 'no-build', 'the dashboard is not built: run `npm run build` (npm start does it for you)')
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://gateway')
    if (!auth.hostAllowed(req)) return sendError(res, 403, 'bad-host', 'this Host is not allowed (DNS rebinding guard)')
    if (req.method === 'POST' && !auth.originAllowed(req)) return sendError(res, 403, 'bad-origin', 'cross-origin requests are refused')
    route(req, res, url).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy()
      if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message)
      if (err instanceof URIError) return sendError(res, 400, 'bad-request', 'the path has a malformed percent-escape')
      onError(err)
      sendError(res, 502, 'upstream-error', err instanceof Error ? err.message : String(err))
    })
  }

  function refuse(socket: Duplex, status: number, message: string): void {
    socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://gateway')
    if (url.pathname !== '/api/logs/stream') return refuse(socket, 404, 'Not Found')
    if (!auth.hostAllowed(req)) return refuse(socket, 403, 'Forbidden')
    if (!auth.originAllowed(req)) return refuse(socket, 403, 'Forbidden')
    if (!auth.authenticated(req)) return refuse(socket, 401, 'Unauthorized')
    const raw = url.searchParams.get('cursor')
    const cursor = raw !== null && /^\d+$/.test(raw) ? Number(raw) : null
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The stream is one-way; anything the browser sends is ignored rather than buffered.
      ws.on('message', () => undefined)
      hub.attach(ws, cursor)
    })
  }

  return { handle, upgrade, close: () => wss.close() }
}
export type App = ReturnType<typeof createApp>
