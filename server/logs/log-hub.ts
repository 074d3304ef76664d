import type { WebSocket } from 'ws'
import type { LogLine, NewLogLine, ServerFrame, SourceInfo } from '../protocol.ts'
import type { LogSink } from '../sources/source.ts'
import { mergeByTime } from './merge-by-time.ts'
import { createSeqRing } from './seq-ring.ts'
import { createSourceStats, type SourceStats } from './source-stats.ts'

export type LogHubOptions = {
  /** Lines kept for replay on reconnect. */
  capacity?: number
  /** Lines are sent in batches at most this often: many lines per frame, never one frame per line. */
  flushMs?: number
  /**
   * Lines per `lines` frame (bounds the size of one frame). A browser parses a frame in one task, ~3 µs a line: 1,000
   * lines keep that task at a few ms, so a catch-up never freezes the page for a long frame.
   */
  maxBatch?: number
  heartbeatMs?: number
  /** A client whose socket holds more unsent bytes than this is skipped until it drains (it catches up from the ring). */
  maxBufferedBytes?: number
  /** First seq of this run. Defaults to a time-derived value so a cursor from an earlier run is always older. */
  firstSeq?: number
}

/** `missed`: heartbeats since the last pong. */
type Client = { ws: WebSocket; next: number; missed: number }
/**
 * Heartbeats without a pong after which a socket is taken for dead (~15 s). One was not enough: on a slow link the
 * ping waits behind megabytes of queued frames, and a live tab was cut off, reconnected, replayed, and cut off again.
 */
const MAX_MISSED_PONGS = 3

/**
 * One ring of normalised lines with a cursor, fanned out to every connected tab. Sources push through `sinkFor()`;
 * tabs join with `attach(ws, cursor)` and get an exact replay from their cursor, or a `gap` frame for what the ring no
 * longer holds. A slow tab never slows the others: it is skipped while its socket buffer is full and resumes from
 * the ring (or with a gap) once it drains.
 */
