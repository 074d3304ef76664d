import type { LogLine, ServerFrame, SourceInfo } from '@server/protocol'
import { decodeFrame, openRelayedFrame } from './decode-frame'
import { isRelayedFrame } from './relayed-frame'

export type LogSocketState = 'connecting' | 'open' | 'reconnecting' | 'closed'

/** Connection health as the UI shows it. `attempt` counts consecutive failed connections (0 once a hello arrives). */
export type LogSocketStatus = {
  state: LogSocketState
  attempt: number
  /** Epoch ms of the next connection attempt, while waiting to reconnect. */
  retryAt?: number
  /** Frames dropped because they were not JSON or did not match the protocol. */
  badFrames: number
  lastError?: string
}

export type HelloFrame = Extract<ServerFrame, { type: 'hello' }>
export type GapFrame = Extract<ServerFrame, { type: 'gap' }>

/** The part of the browser WebSocket this client uses, so tests can pass a fake. */
export interface WebSocketLike {
  onopen: ((ev: Event) => void) | null
  /** A message's `data`: the text of a socket's message, or a frame the socket worker already decoded (RelayedFrame). */
  onmessage: ((ev: MessageEvent) => void) | null
  onclose: ((ev: CloseEvent) => void) | null
  onerror: ((ev: Event) => void) | null
  close(code?: number, reason?: string): void
}
export type WebSocketConstructor = new (url: string) => WebSocketLike

export type LogSocketOptions = {
  /** Stream path or URL, resolved against `location` (http → ws, https → wss). Default `/api/logs/stream`. */
  url?: string
  /** Every valid frame, before the typed callbacks. */
  onFrame?: (frame: ServerFrame) => void
  /** New lines only (seq above every seq seen before), in order. ⚠️ The array is handed over: do not mutate it. */
  onLines?: (lines: LogLine[]) => void
  onGap?: (gap: GapFrame) => void
  onSource?: (source: SourceInfo) => void
  onHello?: (hello: HelloFrame) => void
  onStatus?: (status: LogSocketStatus) => void
  WebSocketImpl?: WebSocketConstructor
  /** Full-jitter backoff: each wait is random × min(maxMs, initialMs × 2^(attempt - 1)). */
  backoff?: { initialMs?: number; maxMs?: number }
  /** With no frame at all (the server sends a heartbeat every ~5 s) for this long, the socket is presumed dead. */
  watchdogMs?: number
  random?: () => number
  /** Seq of the newest line this tab already holds: the first connection resumes after it. */
  resumeAfter?: number
}

const names = new Map<string, string>()
/**
 * JSON.parse gives every line its own copy of `level`, `source` and `process`; a million held lines would keep a
 * million copies of the same few names. One shared string per name saves ~60 bytes a line.
 */
let lastTs = ''
function internNames(lines: LogLine[]): void {
  if (names.size > 10_000) names.clear() // a runaway set of names: stop sharing rather than grow without bound
  for (const line of lines) {
    // Under a flood many neighbouring lines carry the same millisecond: share that string too.
    if (line.ts === lastTs) line.ts = lastTs
    else lastTs = line.ts
    line.process = intern(line.process)
    line.source = intern(line.source)
    line.level = intern(line.level) as LogLine['level']
  }
}
function intern(name: string): string {
  const known = names.get(name)
  if (known !== undefined) return known
  names.set(name, name)
  return name
}

/** Builds the ws(s) URL of the log stream on this origin, with `cursor` when resuming. */
export function logStreamUrl(path: string, cursor: number | null, base: string = globalThis.location.href): string {
  const url = new URL(path, base)
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol
  if (cursor === null) url.searchParams.delete('cursor')
  else url.searchParams.set('cursor', String(cursor))
  return url.toString()
}

/**
 * Connects to the gateway's log stream and keeps it connected: validates every frame (bad ones are counted and dropped,
 * never thrown), resumes after a drop from the last seen seq + 1, reconnects with capped, jittered backoff, at once
 * when the browser comes back online, and when the stream goes silent. Returns `close()`.
 */
