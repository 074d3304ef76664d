/**
 * A fake beta9 gateway (protocols.md §1) for tests, the e2e journey and the bench: `/api/v1/task/{ws}` with cursor
 * pages (`{next, data}`, newest first, `status=` and `task_ids=` filters), single-task reads (404 `{"message":""}`), the cancel that
 * binds only `?task_ids=a,b` and silently ignores a JSON body, and the SSE log stream (`: connected`, `id:`,
 * `event: log`, exact resume from `Last-Event-ID`, `event: error`). Auth: Bearer header or `?auth_token=`.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeBeta9Task = {
  id: string; external_id: string; status: string; failure_reason?: string; container_id: string
  created_at: string; updated_at: string; started_at: string | null; ended_at: string | null
  stub: { id: string; external_id: string; name: string; type: string; config: string }
  deployment: { id: string | null; name: string | null; version: number | null }
  outputs: { name: string; url: string; expires_in: number }[]; stats: { active_containers: number; queue_depth: number }
  workspace: { id: number; external_id: string; name: string }
}
export type FakeBeta9LogInput = { message: string; task_id?: string; stub_id?: string; container_id?: string; stream?: 'stdout' | 'stderr'; timestamp?: string }

const INFLIGHT = new Set(['PENDING', 'RUNNING', 'RETRY'])
const TERMINAL = new Set(['COMPLETE', 'CANCELLED', 'ERROR', 'TIMEOUT', 'EXPIRED'])
const send = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
const cursorOf = (t: FakeBeta9Task, n: number) => Buffer.from(JSON.stringify({ value: t.created_at, id: n })).toString('base64')

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeBeta9({ workspace = 'ws-1', token = 'beta9-token' }: { workspace?: string; token?: string } = {}) {
  const tasks: FakeBeta9Task[] = []
  const logs: Record<string, unknown>[] = []
  const streams = new Set<ServerResponse>()
  const requests: { method: string; path: string; query: URLSearchParams; lastEventId?: string; body: string }[] = []
  let clock = Date.parse('2026-08-01T10:00:00Z')

  const addTask = (init: Partial<FakeBeta9Task> & { stubName?: string } = {}): FakeBeta9Task => {
    const id = init.external_id ?? randomUUID()
    const created = new Date((clock += 1000)).toISOString().replace('Z', '123Z')
    const stubId = init.stub?.id ?? randomUUID()
    const task: FakeBeta9Task = {
      id, external_id: id, status: 'PENDING', container_id: `taskqueue-${stubId.slice(0, 8)}-${id.slice(0, 8)}`,
      created_at: created, updated_at: created, started_at: null, ended_at: null,
      stub: { id: stubId, external_id: stubId, name: init.stubName ?? 'taskqueue/app:handler', type: 'taskqueue/deployment', config: JSON.stringify({ runtime: { cpu: 1000, memory: 128 }, handler: 'app:handler' }) },
      deployment: { id: null, name: null, version: null }, outputs: [], stats: { active_containers: 0, queue_depth: 0 },
      workspace: { id: 1, external_id: workspace, name: 'fake' }, ...init,
    }
    tasks.push(task)
    return task
  }
  const setStatus = (id: string, status: string) => {
    const t = tasks.find((x) => x.external_id === id)
    if (!t) throw new Error(`fake beta9: no task ${id}`)
    t.status = status
    if (status === 'RUNNING') t.started_at ??= new Date().toISOString()
    if (TERMINAL.has(status)) t.ended_at = new Date().toISOString()
  }
  const event = (record: Record<string, unknown>) => `id: ${record.seq_num}\nevent: log\ndata: ${JSON.stringify(record)}\n\n`

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const path = url.pathname.replace(/\/+$/, '') // echo's RemoveTrailingSlash
    requests.push({ method: req.method ?? '', path, query: url.searchParams, lastEventId: req.headers['last-event-id'] as string | undefined, body })
    const given = req.headers.authorization?.replace(/^Bearer /, '') || url.searchParams.get('auth_token')
    const parts = path.split('/').slice(1) // api, v1, task|logs, ws, ...
    if (given !== token || parts[3] !== workspace) return send(res, 401, { message: 'Unauthorized' })
    if (parts[2] === 'task' && parts.length === 4 && req.method === 'GET') return listTasks(url.searchParams, res)
    if (parts[2] === 'task' && parts.length === 5 && req.method === 'GET') {
      const t = tasks.find((x) => x.external_id === parts[4])
      return t ? send(res, 200, { ...t, result: null }) : send(res, 404, { message: '' })
    }
    if (parts[2] === 'task' && parts.length === 4 && req.method === 'DELETE') {
      // `query:"task_ids"` and no json tag: the body never binds
      for (const id of (url.searchParams.get('task_ids') ?? '').split(',')) {
        const t = tasks.find((x) => x.external_id === id)
        if (t && INFLIGHT.has(t.status)) setStatus(id, 'CANCELLED')
      }
      return send(res, 200, {})
    }
    if (parts[2] === 'logs' && parts[4] === 'stream' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
      res.write(': connected\n\n')
      const last = req.headers['last-event-id']
      if (typeof last === 'string' && last !== '') for (const r of logs) if ((r.seq_num as number) > Number(last)) res.write(event(r))
      streams.add(res)
      res.on('close', () => streams.delete(res))
      return
    }
    send(res, 404, { message: 'Not Found' })
  }

  const listTasks = (q: URLSearchParams, res: ServerResponse) => {
    const limit = Number(q.get('limit') ?? 10)
    const statuses = q.get('status')?.split(',')
    const ids = q.get('task_ids')?.split(',') // `TaskFilter.TaskIds`, comma-separated like every list filter
    const order = tasks.map((t, n) => ({ t, n })).sort((a, b) => b.t.created_at.localeCompare(a.t.created_at) || b.n - a.n)
    let rows = order.filter(({ t }) => (!statuses || statuses.includes(t.status)) && (!ids || ids.includes(t.external_id)))
    const cursor = q.get('cursor')
    if (cursor) {
      const { value, id } = JSON.parse(Buffer.from(cursor, 'base64').toString()) as { value: string; id: number }
      rows = rows.filter(({ t, n }) => t.created_at < value || (t.created_at === value && n < id))
    }
    const page = rows.slice(0, limit + 1) // limit+1 rows tell whether a next page exists
    const last = page.length > limit ? page[limit - 1] : undefined
    send(res, 200, { next: last ? cursorOf(last.t, last.n) : '', data: page.slice(0, limit).map(({ t }) => t) })
  }

  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => handle(req, res, body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    workspace,
    tasks,
    addTask,
    setStatus,
    /** Stores a log record (full `LogRecord` shape) and sends it to every stream; `splitAt` cuts the event in two writes. */
    log(input: FakeBeta9LogInput, { splitAt }: { splitAt?: number } = {}): number {
      const seq = logs.length + 1000
      const record = {
        seq_num: seq, stored_at_ns: Date.now() * 1e6, timestamp: input.timestamp ?? new Date().toISOString(), message: input.message,
        stream: input.stream ?? 'stdout', container_id: input.container_id ?? '', stub_id: input.stub_id ?? '', stub_type: 'taskqueue',
        task_id: input.task_id ?? '', workspace_id: workspace, app_id: '', machine_id: 'm-1', worker_id: 'w-1', pid: 7, process_args: ['python3'], process_cwd: '/mnt/code', process_seq: seq,
      }
      logs.push(record)
      const bytes = Buffer.from(event(record))
      for (const res of streams) {
        if (splitAt === undefined) res.write(bytes)
        else res.write(bytes.subarray(0, splitAt)), res.write(bytes.subarray(splitAt))
      }
      return seq
    },
    /** Writes raw bytes to every stream (garbage, non-JSON data). */
    writeRaw(text: string): void {
      for (const res of streams) res.write(text)
    },
    /** `event: error` with `{"error": message}`, then the stream ends, as the server does on a read failure. */
    sendError(message: string): void {
      for (const res of streams) res.end(`event: error\ndata: ${JSON.stringify({ error: message })}\n\n`)
      streams.clear()
    },
    dropStreams(): void {
      for (const res of streams) res.destroy()
      streams.clear()
    },
    streams: (): number => streams.size,
    requests,
    close: (): Promise<void> =>
      new Promise((resolve) => {
        for (const res of streams) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
export type FakeBeta9 = Awaited<ReturnType<typeof startFakeBeta9>>
