import type { ServerFrame } from '@server/protocol'
import { decodeFrame, type DecodeResult } from './decode-frame'
import { packLines, unpackLines, type PackedLines } from './packed-lines'

/**
 * What the socket worker posts for one message of the log stream: the frame, already parsed and checked there (lines
 * packed, see packed-lines.ts), or the reason it was dropped. Parsing 100,000 lines/s of JSON was the largest piece of
 * script on the page's main thread during a flood; in the worker it runs beside the page's rendering.
 */
export type RelayedFrame =
  | { relayed: 'frame'; frame: Exclude<ServerFrame, { type: 'lines' }> }
  | { relayed: 'lines'; packed: PackedLines }
  | { relayed: 'bad'; reason: string }

/** In the worker: one socket message to what the page gets, with the buffers to transfer. */
export function relayFrame(data: unknown): { frame: RelayedFrame; transfer: ArrayBuffer[] } {
  const decoded = decodeFrame(data)
  if (!decoded.ok) return { frame: { relayed: 'bad', reason: decoded.reason }, transfer: [] }
  if (decoded.frame.type !== 'lines') return { frame: { relayed: 'frame', frame: decoded.frame }, transfer: [] }
  const { packed, transfer } = packLines(decoded.frame.lines)
  return { frame: { relayed: 'lines', packed }, transfer }
}

export const isRelayedFrame = (data: unknown): data is RelayedFrame =>
  typeof data === 'object' && data !== null && typeof (data as { relayed?: unknown }).relayed === 'string'

/** On the page: the frame as `decodeFrame` would have given it, names interned through `intern`. */
export function openRelayedFrame(r: RelayedFrame, intern: (name: string) => string): DecodeResult {
  if (r.relayed === 'bad') return { ok: false, reason: r.reason }
  if (r.relayed === 'frame') return { ok: true, frame: r.frame }
  return { ok: true, frame: { type: 'lines', lines: unpackLines(r.packed, intern) } }
}
