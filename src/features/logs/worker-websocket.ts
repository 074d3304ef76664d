import type { WebSocketConstructor, WebSocketLike } from './log-socket'
import type { RelayedFrame } from './relayed-frame'

export type ToSocketWorker =
  | { op: 'open'; id: number; url: string }
  | { op: 'close'; id: number; code?: number; reason?: string }
  /** The page has handled `chars` of this socket's messages (flow control, see socket-relay.ts). */
  | { op: 'ack'; id: number; chars: number }
export type FromSocketWorker =
  | { id: number; ev: 'open' | 'error' }
  /** `chars`: the message's length, for the page's acknowledgement. */
  | { id: number; ev: 'frame'; frame: RelayedFrame; chars: number }
  | { id: number; ev: 'close'; code: number; reason: string }

/**
 * The page acknowledges what it handled at most this often. A postMessage to the worker from a main thread that shares
 * 2 busy cores with it took 2–15 ms now and then (traced at 50,000 lines/s): one per message was a long frame's worth
 * of them. The flow control it feeds counts megabytes, so a 50 ms delay changes nothing there.
 */
export const ACK_EVERY_MS = 50

/** The part of a Worker the page side uses, so tests can pass a fake. */
export type WorkerLike = {
  onmessage: ((e: MessageEvent<FromSocketWorker>) => void) | null
  onerror: ((e: ErrorEvent) => void) | null
  postMessage(m: ToSocketWorker): void
  terminate(): void
}

class Relayed implements WebSocketLike {
  onopen: ((ev: Event) => void) | null = null
  onmessage: ((ev: MessageEvent) => void) | null = null
  onclose: ((ev: CloseEvent) => void) | null = null
  onerror: ((ev: Event) => void) | null = null
  constructor(
    readonly id: number,
    private readonly onClose: (code?: number, reason?: string) => void,
  ) {}
  close(code?: number, reason?: string): void {
    this.onClose(code, reason)
  }
}

/**
 * A WebSocket constructor whose sockets live in a worker (socket-relay.ts explains why), with the part of the browser
 * API the log socket uses. The worker keeps the socket read while the page renders, and parses and checks the `lines`
 * frames; the page applies them. If the worker cannot run (a script error, a blocked worker), its sockets close with
 * 1006 and every later socket is the page's own `Fallback`, so the stream degrades to the main thread instead of
 * stopping.
 */
export function workerWebSocket(makeWorker: () => WorkerLike, Fallback: WebSocketConstructor, ackEveryMs = ACK_EVERY_MS): WebSocketConstructor {
  let worker: WorkerLike | null = null
  let broken = false
  let nextId = 1
  const live = new Map<number, Relayed>()
  const unacked = new Map<number, number>()
  let ackTimer: ReturnType<typeof setTimeout> | null = null

  function acknowledge(w: WorkerLike, id: number, chars: number): void {
    unacked.set(id, (unacked.get(id) ?? 0) + chars)
    ackTimer ??= setTimeout(() => {
      ackTimer = null
      for (const [socketId, handled] of unacked) if (live.has(socketId)) w.postMessage({ op: 'ack', id: socketId, chars: handled })
      unacked.clear()
    }, ackEveryMs)
  }

  function start(): WorkerLike | null {
    if (worker) return worker
    let w: WorkerLike
    try {
      w = makeWorker()
    } catch {
      broken = true // e.g. a SecurityError: workers blocked for this page
      return null
    }
    w.onmessage = ({ data: m }) => {
      const socket = live.get(m.id)
      if (!socket) return
      if (m.ev === 'open') socket.onopen?.(new Event('open'))
      else if (m.ev === 'error') socket.onerror?.(new Event('error'))
      else if (m.ev === 'frame') {
        // The log socket takes a relayed frame as a message's data (log-socket.ts: receive).
        socket.onmessage?.(new MessageEvent('message', { data: m.frame }))
        acknowledge(w, m.id, m.chars)
      } else if (m.ev === 'close') {
        live.delete(m.id)
        socket.onclose?.(new CloseEvent('close', { code: m.code, reason: m.reason }))
      }
    }
    w.onerror = (e) => {
      broken = true
      worker = null
      w.terminate()
      const reason = `the log socket worker failed (${e.message || 'no message'}); using the page's own socket`
      for (const socket of [...live.values()]) {
        live.delete(socket.id)
        socket.onerror?.(new Event('error'))
        socket.onclose?.(new CloseEvent('close', { code: 1006, reason }))
      }
    }
    return (worker = w)
  }

  // A plain function used with `new`: returning an object from it makes that object the result.
  return function WorkerWebSocket(url: string): WebSocketLike {
    const w = broken ? null : start()
    if (!w) return new Fallback(url)
    const id = nextId++
    const socket = new Relayed(id, (code, reason) => {
      if (live.delete(id)) w.postMessage({ op: 'close', id, code, reason })
    })
    live.set(id, socket)
    w.postMessage({ op: 'open', id, url })
    return socket
  } as unknown as WebSocketConstructor
}

let shared: WebSocketConstructor | undefined
/** The worker-backed socket where workers exist (browsers), else undefined: the page's own WebSocket (tests). */
export function defaultLogWebSocket(): WebSocketConstructor | undefined {
  if (typeof Worker !== 'function' || typeof WebSocket !== 'function') return undefined
  shared ??= workerWebSocket(
    () => new Worker(new URL('./socket-worker.ts', import.meta.url), { type: 'module', name: 'log-socket' }) as unknown as WorkerLike,
    WebSocket as unknown as WebSocketConstructor,
  )
  return shared
}
