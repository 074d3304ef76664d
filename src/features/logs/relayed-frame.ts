import { parseLinesFrame, readJson } from './fast-lines'
import { packLines, type PackedLines } from './packed-lines'

/**
 * What the socket worker posts for one message of the log stream. Parsing 100,000 lines/s of JSON was the largest piece
 * of script on the page's main thread during a flood; in the worker it runs beside the page's rendering.
 * - `lines`: a `lines` frame, parsed and checked, its lines packed (packed-lines.ts);
 * - `text`: any other frame, as it came: those are rare, and the page checks them with the protocol's schema, which
 *   keeps zod (and ~100 KB) out of the worker;
 * - `bad`: the reason the message is dropped, the one the page would give.
 *
 * The worker imports this file only; the page opens what it posts with `openRelayedFrame` (decode-frame.ts).
 */
export type RelayedFrame = { relayed: 'lines'; packed: PackedLines } | { relayed: 'text'; text: string } | { relayed: 'bad'; reason: string }

/** In the worker: one socket message to what the page gets, with the buffers to transfer. */
export function relayFrame(data: unknown): { frame: RelayedFrame; transfer: ArrayBuffer[] } {
  const bad = (reason: string) => ({ frame: { relayed: 'bad', reason } as const, transfer: [] })
  const read = readJson(data)
  if (!read.ok) return bad(read.reason)
  const checked = parseLinesFrame(read.json)
  if (checked === null) return { frame: { relayed: 'text', text: data as string }, transfer: [] }
  if (!checked.success) return bad(`not a server frame (${checked.error})`)
  const { packed, transfer } = packLines(checked.data.lines)
  return { frame: { relayed: 'lines', packed }, transfer }
}

export const isRelayedFrame = (data: unknown): data is RelayedFrame =>
  typeof data === 'object' && data !== null && typeof (data as { relayed?: unknown }).relayed === 'string'
