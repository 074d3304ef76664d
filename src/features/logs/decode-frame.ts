import type { ServerFrame } from '@server/protocol'
import { parseServerFrame } from './fast-frame'

export type DecodeResult = { ok: true; frame: ServerFrame } | { ok: false; reason: string }

/**
 * One WebSocket message of the log stream to a checked frame, or the reason it is dropped. The page runs it on its own
 * socket's messages and the socket worker on the worker's; both report a bad frame with the same reason.
 */
export function decodeFrame(data: unknown): DecodeResult {
  if (typeof data !== 'string') return { ok: false, reason: 'not text' }
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  const parsed = parseServerFrame(json)
  return parsed.success ? { ok: true, frame: parsed.data } : { ok: false, reason: `not a server frame (${parsed.error})` }
}
