/**
 * A fake hosted Beam (protocols.md §1.2–1.7) for tests, the e2e journey and the bench: the v2 task API
 * (`GET /v2/task/{id}/`, `DELETE /v2/task/cancel/` with `{"task_ids": [...]}` answering `200 {}`) and the realtime log
 * WebSocket with the token inside each JSON command: `LOGS_QUERY` gets exactly one reply, `LOGS_ADD_STREAM` replays
 * from `startingTimestamp` inclusively (so a resume sees duplicates) then streams. Replies are Elasticsearch-shaped
 * with hits deliberately out of order; errors are `{"error": ...}`; `{"type":"ping"}` frames are pushed periodically.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { micros as toMicros, pythonIso } from './python-time.ts'

type Hit = { objectId: string; ts: string; micros: number; msg: string }
type Sub = { ws: WebSocket; objectId: string }

const frame = (hits: Hit[]) => JSON.stringify({ logs: { hits: { total: { value: hits.length }, hits: hits.map((h) => ({ _index: 'logs', _id: randomUUID(), _source: { '@timestamp': h.ts, msg: h.msg, stream: 'stdout' } })) } } })
/** Out of order on purpose: the CLI sorts hits within a frame, so a client must too. */
const shuffle = (hits: Hit[]) => hits.map((h, i) => ({ h, k: (i * 7919) % (hits.length + 3) })).sort((a, b) => a.k - b.k).map((x) => x.h).reverse()

export type FakeBeamOptions = {
  token?: string
  pingMs?: number
  /** How far the fake's clock moves at least per logged line; 0 stops it, so every line has the same `@timestamp`. */
  stepMicros?: number
}

/** Starts the fake on 127.0.0.1 and a free port; the API and the realtime socket share it. */
export async function startFakeBeam({ token = 'beam-token', pingMs = 5_000, stepMicros = 1_000 }: FakeBeamOptions = {}) {
  const tasks = new Map<string, Record<string, unknown>>()
  const hits: Hit[] = []
  const subs = new Set<Sub>()
  const commands: Record<string, unknown>[] = []
  const cancelBodies: unknown[] = []
  let heldQueries: (() => void)[] | null = null
  // wall time in microseconds, never going back; a burst of lines may run a little ahead of the wall clock
  let clock = Date.now() * 1000

  const send = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { message: 'Unauthorized' })
      const get = /^\/v2\/task\/([^/]+)\/$/.exec(req.url ?? '')
      if (req.method === 'GET' && get && get[1] !== 'cancel') {
        const t = tasks.get(decodeURIComponent(get[1]!))
        return t ? send(res, 200, t) : send(res, 404, { message: 'Not found' })
      }
      if (req.method === 'DELETE' && req.url === '/v2/task/cancel/') {
        const parsed = JSON.parse(body || '{}') as { task_ids?: string[] }
        cancelBodies.push(parsed)
        for (const id of parsed.task_ids ?? []) {
          const t = tasks.get(id)
          if (t && ['PENDING', 'RUNNING', 'RETRY'].includes(t.status as string)) Object.assign(t, { status: 'CANCELLED', ended_at: new Date().toISOString() })
        }
        return send(res, 200, {})
      }
      send(res, 404, { message: 'Not found' })
    })
  })

  const wss = new WebSocketServer({ server })
  wss.on('connection', (ws) => {
    const pinger = setInterval(() => ws.send('{"type":"ping"}'), pingMs)
    ws.on('close', () => {
      clearInterval(pinger)
      for (const s of subs) if (s.ws === ws) subs.delete(s)
    })
    ws.on('message', (data) => {
      let cmd: Record<string, unknown>
      try {
        cmd = JSON.parse(String(data)) as Record<string, unknown>
      } catch {
        return ws.send(JSON.stringify({ error: 'Invalid message' }))
      }
      commands.push(cmd)
      if (cmd.token !== token) return ws.send(JSON.stringify({ error: 'Invalid token' }))
      const objectId = String(cmd.objectId)
      const mine = hits.filter((h) => h.objectId === objectId)
      if (cmd.action === 'LOGS_QUERY') {
        const end = toMicros(String(cmd.endingTimestamp))
        // answered from the hits stored when the reply goes out, bounded by `endingTimestamp`
        const reply = () => ws.send(frame(shuffle(hits.filter((h) => h.objectId === objectId && h.micros <= end).slice(-Number(cmd.size ?? 250)))))
        return heldQueries ? void heldQueries.push(reply) : reply()
      }
      if (cmd.action === 'LOGS_ADD_STREAM') {
        const from = toMicros(String(cmd.startingTimestamp))
        const replay = mine.filter((h) => h.micros >= from) // inclusive: the resume point comes again
        if (replay.length > 0) ws.send(frame(shuffle(replay)))
        subs.add({ ws, objectId })
        return
      }
      ws.send(JSON.stringify({ error: `Unknown action ${String(cmd.action)}` }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    realtimeUrl: `ws://127.0.0.1:${port}`,
    tasks,
    /** Adds a task in the documented v2 shape (stub.config a JSON-encoded string). */
    addTask(status = 'RUNNING', stubName = 'endpoint/deployment/app:generate'): string {
      const id = randomUUID()
      const at = new Date().toISOString()
      tasks.set(id, {
        id, status, started_at: at, ended_at: null, created_at: at, updated_at: at, container_id: `endpoint-${id.slice(0, 8)}`, outputs: [],
        stub: { id: randomUUID(), name: stubName, type: '', config: JSON.stringify({ runtime: { cpu: 4000, memory: '16Gi', gpu: 'A10G' } }) },
      })
      return id
    },
    /** Stores log lines (each `msg` gets its trailing newline, as Beam's do) and sends them as one frame, out of order. */
    log(objectId: string, ...msgs: string[]): Hit[] {
      const batch = msgs.map((m) => {
        if (stepMicros > 0) clock = Math.max(clock + stepMicros, Date.now() * 1000)
        return { objectId, ts: pythonIso(clock), micros: clock, msg: `${m}\n` }
      })
      hits.push(...batch)
      for (const s of subs) if (s.objectId === objectId) s.ws.send(frame(shuffle(batch)))
      return batch
    },
    /** Stores log lines at the given instant (microseconds since the epoch) without sending them to anyone. */
    logAt(objectId: string, at: number, ...msgs: string[]): void {
      hits.push(...msgs.map((m) => ({ objectId, ts: pythonIso(at), micros: at, msg: `${m}\n` })))
    },
    /** `LOGS_QUERY` replies wait until `releaseQueries()`, so a test can log between the query and its reply. */
    holdQueries(): void {
      heldQueries ??= []
    },
    releaseQueries(): void {
      const replies = heldQueries ?? []
      heldQueries = null
      for (const reply of replies) reply()
    },
    /** Sends a raw text frame (garbage, unknown shapes) to every socket. */
    sendRaw(text: string): void {
      for (const ws of wss.clients) ws.send(text)
    },
    sendError(message: string): void {
      for (const ws of wss.clients) ws.send(JSON.stringify({ error: message }))
    },
    dropClients(): void {
      for (const ws of wss.clients) ws.terminate()
    },
    clients: (): number => wss.clients.size,
    /** Live subscriptions (`LOGS_ADD_STREAM` accepted). */
    subscriptions: (): number => subs.size,
    commands,
    cancelBodies,
    close: (): Promise<void> =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
export type FakeBeam = Awaited<ReturnType<typeof startFakeBeam>>
