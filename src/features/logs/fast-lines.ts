import { LEVELS } from '@server/levels'
import type { LogLine } from '@server/protocol'

const LEVEL_SET = new Set<string>(LEVELS)
const STREAMS = new Set(['stdout', 'stderr'])
const MARKERS = new Set(['gap', 'event'])

export type LinesResult = { success: true; data: { type: 'lines'; lines: LogLine[] } } | { success: false; error: string }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isSeq = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0

/**
 * Checks one line exactly as `logLineSchema` does, without zod's per-field machinery: at 100,000 lines/s the generic
 * parser costs more time than everything else a line needs. `fast-frame.test.ts` holds the two to the same verdicts.
 * Unknown keys are dropped, as zod's object parsing does. No zod here: the socket worker imports this file.
 */
function toLogLine(v: unknown): LogLine | null {
  if (!isObject(v)) return null
  const { seq, ts, level, source, process, taskId, stream, text, marker } = v
  if (!isSeq(seq) || typeof ts !== 'string' || typeof level !== 'string' || !LEVEL_SET.has(level)) return null
  if (typeof source !== 'string' || typeof process !== 'string' || typeof text !== 'string') return null
  if (taskId !== undefined && typeof taskId !== 'string') return null
  if (stream !== undefined && !(typeof stream === 'string' && STREAMS.has(stream))) return null
  if (marker !== undefined && !(typeof marker === 'string' && MARKERS.has(marker))) return null
  const line: LogLine = { seq: seq as number, ts, level: level as LogLine['level'], source, process, text }
  if (taskId !== undefined) line.taskId = taskId
  if (stream !== undefined) line.stream = stream as LogLine['stream']
  if (marker !== undefined) line.marker = marker as LogLine['marker']
  return line
}

/**
 * A socket message's JSON, or why it has none: the page's decoder and the socket worker's both start here, so a bad
 * message is dropped with the same reason whichever of them reads it.
 */
export function readJson(data: unknown): { ok: true; json: unknown } | { ok: false; reason: string } {
  if (typeof data !== 'string') return { ok: false, reason: 'not text' }
  try {
    return { ok: true, json: JSON.parse(data) }
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
}

/** Checks a parsed `lines` frame; null when `json` is some other frame (those are rare: hello, heartbeat, gap, source). */
export function parseLinesFrame(json: unknown): LinesResult | null {
  if (!(isObject(json) && json.type === 'lines' && Array.isArray(json.lines))) return null
  const lines = new Array<LogLine>(json.lines.length)
  for (let i = 0; i < json.lines.length; i++) {
    const line = toLogLine(json.lines[i])
    if (!line) return { success: false, error: `line ${i} does not match the protocol` }
    lines[i] = line
  }
  return { success: true, data: { type: 'lines', lines } }
}