export function connectLogSocket(options: LogSocketOptions = {}): () => void {
  const { url = '/api/logs/stream', watchdogMs = 15_000, random = Math.random } = options
  const { initialMs = 500, maxMs = 15_000 } = options.backoff ?? {}
  const WebSocketImpl = options.WebSocketImpl ?? (globalThis.WebSocket as WebSocketConstructor | undefined)
  let ws: WebSocketLike | null = null
  // Resuming where an earlier socket of this tab stopped (a remount) avoids replaying lines the store holds.
  let lastSeq = options.resumeAfter ?? -1
  let requestedCursor: number | null = null
  let failures = 0
  let badFrames = 0
  let lastError: string | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let watchdog: ReturnType<typeof setTimeout> | undefined
  let closed = false

  function report(state: LogSocketState, retryAt?: number): void {
    options.onStatus?.({ state, attempt: failures, retryAt, badFrames, lastError })
  }

  function connect(): void {
    retryTimer = undefined
    requestedCursor = lastSeq >= 0 ? lastSeq + 1 : null
    report(failures === 0 ? 'connecting' : 'reconnecting')
    let socket: WebSocketLike
    try {
      if (!WebSocketImpl) throw new Error('WebSocket is not available')
      socket = new WebSocketImpl(logStreamUrl(url, requestedCursor))
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e)
      return retry()
    }
    ws = socket
    // Handlers of a socket we gave up on (watchdog, close()) must not touch the current one.
    socket.onopen = () => ws === socket && report('open')
    socket.onmessage = (ev) => {
      if (ws !== socket) return
      armWatchdog()
      receive(ev.data)
    }
    socket.onerror = () => {
      if (ws === socket) lastError = 'connection error'
    }
    socket.onclose = (ev) => {
      if (ws !== socket) return
      ws = null
      lastError = `connection closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`
      retry()
    }
    armWatchdog()
  }

  function retry(): void {
    clearTimeout(watchdog)
    if (closed) return
    failures++
    const delay = random() * Math.min(maxMs, initialMs * 2 ** (failures - 1))
    report('reconnecting', Date.now() + delay)
    retryTimer = setTimeout(connect, delay)
  }

  function armWatchdog(): void {
    clearTimeout(watchdog)
    watchdog = setTimeout(() => {
      lastError = `no data for ${Math.round(watchdogMs / 1000)}s`
      const dead = ws
      ws = null
      dead?.close()
      retry()
    }, watchdogMs)
  }

  function dropped(reason: string): void {
    badFrames++
    lastError = `dropped a bad frame: ${reason}`
    report('open')
  }

  function receive(data: unknown): void {
    const relayed = isRelayedFrame(data)
    const decoded = relayed ? openRelayedFrame(data, intern) : decodeFrame(data)
    if (!decoded.ok) return dropped(decoded.reason)
    const frame = decoded.frame
    options.onFrame?.(frame)
    if (frame.type === 'lines') {
      // A relayed frame comes with its names interned and its timestamps shared.
      if (!relayed) internNames(frame.lines)
      const fresh = newerThanSeen(frame.lines)
      if (fresh.length > 0) options.onLines?.(fresh)
    } else if (frame.type === 'gap') {
      // Lines up to `to` are gone for good: resuming from after them avoids a second marker for the same loss.
      lastSeq = Math.max(lastSeq, frame.to)
      options.onGap?.(frame)
    } else if (frame.type === 'source') {
      options.onSource?.(frame.source)
    } else if (frame.type === 'hello') {
      // A server whose next seq is below our cursor is another run: its seqs would all look like duplicates.
      if (requestedCursor !== null && frame.cursor < requestedCursor) lastSeq = -1
      failures = 0
      lastError = undefined
      report('open')
      options.onHello?.(frame)
    }
  }

  /** Drops lines at or below the last seen seq; allocates only when there is something to drop. */
  function newerThanSeen(lines: LogLine[]): LogLine[] {
    let out: LogLine[] | null = null
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!
      if (line.seq > lastSeq) {
        lastSeq = line.seq
        out?.push(line)
      } else {
        out ??= lines.slice(0, i)
      }
    }
    return out ?? lines
  }

  const onOnline = () => {
    if (closed || retryTimer === undefined) return
    clearTimeout(retryTimer)
    connect()
  }
  globalThis.addEventListener?.('online', onOnline)
  connect()

  return function close() {
    if (closed) return
    closed = true
    clearTimeout(retryTimer)
    clearTimeout(watchdog)
    globalThis.removeEventListener?.('online', onOnline)
    const socket = ws
    ws = null
    socket?.close(1000, 'closed by the page')
    report('closed')
  }
}
