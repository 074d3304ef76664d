import type { LogLine } from '@server/protocol'
import { describe, expect, it } from 'vitest'
import { decodeFrame, openRelayedFrame } from './decode-frame'
import { isRelayedFrame, relayFrame } from './relayed-frame'

// Lines as the gateway serialises them: optional fields on some, repeated and distinct timestamps, non-Latin-1 text.
const gatewayFrame = JSON.stringify({
  type: 'lines',
  lines: [
    { ts: '2026-11-23T10:00:00.000Z', level: 'info', source: 'local', process: 'api', text: 'ready', seq: 7 },
    { ts: '2026-11-23T10:00:00.000Z', level: 'error', source: 'local', process: 'worker', taskId: 't-1', stream: 'stderr', text: '\u001b[31mboom\u001b[0m ✗ 火', seq: 8 },
    { ts: '2026-11-23T10:00:00.001Z', level: 'unknown', source: 'beam', process: 'api', text: '', seq: 9, marker: 'event' },
    { ts: '2026-11-23T10:00:00.002Z', level: 'warn', source: 'local', process: 'deploy', taskId: 't-1', text: '{"a":1}\nsecond line', seq: 2 ** 40, marker: 'gap', stream: 'stdout' },
  ],
})

/** Through the worker and back, as postMessage would carry it: a structured clone with the buffers transferred. */
function throughWorker(text: string, intern = (s: string) => s) {
  const { frame, transfer } = relayFrame(text)
  const cloned = structuredClone(frame, { transfer })
  expect(isRelayedFrame(cloned)).toBe(true)
  return openRelayedFrame(cloned, intern)
}

describe('relayed frames', () => {
  it('give the page exactly the lines its own parser gives, key order included', () => {
    const own = decodeFrame(gatewayFrame)
    const relayed = throughWorker(gatewayFrame)
    expect(relayed).toEqual(own)
    const keys = (r: typeof own) => (r.ok && r.frame.type === 'lines' ? r.frame.lines.map((l: LogLine) => Object.keys(l)) : null)
    expect(keys(relayed)).toEqual(keys(own))
  })

  it('intern each name once per frame, and never a timestamp or a task id', () => {
    const interned: string[] = []
    throughWorker(gatewayFrame, (s) => (interned.push(s), s))
    expect(interned.sort()).toEqual(['api', 'beam', 'deploy', 'error', 'event', 'gap', 'info', 'local', 'stderr', 'stdout', 'unknown', 'warn', 'worker'])
  })

  it('carry every other frame as its text, for the page to check, and a bad one as the reason the page would give', () => {
    const heartbeat = '{"type":"heartbeat","cursor":12}'
    expect(relayFrame(heartbeat).frame).toEqual({ relayed: 'text', text: heartbeat })
    expect(throughWorker(heartbeat)).toEqual(decodeFrame(heartbeat))
    // Valid JSON but no frame of the protocol: the worker passes it on, the page's schema refuses it.
    expect(throughWorker('{"type":"heartbeat"}')).toEqual(decodeFrame('{"type":"heartbeat"}'))
    expect(decodeFrame('{"type":"heartbeat"}').ok).toBe(false)
    for (const bad of ['{"type":"lines"', '{"type":"lines","lines":[{"seq":1}]}', '{"type":"nope"}', '']) {
      const own = decodeFrame(bad)
      expect(own.ok).toBe(false)
      expect(throughWorker(bad)).toEqual(own)
    }
    expect(throughWorker(new ArrayBuffer(3) as never)).toEqual({ ok: false, reason: 'not text' })
  })

  it('carry an empty lines frame', () => {
    const empty = '{"type":"lines","lines":[]}'
    expect(throughWorker(empty)).toEqual(decodeFrame(empty))
  })

  it('are told apart from the text of a socket message', () => {
    expect(isRelayedFrame(gatewayFrame)).toBe(false)
    expect(isRelayedFrame(JSON.parse(gatewayFrame))).toBe(false)
    expect(isRelayedFrame(null)).toBe(false)
  })
})
