import { createFakeWebSocketClass } from '@/testing/fake-web-socket'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectLogSocket, type LogSocketStatus } from './log-socket'
import type { RelayedFrame } from './relayed-frame'
import { relaySockets, type RelayScope } from './socket-relay'
import { workerWebSocket, type FromSocketWorker, type ToSocketWorker, type WorkerLike } from './worker-websocket'

/** The page side and the worker side joined in-process: messages cross as structured clones, as they would. */
function fakeWorkerPair() {
  const WorkerSocket = createFakeWebSocketClass()
  const workers: Array<WorkerLike & { terminated: boolean }> = []
  const makeWorker = () => {
    const scope: RelayScope = {
      onmessage: null,
      postMessage: (m: FromSocketWorker, transfer = []) => page.onmessage?.(new MessageEvent('message', { data: structuredClone(m, { transfer }) })),
    }
    const page: WorkerLike & { terminated: boolean } = {
      onmessage: null,
      onerror: null,
      terminated: false,
      postMessage: (m: ToSocketWorker) => scope.onmessage?.(new MessageEvent('message', { data: structuredClone(m) })),
      terminate: () => void (page.terminated = true),
    }
    relaySockets(scope, WorkerSocket)
    workers.push(page)
    return page
  }
  return { WorkerSocket, workers, makeWorker }
}

const hello = { type: 'hello', cursor: 7, oldest: 0, capacity: 100 }
// A frame exactly as the gateway serialises it.
const lines = '{"type":"lines","lines":[{"ts":"2024-05-01T10:00:00.000Z","level":"info","source":"local","process":"api","text":"ready","seq":7}]}'

