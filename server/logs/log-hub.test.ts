import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startGateway, type Gateway } from '../gateway.ts'
import { createPushSource } from '../testing/push-source.ts'
import { linesOf, openStream, waitFor } from '../testing/ws-client.ts'

const TOKEN = 'test-token-123'
let gateway: Gateway | null = null
afterEach(async () => {
  await gateway?.close()
  gateway = null
})

async function start(capacity = 1_000, maxBatch = 5_000, maxBufferedBytes?: number, heartbeatMs?: number) {
  const source = createPushSource()
  gateway = await startGateway({ host: '127.0.0.1', port: 0, token: TOKEN, config: null, staticDir: null, sources: [source], hub: { capacity, flushMs: 5, maxBatch, ...(maxBufferedBytes ? { maxBufferedBytes } : {}), ...(heartbeatMs ? { heartbeatMs } : {}) } })
  const wsUrl = (cursor?: number) => `${gateway!.url.replace('http', 'ws')}/api/logs/stream${cursor === undefined ? '' : `?cursor=${cursor}`}`
  const headers = { authorization: `Bearer ${TOKEN}` }
  return { source, wsUrl, headers }
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}`)

describe('log hub over the gateway WebSocket', () => {
  it('batches many lines per frame and keeps order', async () => {
    const { source, wsUrl, headers } = await start()
    const client = await openStream(wsUrl(), headers)
    source.push(range(0, 600))
    await waitFor(() => linesOf(client.frames).length === 600, '600 lines')
    const frames = client.frames.filter((f) => f.type === 'lines')
    expect(frames.length).toBeLessThanOrEqual(3)
    const seqs = linesOf(client.frames).map((l) => l.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(new Set(seqs).size).toBe(600)
    client.close()
  })

  it('resumes from a cursor with no duplicates and nothing missing', async () => {
    const { source, wsUrl, headers } = await start()
    const first = await openStream(wsUrl(), headers)
    source.push(range(0, 50))
    await waitFor(() => linesOf(first.frames).length === 50, 'first 50 lines')
    first.close()
    const lastSeq = linesOf(first.frames).at(-1)!.seq
    source.push(range(50, 120))
    const second = await openStream(wsUrl(lastSeq + 1), headers)
    source.push(range(120, 130))
    await waitFor(() => linesOf(second.frames).length === 80, '80 resumed lines')
    expect(linesOf(second.frames).map((l) => l.text)).toEqual(range(50, 130))
    expect(second.frames.some((f) => f.type === 'gap')).toBe(false)
    second.close()
  })

  it('sends a gap frame for a cursor older than the ring, then what it still holds', async () => {
    // A batch limit below the push size flushes during the push, so the ring is full before the late tab attaches.
    const { source, wsUrl, headers } = await start(1_000, 500)
    const probe = await openStream(wsUrl(), headers)
    source.push(range(0, 1))
    await waitFor(() => linesOf(probe.frames).length === 1, 'first line')
    const firstSeq = linesOf(probe.frames)[0]!.seq
    probe.close()
    source.push(range(1, 2_500))
    const late = await openStream(wsUrl(firstSeq), headers)
    await waitFor(() => linesOf(late.frames).length === 1_000, 'the 1000 lines the ring holds')
    const gap = late.frames.find((f) => f.type === 'gap')
    expect(gap).toMatchObject({ type: 'gap', from: firstSeq, to: firstSeq + 1_499, count: 1_500 })
    expect(linesOf(late.frames)[0]!.text).toBe('line 1500')
    late.close()
  })

  it('skips a tab that stopped reading, then tells it what it missed in one gap frame', async () => {
    const { source, wsUrl, headers } = await start(2_000, 100, 64 * 1024)
    const stalled = await openStream(wsUrl(), headers)
    const reading = await openStream(wsUrl(), headers)
    source.push(['first'])
    await waitFor(() => linesOf(stalled.frames).length === 1, 'first line')
    const socket = (stalled.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
    socket.pause()
    // ~18 MB over many flushes: more than the kernel's socket buffers hold, so the gateway's own limit is reached.
    const pad = 'x'.repeat(280)
    const total = 60_000
    for (let i = 0; i < total; i += 2_000) {
      source.push(Array.from({ length: 2_000 }, (_, k) => `line ${i + k} ${pad}`))
      await new Promise((r) => setTimeout(r, 10))
    }
    await waitFor(() => linesOf(reading.frames).length === total + 1, 'every line for the tab that reads', 15_000)
    socket.resume()
    await waitFor(() => linesOf(stalled.frames).at(-1)?.text === `line ${total - 1} ${pad}`, 'the stalled tab to catch up', 15_000)
    const gaps = stalled.frames.filter((f) => f.type === 'gap')
    const missed = gaps.reduce((sum, g) => sum + (g.type === 'gap' ? g.count! : 0), 0)
    // While it could not take more, nothing was queued for it, gap frames included: one gap says what it missed.
    expect(gaps.length).toBe(1)
    expect(linesOf(stalled.frames).length + missed).toBe(total + 1)
    const seqs = linesOf(stalled.frames).map((l) => l.seq)
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    stalled.close()
    reading.close()
  })

  it('closes a socket that answers no ping for three heartbeats, not after one', async () => {
    const { wsUrl, headers } = await start(1_000, 5_000, undefined, 200)
    // A peer that never answers pings (a dead one, or one whose pongs are stuck behind a slow link).
    const silent = new WebSocket(wsUrl(), { headers, autoPong: false })
    await new Promise<void>((resolve, reject) => (silent.once('open', () => resolve()), silent.once('error', reject)))
    const answering = await openStream(wsUrl(), headers)
    const closed = new Promise<number>((resolve) => silent.once('close', () => resolve(Date.now())))
    const opened = Date.now()
    // Heartbeats come every 200 ms: one missed pong closed it by 400 ms; three close it after 600 ms.
    await new Promise((r) => setTimeout(r, 500))
    expect(silent.readyState).toBe(WebSocket.OPEN)
    expect((await closed) - opened).toBeLessThan(2_000)
    expect(answering.ws.readyState).toBe(WebSocket.OPEN)
    answering.close()
  })

  it('says the count is unknown for a cursor from an earlier gateway run', async () => {
    const { wsUrl, headers } = await start()
    const client = await openStream(wsUrl(5), headers)
    await waitFor(() => client.frames.some((f) => f.type === 'gap'), 'gap frame')
    expect(client.frames.find((f) => f.type === 'gap')).toMatchObject({ count: null })
    client.close()
  })

  it('writes an upstream loss into the stream as a gap marker line', async () => {
    const { source, wsUrl, headers } = await start()
    const client = await openStream(wsUrl(), headers)
    source.sink().gap(42, 'upstream buffer overflowed')
    await waitFor(() => linesOf(client.frames).length === 1, 'marker line')
    expect(linesOf(client.frames)[0]).toMatchObject({ marker: 'gap', level: 'warn', text: expect.stringContaining('42 lines') })
    client.close()
  })

  it('reports source state changes as source frames', async () => {
    const { source, wsUrl, headers } = await start()
    const client = await openStream(wsUrl(), headers)
    source.sink().state('error', 'connection refused')
    await waitFor(() => client.frames.some((f) => f.type === 'source' && f.source.state === 'error'), 'error state')
    expect(client.frames.find((f) => f.type === 'source' && f.source.state === 'error')).toMatchObject({ source: { lastError: 'connection refused' } })
    client.close()
  })
})

describe('merged sources', () => {
  it('orders one batching window of several sources by time', async () => {
    const a = createPushSource('a')
    const b = createPushSource('b')
    gateway = await startGateway({ host: '127.0.0.1', port: 0, token: TOKEN, config: null, staticDir: null, sources: [a, b], hub: { flushMs: 50 } })
    const client = await openStream(`${gateway.url.replace('http', 'ws')}/api/logs/stream`, { authorization: `Bearer ${TOKEN}` })
    const line = (source: string, ms: number) => ({ ts: new Date(Date.UTC(2026, 10, 23, 10, 0, 0, ms)).toISOString(), level: 'info' as const, source, process: source, text: `${source}${ms}` })
    b.sink().lines([line('b', 20), line('b', 40)])
    a.sink().lines([line('a', 10), line('a', 30)])
    await waitFor(() => linesOf(client.frames).length === 4, '4 lines')
    expect(linesOf(client.frames).map((l) => l.text)).toEqual(['a10', 'b20', 'a30', 'b40'])
    client.close()
  })
})
