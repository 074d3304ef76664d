import type { LogLine } from '@server/protocol'
import { createFakeWebSocketClass } from '@/testing/fake-web-socket'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectLogSocket, logStreamUrl, type LogSocketOptions, type LogSocketStatus } from './log-socket'

const line = (seq: number): LogLine => ({ seq, ts: '2024-05-01T10:00:00.000Z', level: 'info', source: 'local', process: 'api', text: `line ${seq}` })
const hello = (cursor = 0) => ({ type: 'hello', cursor, oldest: 0, capacity: 100 })
const linesFrame = (...seqs: number[]) => ({ type: 'lines', lines: seqs.map(line) })

function setup(options: Partial<LogSocketOptions> = {}) {
  const FakeWebSocket = createFakeWebSocketClass()
  const received: number[][] = []
  const statuses: LogSocketStatus[] = []
  const onGap = vi.fn()
  const onSource = vi.fn()
  const close = connectLogSocket({
    WebSocketImpl: FakeWebSocket,
    random: () => 1, // the top of the jitter range, so delays are predictable
    onLines: (lines) => received.push(lines.map((l) => l.seq)),
    onStatus: (s) => statuses.push(s),
    onGap,
    onSource,
    ...options,
  })
  const status = () => statuses.at(-1)!
  return { FakeWebSocket, received, statuses, status, onGap, onSource, close }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('connectLogSocket', () => {
  it('resumes after the lines the tab already holds when it is created again (a remount)', () => {
    const { FakeWebSocket, received, close } = setup({ resumeAfter: 41 })
    expect(FakeWebSocket.last().url).toMatch(/\?cursor=42$/)
    FakeWebSocket.last().open().receive(hello(42)).receive(linesFrame(41, 42, 43))
    expect(received).toEqual([[42, 43]])
    close()
  })

  it('connects to the stream on this origin and reports its state', () => {
    const { FakeWebSocket, status, close } = setup()
    expect(FakeWebSocket.last().url).toBe(logStreamUrl('/api/logs/stream', null))
    expect(FakeWebSocket.last().url).toMatch(/^ws:\/\/[^/]+\/api\/logs\/stream$/)
    expect(status()).toMatchObject({ state: 'connecting', attempt: 0, badFrames: 0 })
    FakeWebSocket.last().open().receive(hello())
    expect(status()).toMatchObject({ state: 'open', attempt: 0 })
    close()
    expect(status().state).toBe('closed')
    expect(FakeWebSocket.last().closedByClient).toEqual({ code: 1000, reason: 'closed by the page' })
  })

  it('builds wss URLs for https pages', () => {
    expect(logStreamUrl('/api/logs/stream', 42, 'https://example.test/app?x=1')).toBe('wss://example.test/api/logs/stream?cursor=42')
  })

  it('delivers validated frames to their callbacks', () => {
    const { FakeWebSocket, received, onGap, onSource } = setup()
    const source = { id: 'local', kind: 'local', state: 'connected', lastError: null, linesPerSecond: 1, totalLines: 2, lastLineAt: null }
    FakeWebSocket.last().open().receive(hello()).receive(linesFrame(0, 1)).receive({ type: 'gap', from: 2, to: 4, reason: 'evicted' })
    FakeWebSocket.last().receive({ type: 'source', source }).receive({ type: 'heartbeat', cursor: 5 })
    expect(received).toEqual([[0, 1]])
    expect(onGap).toHaveBeenCalledWith({ type: 'gap', from: 2, to: 4, reason: 'evicted' })
    expect(onSource).toHaveBeenCalledWith(source)
  })

  it('drops and counts malformed frames without throwing', () => {
    const { FakeWebSocket, received, status } = setup()
    const socket = FakeWebSocket.last().open().receive(hello())
    expect(() => {
      socket.receive('{not json')
      socket.receive({ type: 'lines', lines: [{ seq: 'one' }] })
      socket.receive({ type: 'mystery' })
      socket.receive(linesFrame(0))
    }).not.toThrow()
    expect(received).toEqual([[0]])
    expect(status()).toMatchObject({ state: 'open', badFrames: 3 })
  })

  it('drops lines it has already seen', () => {
    const { FakeWebSocket, received } = setup()
    FakeWebSocket.last().open().receive(hello()).receive(linesFrame(0, 1, 2)).receive(linesFrame(1, 2, 3, 4)).receive(linesFrame(4))
    expect(received).toEqual([[0, 1, 2], [3, 4]])
  })

  it('reconnects with capped exponential backoff and resumes from the last seq + 1', () => {
    const { FakeWebSocket, received, status } = setup({ backoff: { initialMs: 500, maxMs: 2_000 } })
    FakeWebSocket.last().open().receive(hello()).receive(linesFrame(0, 1, 2)).serverClose(1006)
    const delays: number[] = []
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(status()).toMatchObject({ state: 'reconnecting', attempt })
      delays.push(status().retryAt! - Date.now())
      const count = FakeWebSocket.instances.length
      vi.advanceTimersByTime(delays.at(-1)! - 1)
      expect(FakeWebSocket.instances.length).toBe(count)
      vi.advanceTimersByTime(1)
      expect(FakeWebSocket.last().url).toMatch(/\?cursor=3$/)
      if (attempt < 4) FakeWebSocket.last().serverClose(1006)
    }
    expect(delays).toEqual([500, 1_000, 2_000, 2_000])
    FakeWebSocket.last().open().receive(hello(3)).receive(linesFrame(2, 3))
    expect(received).toEqual([[0, 1, 2], [3]])
    expect(status()).toMatchObject({ state: 'open', attempt: 0 })
  })

  it('applies full jitter to the backoff', () => {
    const { FakeWebSocket, status } = setup({ random: () => 0.25 })
    FakeWebSocket.last().serverClose(1006)
    expect(status().retryAt! - Date.now()).toBe(125)
  })

  it('resumes after a gap from beyond it', () => {
    const { FakeWebSocket } = setup()
    FakeWebSocket.last().open().receive(hello(10)).receive({ type: 'gap', from: 0, to: 9, reason: 'evicted' }).serverClose()
    vi.runOnlyPendingTimers()
    expect(FakeWebSocket.last().url).toMatch(/\?cursor=10$/)
  })

  it('reconnects when the stream goes silent (watchdog), heartbeats keep it alive', () => {
    const { FakeWebSocket, status } = setup({ watchdogMs: 15_000 })
    const first = FakeWebSocket.last().open().receive(hello())
    vi.advanceTimersByTime(10_000)
    first.receive({ type: 'heartbeat', cursor: 0 })
    vi.advanceTimersByTime(10_000)
    expect(FakeWebSocket.instances.length).toBe(1)
    vi.advanceTimersByTime(5_000)
    expect(first.closedByClient).not.toBeNull()
    expect(status()).toMatchObject({ state: 'reconnecting', lastError: 'no data for 15s' })
    vi.runOnlyPendingTimers()
    expect(FakeWebSocket.instances.length).toBe(2)
    // The abandoned socket can no longer deliver anything.
    first.serverClose()
    expect(FakeWebSocket.instances.length).toBe(2)
  })

  it('reconnects at once when the browser comes back online', () => {
    const { FakeWebSocket } = setup({ backoff: { initialMs: 10_000, maxMs: 10_000 } })
    FakeWebSocket.last().serverClose(1006)
    expect(FakeWebSocket.instances.length).toBe(1)
    window.dispatchEvent(new Event('online'))
    expect(FakeWebSocket.instances.length).toBe(2)
    vi.advanceTimersByTime(10_000)
    expect(FakeWebSocket.instances.length).toBe(2)
  })

  it('stops reconnecting once closed', () => {
    const { FakeWebSocket, close } = setup()
    FakeWebSocket.last().serverClose(1006)
    close()
    vi.runAllTimers()
    window.dispatchEvent(new Event('online'))
    expect(FakeWebSocket.instances.length).toBe(1)
  })

  it('accepts lines again when the server is another run with lower seqs', () => {
    const { FakeWebSocket, received } = setup()
    FakeWebSocket.last().open().receive(hello()).receive(linesFrame(50, 51)).serverClose()
    vi.runOnlyPendingTimers()
    FakeWebSocket.last().open().receive(hello(5)).receive(linesFrame(3, 4))
    expect(received).toEqual([[50, 51], [3, 4]])
  })
})
