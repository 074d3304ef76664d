import { afterEach, describe, expect, it, vi } from 'vitest'
import { recorder } from '../../testing/recorder.ts'
import type { Source } from '../source.ts'
import { createDmbSource } from './dmb-source.ts'
import { startFakeDmb, type FakeDmb } from './fake-dmb.ts'

const TOKEN = 'dumb-access-token-xyz'
const BACKOFF = { initialMs: 10, maxMs: 40 }
let fake: FakeDmb | undefined
let source: Source | undefined
afterEach(async () => {
  await source?.stop()
  await fake?.close()
  source = fake = undefined
})

function start(opts: Partial<Parameters<typeof createDmbSource>[0]> = {}) {
  const rec = recorder()
  source = createDmbSource({ id: 'dmb', url: fake!.url, timezone: '+02:00', pingMs: 20, holdMs: 20, backoff: BACKOFF, ...opts })
  source.start(rec.sink)
  return rec
}

describe('dmb source', () => {
  it('parses text frames in the configured zone and joins continuation frames to the record before them', async () => {
    fake = await startFakeDmb({ utcOffsetMinutes: 120 })
    const rec = start()
    await vi.waitFor(() => expect(fake!.clients()).toBe(1))
    fake.log({ level: 'INFO', process: 'riven_backend', message: 'tick 8', at: new Date('2026-11-02T06:48:33Z') })
    fake.log({ level: 'ERROR', message: 'Traceback (most recent call last):' })
    fake.emit('  File "main.py", line 3, in <module>')
    fake.emit('ValueError: boom')
    fake.log({ level: 'WARNING', message: 'rclone mount name "RD": slow' })
    await vi.waitFor(() => expect(rec.lines).toHaveLength(3))
    expect(rec.lines[0]).toEqual({ ts: '2026-11-02T06:48:33.000Z', level: 'info', source: 'dmb', process: 'riven_backend', text: 'tick 8' })
    expect(rec.lines[1]).toMatchObject({ level: 'error', process: 'dmb', text: 'Traceback (most recent call last):\n  File "main.py", line 3, in <module>\nValueError: boom' })
    expect(rec.lines[2]).toMatchObject({ level: 'warn', process: 'rclone' })
    expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'connected'])
  })

  it('pings with the exact bytes DMB compares against and swallows the pong', async () => {
    fake = await startFakeDmb()
    const rec = start()
    await vi.waitFor(() => expect(fake!.received.length).toBeGreaterThanOrEqual(3))
    expect(new Set(fake.received)).toEqual(new Set(['{"type":"ping"}']))
    // DMB answered every ping, so the connection stayed up and no "pong" became a line
    expect(rec.lines).toEqual([])
    expect(rec.lastState()?.state).toBe('connected')
  })

  it('reconnects after a drop and shows a gap marker, since DMB keeps no history', async () => {
    fake = await startFakeDmb()
    const rec = start()
    await vi.waitFor(() => expect(fake!.clients()).toBe(1))
    fake.dropClients()
    await vi.waitFor(() => expect(rec.gaps).toHaveLength(1))
    expect(rec.gaps[0]).toEqual({ count: null, reason: expect.stringMatching(/DMB keeps no history/) })
    await vi.waitFor(() => expect(fake!.clients()).toBe(1))
    fake.log({ level: 'INFO', message: 'back' })
    await vi.waitFor(() => expect(rec.lines.map((l) => l.text)).toEqual(['back']))
    expect(rec.states.map((s) => s.state)).toContain('reconnecting')
  })

  it("sends DUMB's ?token= and shows a 403 at the handshake as an auth error, never the token", async () => {
    fake = await startFakeDmb({ token: TOKEN, dumb: true })
    const ok = start({ token: TOKEN })
    await vi.waitFor(() => expect(fake!.clients()).toBe(1))
    expect(fake.handshakes[0]).toEqual({ token: TOKEN, accepted: true })
    expect(ok.lastState()?.state).toBe('connected')
    await source!.stop()
    const refused = start({ token: 'wrong-token-123' })
    await vi.waitFor(() => expect(refused.lastState()?.error).toMatch(/^HTTP 403 at the WebSocket handshake: the DUMB token was refused — retrying in/))
    expect(refused.lastState()?.state).toBe('error')
    expect(JSON.stringify([ok.states, refused.states])).not.toMatch(/wrong-token-123|dumb-access-token/)
  })

  it('survives garbage frames and a refused connection, and stops promptly', async () => {
    fake = await startFakeDmb()
    const rec = start({ holdMs: 10_000 })
    await vi.waitFor(() => expect(fake!.clients()).toBe(1))
    fake.emit('{"message":"not what DMB sends","level":"INFO"}')
    fake.emit(Buffer.from([0xe2, 0x82]).toString('latin1'))
    await vi.waitFor(() => expect(rec.lines).toHaveLength(2))
    expect(rec.lines[0]).toMatchObject({ process: 'dmb', text: '{"message":"not what DMB sends","level":"INFO"}' })
    await fake.close()
    fake = undefined
    await vi.waitFor(() => expect(rec.lastState()?.error).toMatch(/ECONNREFUSED .* — retrying in/))
    await source!.stop()
    expect(rec.lastState()?.state).toBe('stopped')
  })
})