describe('workerWebSocket', () => {
  let stop: (() => void) | null = null
  beforeEach(() => (stop = null))
  afterEach(() => {
    stop?.()
    vi.useRealTimers()
  })

  function connect(WebSocketImpl: ReturnType<typeof workerWebSocket>) {
    const received: number[] = []
    const statuses: LogSocketStatus[] = []
    stop = connectLogSocket({ WebSocketImpl, random: () => 0, onLines: (l) => received.push(...l.map((x) => x.seq)), onStatus: (s) => statuses.push(s) })
    return { received, status: () => statuses.at(-1)! }
  }

  it('carries the log stream through the worker: open, frames, and a close from either side', async () => {
    const { WorkerSocket, makeWorker } = fakeWorkerPair()
    const Fallback = createFakeWebSocketClass()
    const { received, status } = connect(workerWebSocket(makeWorker, Fallback))
    const ws = WorkerSocket.last()
    expect(ws.url).toMatch(/^ws:\/\/.+\/api\/logs\/stream$/)
    ws.open().receive(hello).receive(lines)
    expect(received).toEqual([7])
    expect(status()).toMatchObject({ state: 'open', badFrames: 0 })

    // The gateway goes away: the page sees the close with its code and reconnects, through the worker again.
    ws.onclose?.(new CloseEvent('close', { code: 1001, reason: 'gateway shutting down' }))
    expect(status()).toMatchObject({ state: 'reconnecting', lastError: 'connection closed (1001: gateway shutting down)' })
    await new Promise((r) => setTimeout(r, 5))
    expect(WorkerSocket.instances).toHaveLength(2)
    expect(WorkerSocket.last().url).toMatch(/cursor=8$/)
    expect(Fallback.instances).toHaveLength(0)

    stop!()
    stop = null
    expect(WorkerSocket.last().closedByClient).toEqual({ code: 1000, reason: 'closed by the page' })
  })

  it('counts a binary frame as a bad frame, as the page socket would', () => {
    const { WorkerSocket, makeWorker } = fakeWorkerPair()
    const { status } = connect(workerWebSocket(makeWorker, createFakeWebSocketClass()))
    const ws = WorkerSocket.last().open()
    ws.onmessage?.(new MessageEvent('message', { data: new ArrayBuffer(4) }))
    expect(status()).toMatchObject({ badFrames: 1, lastError: 'dropped a bad frame: not text' })
  })

  it('uses the page socket when the worker cannot even be created', () => {
    const Fallback = createFakeWebSocketClass()
    const Impl = workerWebSocket(() => {
      throw new DOMException('workers are blocked here', 'SecurityError')
    }, Fallback)
    const socket = new Impl('ws://127.0.0.1/api/logs/stream')
    expect(socket).toBe(Fallback.last())
    new Impl('ws://127.0.0.1/api/logs/stream')
    expect(Fallback.instances).toHaveLength(2)
  })

  it('acknowledges the handled messages to the worker, all of them at once every so often', () => {
    vi.useFakeTimers()
    const posted: ToSocketWorker[] = []
    const worker: WorkerLike = { onmessage: null, onerror: null, postMessage: (m) => posted.push(m), terminate: () => {} }
    const socket = new (workerWebSocket(() => worker, createFakeWebSocketClass(), 20))('ws://127.0.0.1/x')
    const seen: unknown[] = []
    socket.onmessage = (e) => seen.push(e.data)
    const frame: RelayedFrame = { relayed: 'text', text: '{"type":"heartbeat","cursor":1}' }
    worker.onmessage?.(new MessageEvent<FromSocketWorker>('message', { data: { id: 1, ev: 'frame', frame, chars: 31 } }))
    worker.onmessage?.(new MessageEvent<FromSocketWorker>('message', { data: { id: 1, ev: 'frame', frame, chars: 40 } }))
    expect(seen).toEqual([frame, frame])
    vi.advanceTimersByTime(19)
    expect(posted).toEqual([{ op: 'open', id: 1, url: 'ws://127.0.0.1/x' }])
    vi.advanceTimersByTime(1)
    expect(posted).toEqual([{ op: 'open', id: 1, url: 'ws://127.0.0.1/x' }, { op: 'ack', id: 1, chars: 71 }])
    // A socket closed meanwhile is not acknowledged: the worker has forgotten it.
    worker.onmessage?.(new MessageEvent<FromSocketWorker>('message', { data: { id: 1, ev: 'frame', frame, chars: 31 } }))
    worker.onmessage?.(new MessageEvent<FromSocketWorker>('message', { data: { id: 1, ev: 'close', code: 1000, reason: '' } }))
    vi.advanceTimersByTime(20)
    expect(posted).toHaveLength(2)
  })

  it('counts a frame the worker found malformed as a bad frame, with the reason the page socket gives', () => {
    const { WorkerSocket, makeWorker } = fakeWorkerPair()
    const { received, status } = connect(workerWebSocket(makeWorker, createFakeWebSocketClass()))
    const ws = WorkerSocket.last().open().receive(hello)
    ws.receive('{"type":"lines","lines":[{"seq":8}]}')
    expect(status()).toMatchObject({ badFrames: 1, lastError: 'dropped a bad frame: not a server frame (line 0 does not match the protocol)' })
    ws.receive('{"type":"lines"')
    expect(status()).toMatchObject({ badFrames: 2, lastError: 'dropped a bad frame: not JSON' })
    ws.receive(lines)
    expect(received).toEqual([7])
  })

  it('falls back to the page socket when the worker fails, closing the worker sockets with 1006', async () => {
    const { WorkerSocket, workers, makeWorker } = fakeWorkerPair()
    const Fallback = createFakeWebSocketClass()
    const { status } = connect(workerWebSocket(makeWorker, Fallback))
    WorkerSocket.last().open().receive(hello)
    workers[0]!.onerror?.(new ErrorEvent('error', { message: 'SyntaxError: Unexpected token' }))
    expect(workers[0]!.terminated).toBe(true)
    expect(status().lastError).toMatch(/^connection closed \(1006: the log socket worker failed \(SyntaxError: Unexpected token\)/)
    await new Promise((r) => setTimeout(r, 5))
    expect(Fallback.instances).toHaveLength(1)
    Fallback.last().open().receive(hello).receive(lines)
    expect(status()).toMatchObject({ state: 'open' })
  })
})

describe('relaySockets', () => {
  it('closes the socket of a page that falls too far behind, after the messages already sent, and counts what the page handled', () => {
    const Socket = createFakeWebSocketClass()
    const out: FromSocketWorker[] = []
    const scope: RelayScope = { onmessage: null, postMessage: (m) => out.push(m) }
    relaySockets(scope, Socket, 100)
    scope.onmessage?.(new MessageEvent('message', { data: { op: 'open', id: 1, url: 'ws://127.0.0.1/x' } }))
    const ws = Socket.last().open()
    const frame = `{"type":"heartbeat","cursor":${'1'.repeat(30)}}` // 53 characters
    ws.receive(frame)
    scope.onmessage?.(new MessageEvent('message', { data: { op: 'ack', id: 1, chars: frame.length } }))
    ws.receive(frame).receive(frame) // 106 unhandled: past the limit
    expect(ws.closedByClient).toEqual({ code: 4000, reason: 'this tab fell too far behind the stream; reconnecting from its last line' })
    expect(out.map((m) => m.ev)).toEqual(['open', 'frame', 'frame', 'frame', 'close'])
    expect(out.at(-1)).toMatchObject({ code: 4000 })
    ws.receive(frame) // late data of the closed socket goes nowhere
    expect(out).toHaveLength(5)
  })

  it('turns a socket constructor that throws into an abnormal close carrying the error', () => {
    const out: FromSocketWorker[] = []
    const scope: RelayScope = { onmessage: null, postMessage: (m) => out.push(m) }
    relaySockets(scope, class {
      constructor(url: string) {
        throw new SyntaxError(`The URL '${url}' is invalid.`)
      }
    } as never)
    scope.onmessage?.(new MessageEvent('message', { data: { op: 'open', id: 3, url: 'ws://[bad' } }))
    expect(out).toEqual([{ id: 3, ev: 'close', code: 1006, reason: "The URL 'ws://[bad' is invalid." }])
  })

  it('closes the socket the page asks it to close, with the code and reason', () => {
    const Socket = createFakeWebSocketClass()
    const out: FromSocketWorker[] = []
    const scope: RelayScope = { onmessage: null, postMessage: (m) => out.push(m) }
    relaySockets(scope, Socket)
    scope.onmessage?.(new MessageEvent('message', { data: { op: 'open', id: 1, url: 'ws://127.0.0.1/x' } }))
    Socket.last().open().receive('{"type":"heartbeat","cursor":1}')
    scope.onmessage?.(new MessageEvent('message', { data: { op: 'close', id: 1, code: 1000, reason: 'bye' } }))
    expect(Socket.last().closedByClient).toEqual({ code: 1000, reason: 'bye' })
    expect(out).toEqual([
      { id: 1, ev: 'open' },
      { id: 1, ev: 'frame', frame: { relayed: 'text', text: '{"type":"heartbeat","cursor":1}' }, chars: 31 },
    ])
  })
})
