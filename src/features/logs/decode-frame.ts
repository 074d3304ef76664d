import type { ServerFrame } from '@server/protocol'
import { parseServerFrame } from './fast-frame'
import { readJson } from './fast-lines'
import { unpackLines } from './packed-lines'
import type { RelayedFrame } from './relayed-frame'

export type DecodeResult = { ok: true; frame: ServerFrame } | { ok: false; reason: string }

/**
 * One WebSocket message of the log stream to a checked frame, or the reason it is dropped. The page runs it on its own
 * socket's messages; the socket worker does the same for `lines` frames (relayed-frame.ts), with the same reasons.
 */
export function decodeFrame(data: unknown): DecodeResult {
  const read = readJson(data)
  if (!read.ok) return read
  const parsed = parseServerFrame(read.json)
  return parsed.success ? { ok: true, frame: parsed.data } : { ok: false, reason: `not a server frame (${parsed.error})` }
}

/** What the socket worker posted, as `decodeFrame` would have given it; names interned through `intern`. */
export function openRelayedFrame(r: RelayedFrame, intern: (name: string) => string): DecodeResult {
  if (r.relayed === 'bad') return { ok: false, reason: r.reason }
  if (r.relayed === 'text') return decodeFrame(r.text)
  return { ok: true, frame: { type: 'lines', lines: unpackLines(r.packed, intern) } }
}
