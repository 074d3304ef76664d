import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SourceState } from '../protocol.ts'
import { createBackoff, createStateMerger, describeError, formatDelay, scrubSecrets, startRetryLoop } from './backoff.ts'

describe('backoff', () => {
  it('grows exponentially to a cap, with ±20 % jitter, and starts over on reset', () => {
    const mid = createBackoff({ initialMs: 100, maxMs: 1_000, random: () => 0.5 })
    expect([1, 2, 3, 4, 5].map(() => mid.next())).toEqual([100, 200, 400, 800, 1_000])
    mid.reset()
    expect(mid.next()).toBe(100)
    expect(createBackoff({ initialMs: 100, random: () => 0 }).next()).toBe(80)
    expect(createBackoff({ initialMs: 100, random: () => 1 }).next()).toBe(120)
  })

  it('formats delays and scrubs secrets and token parameters', () => {
    expect([formatDelay(40), formatDelay(4_000), formatDelay(12_400), formatDelay(90_000)]).toEqual(['40ms', '4s', '12s', '1m 30s'])
    expect(scrubSecrets('GET ws://h/ws/logs?token=abc&x=1 with s3cret-value', ['s3cret-value'])).toBe('GET ws://h/ws/logs?token=***&x=1 with ***')
    expect(scrubSecrets('http://h/stream?auth_token=zzz', [])).toBe('http://h/stream?auth_token=***')
  })

  it("spells out fetch's hidden network causes", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })
    expect(describeError(new TypeError('fetch failed', { cause: refused }))).toBe('connect ECONNREFUSED 127.0.0.1:9')
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND nope.invalid'), { code: 'ENOTFOUND', hostname: 'nope.invalid' })
    expect(describeError(new TypeError('fetch failed', { cause: dns }))).toBe('DNS lookup failed for nope.invalid (ENOTFOUND)')
  })

  it('retries failures with backoff, reconnects after a healthy attempt at the shortest delay, and stops while waiting', async () => {
    const reports: [SourceState, string | null][] = []
    let calls = 0
    let resolveThird: () => void = () => {}
    const third = new Promise<void>((r) => (resolveThird = r))
    const loop = startRetryLoop({
      backoff: { initialMs: 5, maxMs: 5 },
      report: (state, message) => {
        reports.push([state, message])
        if (message?.startsWith('long wait')) resolveThird()
      },
      async attempt({ connected, healthy }) {
        calls++
        if (calls === 1) throw new Error('refused')
        if (calls === 2) {
          connected()
          healthy()
          return { again: 'stream ended' }
        }
        return { again: 'long wait', delayMs: 60_000 }
      },
    })
    await third
    await loop.stop() // must not wait out the 60 s delay
    expect(reports.map(([s]) => s)).toEqual(['connecting', 'error', 'connected', 'reconnecting', 'reconnecting'])
    expect(reports[1]?.[1]).toMatch(/^refused — retrying in \dms$/)
    expect(reports[3]?.[1]).toMatch(/^stream ended — reconnecting in \dms$/)
    expect(reports[4]?.[1]).toBe('long wait — reconnecting in 1m 0s')
  })

  it('an upstream that accepts and closes at once is not a healthy connection: the delay keeps growing', async () => {
    const reports: [SourceState, string | null][] = []
    let calls = 0
    let fifth: () => void = () => {}
    const done = new Promise<void>((r) => (fifth = r))
    const loop = startRetryLoop({
      backoff: { initialMs: 4, maxMs: 1_000, random: () => 0.5 },
      report: (state, message) => void reports.push([state, message]),
      async attempt({ connected }) {
        if (++calls === 5) fifth()
        connected()
        return { again: 'closed' }
      },
    })
    await done
    await loop.stop()
    const delays = reports.filter(([s]) => s === 'reconnecting').map(([, m]) => m)
    expect(delays.slice(0, 4)).toEqual(['closed — reconnecting in 4ms', 'closed — reconnecting in 8ms', 'closed — reconnecting in 16ms', 'closed — reconnecting in 32ms'])
  })

  describe('with fake timers', () => {
    afterEach(() => void vi.useRealTimers())

    it('a connection that lived healthyAfterMs starts the backoff over; an idle refresh is quiet and does not grow it', async () => {
      vi.useFakeTimers()
      const reports: [SourceState, string | null][] = []
      const script: ('fail' | 'short' | 'long' | 'quiet')[] = ['fail', 'fail', 'fail', 'long', 'short', 'quiet', 'quiet', 'short']
      let calls = 0
      const loop = startRetryLoop({
        backoff: { initialMs: 100, maxMs: 100_000, random: () => 0.5, healthyAfterMs: 5_000 },
        report: (state, message) => void reports.push([state, message]),
        async attempt({ connected, signal }) {
          const step = script[calls++]
          if (step === undefined) return new Promise<'done'>((resolve) => signal.addEventListener('abort', () => resolve('done')))
          if (step === 'fail') throw new Error('refused')
          connected()
          if (step === 'long') await new Promise((r) => setTimeout(r, 6_000))
          return step === 'quiet' ? { again: 'idle', quiet: true } : { again: 'ended' }
        },
      })
      await vi.runAllTimersAsync()
      expect(calls).toBe(script.length + 1)
      await loop.stop()
      const messages = reports.map(([s, m]) => `${s}: ${m}`)
      expect(messages).toEqual([
        'connecting: null',
        'error: refused — retrying in 100ms',
        'error: refused — retrying in 200ms',
        'error: refused — retrying in 400ms',
        'connected: null',
        // lived 6 s ≥ healthyAfterMs: back to the first step
        'reconnecting: ended — reconnecting in 100ms',
        'connected: null',
        // the short one grows it; the quiet refreshes say nothing and leave it where it was
        'reconnecting: ended — reconnecting in 200ms',
        'connected: null',
        'reconnecting: ended — reconnecting in 400ms',
      ])
    })
  })

  it('merges connection states: the worst wins and names its connection', () => {
    const out: [SourceState, string | null][] = []
    const merger = createStateMerger((s, m) => void out.push([s, m]))
    const a = merger.part('a')
    const b = merger.part('b')
    a('connected', null)
    b('connected', null)
    b('error', 'HTTP 503')
    a('connected', null) // no change: not published again
    expect(out).toEqual([['connecting', null], ['connected', null], ['error', 'b: HTTP 503']])
  })
})