export function createLogHub(options: LogHubOptions = {}) {
  const { capacity = 100_000, flushMs = 20, maxBatch = 1_000, heartbeatMs = 5_000, maxBufferedBytes = 8 * 1024 * 1024 } = options
  // 1000 seqs per millisecond of start time: strictly above any seq an earlier run could have reached at < 1M lines/s.
  const firstSeq = options.firstSeq ?? Date.now() * 1000
  const ring = createSeqRing(capacity, firstSeq)
  const clients = new Set<Client>()
  const stats = new Map<string, SourceStats>()
  /** Lines of the current batching window, not yet given seqs. */
  let pending: NewLogLine[] = []
  let flushTimer: NodeJS.Timeout | null = null

  const frame = (f: ServerFrame) => JSON.stringify(f)

  /**
   * Serialised `lines` frames that end on a multiple of maxBatch, by first seq. A tab that fell behind catches up in
   * such frames, and tabs that fall behind do so together (a busy machine): they ask for the same frames, so each is
   * serialised once, not once per tab. Lines never change once in the ring, so the frames stay valid.
   */
  const chunks = new Map<number, Buffer>()
  const MAX_CHUNKS = 64 // ~16 MB of 1,000-line frames

  function encode(from: number, to: number): Buffer {
    // Encoded to UTF-8 once: given a string, ws would encode it again for every tab.
    return Buffer.from(frame({ type: 'lines', lines: ring.slice(from, to) }))
  }

  /** Sends `client` everything from its cursor up to `end`, a batch per frame, while its socket has room. */
  function catchUp(client: Client, end: number, shared?: Map<number, Buffer>): void {
    const { ws } = client
    // A tab that is not reading gets nothing queued, not even gap frames (one per flush, for as long as it stalls):
    // once it drains, one gap says everything it missed.
    if (ws.readyState !== ws.OPEN || ws.bufferedAmount > maxBufferedBytes) return
    const oldest = ring.oldest()
    if (client.next < oldest) {
      ws.send(frame({ type: 'gap', from: client.next, to: oldest - 1, count: oldest - client.next, reason: 'older lines were evicted from the gateway buffer before this tab received them' }))
      client.next = oldest
    }
    while (client.next < end && ws.bufferedAmount <= maxBufferedBytes) {
      const from = client.next
      // The tail (what caught-up tabs get) is shared for this flush; behind it, frames end on multiples of maxBatch.
      const tail = end - from <= maxBatch
      const to = tail ? end : (Math.floor(from / maxBatch) + 1) * maxBatch
      const cache = tail ? shared : chunks
      let data = cache?.get(from)
      if (data === undefined) {
        data = encode(from, to)
        cache?.set(from, data)
        if (chunks.size > MAX_CHUNKS) chunks.delete(chunks.keys().next().value!)
      }
      ws.send(data, { binary: false })
      client.next = to
    }
  }

  function flush(): void {
    if (flushTimer) clearTimeout(flushTimer)
    flushTimer = null
    if (pending.length === 0) return
    // Seqs are given at flush, after the window's lines from all sources are merged by time. The hub owns the lines
    // a sink hands it (see LogSink.lines), so each is stamped in place rather than copied.
    for (const line of mergeByTime(pending)) {
      ;(line as LogLine).seq = ring.next()
      ring.push(line as LogLine)
    }
    pending = []
    // Tabs that are caught up share one serialised frame per flush.
    const shared = new Map<number, Buffer>()
    const end = ring.next()
    for (const client of clients) catchUp(client, end, shared)
  }

  function ingest(lines: readonly NewLogLine[]): void {
    for (const line of lines) pending.push(line)
    if (pending.length >= maxBatch) flush()
    else flushTimer ??= setTimeout(flush, flushMs)
  }

  function broadcast(text: string): void {
    for (const { ws } of clients) if (ws.readyState === ws.OPEN) ws.send(text)
  }

  function sinkFor(id: string, kind: string): LogSink {
    const stat = createSourceStats(id, kind)
    stats.set(id, stat)
    return {
      lines(lines) {
        if (lines.length === 0) return
        stat.counted(lines.length)
        ingest(lines)
      },
      gap(count, reason) {
        if (count !== null) stat.dropped(count)
        const text = `${count ?? 'An unknown number of'} lines were lost upstream: ${reason}`
        ingest([{ ts: new Date().toISOString(), level: 'warn', source: id, process: id, text, marker: 'gap' }])
      },
      state(state, error) {
        if (stat.stateChanged(state, error)) broadcast(frame({ type: 'source', source: stat.info() }))
      },
    }
  }

  function attach(ws: WebSocket, cursor: number | null): void {
    const client: Client = { ws, next: ring.oldest(), missed: 0 }
    ws.send(frame({ type: 'hello', cursor: ring.next(), oldest: ring.oldest(), capacity }))
    for (const stat of stats.values()) ws.send(frame({ type: 'source', source: stat.info() }))
    if (cursor !== null && (cursor < firstSeq || cursor > ring.next())) {
      // The cursor comes from another gateway run: what happened in between is unknown.
      ws.send(frame({ type: 'gap', from: cursor, to: cursor, count: null, reason: 'the gateway restarted since this tab last received lines' }))
    } else if (cursor !== null) {
      client.next = cursor
    }
    clients.add(client)
    ws.on('pong', () => (client.missed = 0))
    ws.on('close', () => clients.delete(client))
    ws.on('error', () => clients.delete(client))
    catchUp(client, ring.next())
  }

  // Heartbeat: a frame the browser's watchdog can see, a protocol ping to find dead sockets, a retry for tabs that
  // were skipped while their buffer was full, and fresh source rates for the stream health readout.
  const heartbeat = setInterval(() => {
    const sources = [...stats.values()].map((s) => frame({ type: 'source', source: s.info() }))
    for (const client of clients) {
      if (client.missed >= MAX_MISSED_PONGS) {
        client.ws.terminate()
        clients.delete(client)
        continue
      }
      client.missed++
      client.ws.ping()
      catchUp(client, ring.next())
      if (client.ws.bufferedAmount > maxBufferedBytes) continue
      for (const s of sources) client.ws.send(s)
      // The gateway's head: a tab compares it with its newest seq to tell whether it has fallen behind.
      client.ws.send(frame({ type: 'heartbeat', cursor: ring.next() }))
    }
  }, heartbeatMs)
  heartbeat.unref()

  return {
    sinkFor,
    attach,
    sources: (): SourceInfo[] => [...stats.values()].map((s) => s.info()),
    close(): void {
      clearInterval(heartbeat)
      if (flushTimer) clearTimeout(flushTimer)
      for (const { ws } of clients) ws.close(1001, 'gateway shutting down')
      clients.clear()
    },
  }
}
export type LogHub = ReturnType<typeof createLogHub>
