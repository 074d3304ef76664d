/**
 * A fake DMB/DUMB `/ws/logs` for tests, the e2e journey and the bench, as the real router behaves (protocols.md §3):
 * one plain-text frame per record (never JSON), Python's `%b %e, %Y %H:%M:%S` stamp with no zone, `pong` only for the
 * exact bytes `{"type":"ping"}` (DMB) or also for `ping` and any JSON ping (DUMB), no history, and with a DUMB token
 * an HTTP 403 before the handshake is accepted.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export type FakeDmbOptions = {
  /** DUMB with auth: the handshake needs `?token=<token>`, else HTTP 403. */
  token?: string
  /** DUMB's laxer ping check. */
  dumb?: boolean
  /** The fake server's local zone, as minutes east of UTC (its stamps carry no zone). */
  utcOffsetMinutes?: number
}

export type FakeDmbRecord = { level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL'; message: string; process?: string; at?: Date }

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number) => String(n).padStart(2, '0')

/** Python's `%b %e, %Y %H:%M:%S` of `at` in a zone `offsetMinutes` east of UTC. */
export function dmbStamp(at: Date, offsetMinutes = 0): string {
  const t = new Date(at.getTime() + offsetMinutes * 60_000)
  return `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')}, ${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`
}

/** Starts the fake on 127.0.0.1 and a free port; `url` is the DMB base URL (the source appends `/ws/logs`). */
export async function startFakeDmb(options: FakeDmbOptions = {}) {
  const { token, dumb = false, utcOffsetMinutes = 0 } = options
  const wss = new WebSocketServer({ noServer: true })
  const sockets = new Set<WebSocket>()
  const received: string[] = []
  const handshakes: { token: string | null; accepted: boolean }[] = []

  const server = createServer((_req, res) => res.writeHead(404).end('{"detail":"Not Found"}'))
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const given = url.searchParams.get('token')
    const accepted = url.pathname === '/ws/logs' && (token === undefined || given === token)
    handshakes.push({ token: given, accepted })
    // starlette turns a close before accept into a plain HTTP 403: the client never sees a close code
    if (!accepted) return void socket.end(`HTTP/1.1 ${url.pathname === '/ws/logs' ? '403 Forbidden' : '404 Not Found'}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`)
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      ws.on('message', (data) => {
        const text = data.toString()
        received.push(text)
        if (text === '{"type":"ping"}' || (dumb && isDumbPing(text))) ws.send('pong')
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const emit = (frame: string): void => {
    for (const ws of sockets) ws.send(frame)
  }

  return {
    url: `http://127.0.0.1:${port}`,
    /** Sends a raw text frame to every client (continuations, garbage). */
    emit,
    /** Formats a record exactly as DMB's WebSocketHandler does and sends it. */
    log({ level, message, process, at = new Date() }: FakeDmbRecord): string {
      const frame = `${dmbStamp(at, utcOffsetMinutes)} - ${level} - ${process ? `${process} subprocess: ` : ''}${message}`
      emit(frame)
      return frame
    },
    /** Every text frame clients sent, verbatim (pings included). */
    received,
    handshakes,
    clients: (): number => sockets.size,
    /** Drops every connection without a close frame (a restart, a network cut). */
    dropClients(): void {
      for (const ws of sockets) ws.terminate()
    },
    close: (): Promise<void> =>
      new Promise((resolve) => {
        for (const ws of sockets) ws.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
export type FakeDmb = Awaited<ReturnType<typeof startFakeDmb>>

function isDumbPing(text: string): boolean {
  if (text === 'ping') return true
  try {
    return (JSON.parse(text) as { type?: unknown })?.type === 'ping'
  } catch {
    return false
  }
}
