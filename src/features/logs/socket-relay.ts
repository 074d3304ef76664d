import type { FromSocketWorker, ToSocketWorker } from './worker-websocket'

/** The worker's side of the channel: messages in from the page, out to it. */
export type RelayScope = { onmessage: ((e: MessageEvent<ToSocketWorker>) => void) | null; postMessage(m: FromSocketWorker): void }
type RelaySocket = Pick<WebSocket, 'onopen' | 'onmessage' | 'onerror' | 'onclose' | 'close'>

/**
 * Runs in the socket worker (socket-worker.ts): opens the WebSockets the page asks for and relays their events, each
 * whole message as one string. Chromium reads a WebSocket's data on the thread that owns it, in chunks, each a task of
 * its own; on a main thread busy rendering a flood those reads queue behind frames, the browser stops reading the TCP
 * socket, and a backlog of seconds builds up in the network and the gateway. A worker reads as fast as data comes.
 */
export function relaySockets(scope: RelayScope, WebSocketImpl: new (url: string) => RelaySocket): void {
  const sockets = new Map<number, RelaySocket>()
  scope.onmessage = ({ data: m }) => {
    if (m.op === 'close') {
      sockets.get(m.id)?.close(m.code, m.reason)
      sockets.delete(m.id)
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
    ws.onopen = () => scope.postMessage({ id, ev: 'open' })
    // Binary frames are not part of the protocol: they go on as null, and the page counts them as bad frames.
    ws.onmessage = (e) => scope.postMessage({ id, ev: 'message', data: typeof e.data === 'string' ? e.data : null })
    ws.onerror = () => scope.postMessage({ id, ev: 'error' })
    ws.onclose = (e) => {
      sockets.delete(id)
      scope.postMessage({ id, ev: 'close', code: e.code, reason: e.reason })
    }
  }
}
