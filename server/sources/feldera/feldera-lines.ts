/**
 * Parses one line of Feldera's `/logs` stream. Pipeline lines are `[name] <RFC3339> <LEVEL> target: text`, possibly with
 * ANSI colours; control-plane lines look the same or, with FELDERA_LOG_JSON, are NDJSON. Three sentinels carry meaning.
 */
import type { Level } from '../../protocol.ts'
import { detectLevel, levelFromName } from '../../logs/detect-level.ts'

export type FelderaLine =
  | { kind: 'line'; ts: string | null; level: Level; text: string }
  /** First line ever of a pipeline's log: the buffer was (re)created. */
  | { kind: 'fresh'; ts: string | null; level: Level; text: string }
  /** The ring overflowed before this catch-up: `count` older lines are gone. */
  | { kind: 'discarded'; count: number; text: string }
  /** The terminal line: the pipeline was deleted or the runner restarted; its logs are cleared. */
  | { kind: 'ended' }

const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]/g
const TEXT_HEAD = /^\[[^\]]*\]\s+(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))\s+(TRACE|DEBUG|INFO|WARN|ERROR)\b/
const DISCARDED = /(\d+) prior log lines were discarded due to buffer constraints/
const FRESH = 'Fresh start of pipeline logs'

/** `null` when `text` is not a timestamp Date can read. */
export function isoOrNull(text: unknown): string | null {
  if (typeof text !== 'string') return null
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

function parseJson(line: string): { ts: string | null; level: Level; text: string } | null {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null
  const record = value as Record<string, unknown>
  const fields = (record.fields ?? {}) as Record<string, unknown>
  const message = typeof fields.line === 'string' ? fields.line : typeof fields.message === 'string' ? fields.message : line
  const target = typeof record.target === 'string' ? `${record.target}: ` : ''
  const level = typeof record.level === 'string' ? levelFromName(record.level) : undefined
  return { ts: isoOrNull(record.timestamp), level: level ?? detectLevel(message), text: message === line ? line : `${target}${message}` }
}

/** Classifies and parses one line (without its `\n`). ANSI escapes stay in `text`. */
export function parseFelderaLine(line: string): FelderaLine {
  if (line === 'Logs have ended') return { kind: 'ended' }
  const plain = line.includes('\x1b') ? line.replace(ANSI, '') : line
  const discarded = DISCARDED.exec(plain)
  if (discarded) return { kind: 'discarded', count: Number(discarded[1]), text: line }
  const kind = plain.includes(FRESH) ? 'fresh' : 'line'
  if (plain.startsWith('{')) {
    const json = parseJson(plain)
    if (json) return { kind, ...json }
  }
  const head = TEXT_HEAD.exec(plain)
  if (head) return { kind, ts: isoOrNull(head[1]), level: levelFromName(head[2]!) ?? 'unknown', text: line }
  return { kind, ts: null, level: detectLevel(line), text: line }
}
