import { createServer } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { recorder } from '../../testing/recorder.ts'
import { withBodyTimeout } from '../undici-body-timeout.ts'
import type { Source } from '../source.ts'
import { felderaPipelineLine, startFakeFeldera, type FakeFeldera } from './fake-feldera.ts'
import { createFelderaSource } from './feldera-source.ts'

const TOKEN = 'feldera-secret-token-123'
const BACKOFF = { initialMs: 10, maxMs: 40 }
let fake: FakeFeldera | undefined
let source: Source | undefined
afterEach(async () => {
  await source?.stop()
  await fake?.close()
  source = fake = undefined
})

async function started(opts: Partial<Parameters<typeof createFelderaSource>[0]> = {}) {
  const rec = recorder()
  source = createFelderaSource({ id: 'fd', url: fake!.url, pipelines: ['orders'], token: TOKEN, backoff: BACKOFF, endedDelayMs: 20, ...opts })
  source.start(rec.sink)
  return rec
}

describe('feldera source', () => {
  it('follows a pipeline: fresh start, timestamps, levels, ANSI kept, lines and UTF-8 characters cut across chunks', async () => {
    fake = await startFakeFeldera({ pipelines: ['orders'], token: TOKEN })
    const rec = await started()
    await vi.waitFor(() => expect(fake!.followers('orders')).toBe(1))
    expect(fake.requests[0]?.authorization).toBe(`Bearer ${TOKEN}`)
    const warn = felderaPipelineLine('orders', 'WARN', 'late input', new Date('2026-03-01T10:00:00.123Z'))
    fake.log('orders', warn)
    const euro = '[orders] 2026-03-01T10:00:01.000000Z  INFO x: price 5 €'
    // cut inside the 3-byte "€": the line must come out whole, once
    fake.log('orders', euro, { splitAt: Buffer.byteLength(euro) - 2 })
    fake.log('orders', 'plain text ERROR without a head', { splitAt: 5 })
    await vi.waitFor(() => expect(rec.lines).toHaveLength(4))
    expect(rec.lines[0]).toMatchObject({ source: 'fd', process: 'orders', level: 'info' })
    expect(rec.lines[0]?.text).toContain('Fresh start of pipeline logs')
    expect(rec.lines[1]).toEqual({ ts: '2026-03-01T10:00:00.123Z', level: 'warn', source: 'fd', process: 'orders', text: warn })
    expect(rec.lines[1]?.text).toContain('\x1b[33m')
    expect(rec.lines[2]).toMatchObject({ ts: '2026-03-01T10:00:01.000Z', text: euro })
    expect(rec.lines[3]).toMatchObject({ level: 'error', text: 'plain text ERROR without a head' })
    expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'connected'])
  })

  it('re-requests after a premature end and drops the replayed buffer instead of appending it twice', async () => {
    fake = await startFakeFeldera({ pipelines: ['orders'] })
    const rec = await started()
    await vi.waitFor(() => expect(fake!.followers('orders')).toBe(1))
    fake.log('orders', 'one')
    fake.log('orders', 'two')
    await vi.waitFor(() => expect(rec.lines).toHaveLength(3))
    fake.dropFollowers('orders')
    await vi.waitFor(() => expect(fake!.requests).toHaveLength(2))
    await vi.waitFor(() => expect(fake!.followers('orders')).toBe(1))
    fake.log('orders', 'three')
    await vi.waitFor(() => expect(rec.texts()).toContain('three'))
    expect(rec.texts().slice(1)).toEqual(['one', 'two', 'three'])
    expect(rec.gaps).toEqual([])
    expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'connected', 'reconnecting', 'connected'])
    expect(rec.states[2]?.error).toMatch(/ended early/)
  })

  it('turns "N prior log lines were discarded" into a gap marker', async () => {
    fake = await startFakeFeldera({ pipelines: ['orders'], bufferLines: 3 })
    for (const n of [1, 2, 3, 4, 5]) fake.log('orders', `line ${n}`)
    const rec = await started()
    await vi.waitFor(() => expect(rec.texts()).toEqual(['line 3', 'line 4', 'line 5']))
    expect(rec.gaps).toEqual([{ count: 3, reason: expect.stringContaining("pipeline 'orders' overflowed") }])
  })

  it('ends on "Logs have ended" without an error, then follows the re-created logs from their fresh start', async () => {
    fake = await startFakeFeldera({ pipelines: ['orders'] })
    const rec = await started()
    await vi.waitFor(() => expect(fake!.followers('orders')).toBe(1))
    fake.log('orders', 'before')
    await vi.waitFor(() => expect(rec.texts()).toContain('before'))
    fake.endLogs('orders')
    await vi.waitFor(() => expect(fake!.followers('orders')).toBe(1))
    fake.log('orders', 'after')
    await vi.waitFor(() => expect(rec.texts()).toContain('after'))
    const texts = rec.texts()
    expect(texts.filter((t) => t.includes('Fresh start'))).toHaveLength(2)
    expect(rec.lines.find((l) => l.marker === 'event')?.text).toMatch(/logs of this pipeline have ended/)
    expect(texts).not.toContain('Logs have ended')
    expect(rec.states.some((s) => s.state === 'error')).toBe(false)
  })

  it('names an unknown pipeline, explains an empty-body 404, and backs off on 503 until the runner answers', async () => {
    fake = await startFakeFeldera({ pipelines: ['orders'] })
    fake.setRunnerState('orders', false)
    const rec = await started({ pipelines: ['orders', 'ghost'] })
    await vi.waitFor(() => expect(rec.lastState()?.error).toMatch(/Feldera pipeline 'ghost' is unknown \(UnknownPipelineName\)/))
    await vi.waitFor(() => expect(rec.lastState()?.error).toMatch(/'orders' yet: HTTP 404 with an empty body/))
    fake.queueResponses({ status: 503, contentType: 'application/json', body: '{"message":"runner unreachable","error_code":"RunnerInteractionUnreachable","details":{}}' })
    await vi.waitFor(() => expect(rec.states.some((s) => /HTTP 503: runner unreachable \(RunnerInteractionUnreachable\) — retrying in/.test(s.error ?? ''))).toBe(true))
    fake.setRunnerState('orders', true)
    await vi.waitFor(() => expect(rec.texts().some((t) => t.includes('Fresh start'))).toBe(true))
    expect(rec.lastState()?.state).toBe('error') // 'ghost' still fails, and the source says so
  })

  it('shows a wrong content type, garbage and a refused connection as errors with a retry, never the token', async () => {
    fake = await startFakeFeldera({ pipelines: ['orders'] })
    fake.queueResponses({ status: 200, contentType: 'text/html', body: '<html>proxy login</html>' }, { status: 502, body: `bad gateway ?token=${TOKEN}` })
    const rec = await started()
    await vi.waitFor(() => expect(fake!.followers('orders')).toBe(1))
    expect(rec.states.map((s) => s.error ?? '').join('\n')).toMatch(/unexpected content type "text\/html"[\s\S]*HTTP 502 Bad Gateway: bad gateway \?token=\*\*\*/)
    expect(JSON.stringify(rec.states)).not.toContain(TOKEN)
    await source!.stop()
    const refused = recorder()
    const port = await closedPort()
    source = createFelderaSource({ id: 'fd', url: `http://127.0.0.1:${port}`, pipelines: ['orders'], backoff: BACKOFF })
    source.start(refused.sink)
    await vi.waitFor(() => expect(refused.lastState()?.error).toMatch(new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port} — retrying in`)))
    await source.stop()
    expect(refused.lastState()?.state).toBe('stopped')
  })

  it('re-requests a silent stream quietly: no error, no reconnecting state, no line lost or repeated', async () => {
    fake = await startFakeFeldera({ pipelines: ['orders'] })
    const rec = await started({ idleRefreshMs: 100 })
    await vi.waitFor(() => expect(fake!.followers('orders')).toBe(1))
    fake.log('orders', 'one')
    await vi.waitFor(() => expect(rec.texts().slice(1)).toEqual(['one']))
    await vi.waitFor(() => expect(fake!.requests.length).toBeGreaterThanOrEqual(3)) // refreshed twice while silent
    fake.log('orders', 'two')
    await vi.waitFor(() => expect(rec.texts().slice(1)).toEqual(['one', 'two']))
    const seen = fake.requests.length
    await vi.waitFor(() => expect(fake!.requests.length).toBeGreaterThanOrEqual(seen + 2))
    fake.log('orders', 'three')
    await vi.waitFor(() => expect(rec.texts().slice(1)).toEqual(['one', 'two', 'three']))
    expect(rec.stateNames()).toEqual(['connecting', 'connected'])
    expect(rec.gaps).toEqual([])
  })

  it("treats undici's body timeout on a silent stream (UND_ERR_BODY_TIMEOUT, 'terminated') as a quiet refresh", async () => {
    fake = await startFakeFeldera({ pipelines: ['orders'] })
    await withBodyTimeout(150, `${fake.url}/`, async () => {
      const rec = await started()
      await vi.waitFor(() => expect(fake!.followers('orders')).toBe(1))
      fake!.log('orders', 'one')
      // undici checks its timeouts on a coarse clock (up to a second late)
      await vi.waitFor(() => expect(fake!.requests.length).toBeGreaterThanOrEqual(2), { timeout: 5_000 })
      fake!.log('orders', 'two')
      await vi.waitFor(() => expect(rec.texts().slice(1)).toEqual(['one', 'two']))
      expect(rec.stateNames()).toEqual(['connecting', 'connected'])
      expect(JSON.stringify(rec.states)).not.toMatch(/terminated/)
      await source!.stop()
    })
  })

  it('backs off an upstream that answers and closes at once, replaying the same buffer each time', async () => {
    fake = await startFakeFeldera({ pipelines: ['orders'] })
    const closeAtOnce = { status: 200, contentType: 'text/plain; charset=utf-8', body: 'same old line\n' }
    fake.queueResponses(closeAtOnce, closeAtOnce, closeAtOnce, closeAtOnce)
    const rec = await started({ backoff: { initialMs: 10, maxMs: 1_000, random: () => 0.5 } })
    await vi.waitFor(() => expect(fake!.followers('orders')).toBe(1))
    const delays = rec.states.filter((s) => s.state === 'reconnecting').map((s) => /reconnecting in (\d+)ms$/.exec(s.error ?? '')?.[1])
    // the first answer had a new line (the backoff starts over), the replays did not: the delay grows
    expect(delays).toEqual(['10', '20', '40', '80'])
    expect(rec.texts().filter((t) => t === 'same old line')).toHaveLength(1)
  })
})

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
