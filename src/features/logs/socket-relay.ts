import { relayFrame } from './relayed-frame'
import type { FromSocketWorker, ToSocketWorker } from './worker-websocket'

/** The worker's side of the channel: messages in from the page, out to it. */
export type RelayScope = { onmessage: ((e: MessageEvent<ToSocketWorker>) => void) | null; postMessage(m: FromSocketWorker, transfer?: Transferable[]): void }
type RelaySocket = Pick<WebSocket, 'onopen' | 'onmessage' | 'onerror' | 'onclose' | 'close'>

/**
 * Text relayed to the page and not yet handled by it, past which the socket is closed: ~200,000 lines, 2 s at
 * 100,000 lines/s (a smaller limit made short stalls at that rate reconnect over and over). Reading for a page that
 * cannot keep up would only queue its messages without bound; closed, the page drains what it has and reconnects
 * from its last line, and the gateway replays or sends a gap, as it does for any tab that falls behind.
 */
export const MAX_UNHANDLED_CHARS = 64 * 2 ** 20
export const FELL_BEHIND = { code: 4000, reason: 'this tab fell too far behind the stream; reconnecting from its last line' }

/**
 * Runs in the socket worker (socket-worker.ts): opens the WebSockets the page asks for and relays their events, `lines`
 * frames parsed, checked and packed here (relayed-frame.ts). Chromium reads a WebSocket's data on the thread that owns
 * it, in chunks, each a task of its own; on a main thread busy rendering a flood those reads queue behind frames, the
 * browser stops reading the TCP socket, and a backlog of seconds builds up in the network and the gateway. A worker
 * reads as fast as data comes.
 */
export function relaySockets(scope: RelayScope, WebSocketImpl: new (url: string) => RelaySocket, maxUnhandled = MAX_UNHANDLED_CHARS): void {
  const sockets = new Map<number, RelaySocket>()
  const unhandled = new Map<number, number>()
  scope.onmessage = ({ data: m }) => {
    if (m.op === 'ack') {
      if (unhandled.has(m.id)) unhandled.set(m.id, unhandled.get(m.id)! - m.chars)
      return
    }
    if (m.op === 'close') {
      sockets.get(m.id)?.close(m.code, m.reason)
      sockets.delete(m.id)
      unhandled.delete(m.id)
      return
    }
    const { id } = m
    let ws: RelaySocket
    try {
      ws = new WebSocketImpl(m.url)
    } catch (e) {
      // What the page's own constructor would have thrown (a bad URL) arrives as an abnormal close with the reason.
      scope.postMessage({ id, ev: 'close', code: 1006, reason: e instanceof Error ? e.message : String(e) })
      return
    }
    sockets.set(id, ws)
    unhandled.set(id, 0)
    ws.onopen = () => scope.postMessage({ id, ev: 'open' })
    ws.onmessage = (e) => {
      // A binary or malformed frame goes on as its reason, and the page counts it as a bad frame.
      const chars = typeof e.data === 'string' ? e.data.length : 0
      const { frame, transfer } = relayFrame(e.data)
      scope.postMessage({ id, ev: 'frame', frame, chars }, transfer)
      const behind = unhandled.get(id)! + chars
      unhandled.set(id, behind)
      if (behind <= maxUnhandled) return
      // The close reaches the page after every message already sent, so it handles them all before reconnecting.
      ws.onmessage = ws.onclose = ws.onerror = null
      ws.close(FELL_BEHIND.code, FELL_BEHIND.reason)
      sockets.delete(id)
      unhandled.delete(id)
      scope.postMessage({ id, ev: 'close', ...FELL_BEHIND })
    }
    ws.onerror = () => scope.postMessage({ id, ev: 'error' })
    ws.onclose = (e) => {
      sockets.delete(id)
      unhandled.delete(id)
      scope.postMessage({ id, ev: 'close', code: e.code, reason: e.reason })
    }
  }
}
