/**
 * Level detection for raw log lines. Runs once per line at up to 100k lines/s, so every regex is module-level and only
 * the head of a line is inspected.
 */
import type { Level } from '../protocol.ts'

/** Only the head of a line is inspected: levels sit near the start, and long lines must not cost more. */
export const DETECT_HEAD_CHARS = 200

const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g
/** `level=warn`, `lvl=error`, `"level":"warn"`, `"severity": "ERROR"`, `"level":30` (pino/bunyan numbers). */
const KEYED = /(?:^|[\s{,;"'])"?(?:level|lvl|severity|loglevel|log_level)"?\s*[=:]\s*"?([A-Za-z]+|\d{1,2})\b/i
/** glog/klog: `E1123 10:01:02.123456 ...`. */
const GLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/
/** Upper-case level words anywhere in the head: `INFO`, `[ERROR]`, `WARN:`, `<DEBUG>`. */
const UPPER_WORD =
  /(?:^|[^A-Za-z0-9_])(TRACE|DEBUG|DBG|INFO|INF|NOTICE|WARN|WARNING|WRN|ERROR|ERR|FATAL|PANIC|CRITICAL|CRIT|SEVERE|EMERG|ALERT)(?![A-Za-z0-9_])/
/** Lower/mixed-case words only when clearly a marker: `[warn]`, `<error>`, or `warn:` first on the line. */
const MARKED_WORD =
  /(?:[[<(](trace|debug|info|notice|warn|warning|error|err|fatal|panic|critical|crit)[\]>)]|^\s*(trace|debug|info|notice|warn|warning|error|fatal|panic|critical)\s*[:|])/i
/** Python tracebacks and `TypeError: msg` / `java.lang.IllegalStateException: msg` heads of stack traces. */
const TRACE_HEAD = /^(?:Traceback \(most recent call last\)|(?:[\w$]+\.)*[A-Z][\w$]*(?:Error|Exception)(?::|$))/

const NAMES: Record<string, Level> = {
  trace: 'trace', debug: 'debug', dbg: 'debug', info: 'info', inf: 'info', information: 'info', notice: 'info',
  warn: 'warn', warning: 'warn', wrn: 'warn', error: 'error', err: 'error', eror: 'error', severe: 'error',
  fatal: 'fatal', panic: 'fatal', critical: 'fatal', crit: 'fatal', emerg: 'fatal', emergency: 'fatal', alert: 'fatal',
}
const GLOG_LEVELS: Record<string, Level> = { I: 'info', W: 'warn', E: 'error', F: 'fatal' }

/** Maps a level name (any case) or a pino/bunyan number (10..60) to a Level; `undefined` when it is neither. */
export function levelFromName(name: string): Level | undefined {
  const n = Number(name)
  if (Number.isInteger(n) && name.length > 0) {
    if (n >= 60) return 'fatal'
    if (n >= 50) return 'error'
    if (n >= 40) return 'warn'
    if (n >= 30) return 'info'
    if (n >= 20) return 'debug'
    return n >= 10 ? 'trace' : undefined
  }
  return NAMES[name.toLowerCase()]
}

/**
 * Detects the level of one log line from its common shapes (keyed `level=`/JSON fields, glog prefixes, level words,
 * stack-trace heads). ANSI escapes are ignored. Returns `fallback` when nothing matches, so the caller decides what an
 * unmarked line means (e.g. `'unknown'` for plain stdout).
 */
export function detectLevel(text: string, fallback: Level = 'unknown'): Level {
  let head = text.length > DETECT_HEAD_CHARS ? text.slice(0, DETECT_HEAD_CHARS) : text
  if (head.includes('\x1b')) head = head.replace(ANSI, '')

  const keyed = KEYED.exec(head)
  if (keyed?.[1] !== undefined) {
    const level = levelFromName(keyed[1])
    if (level !== undefined) return level
  }
  const glog = GLOG.exec(head)
  if (glog?.[1] !== undefined) return GLOG_LEVELS[glog[1]] ?? fallback
  const upper = UPPER_WORD.exec(head)
  if (upper?.[1] !== undefined) return NAMES[upper[1].toLowerCase()] ?? fallback
  const marked = MARKED_WORD.exec(head)
  const word = marked?.[1] ?? marked?.[2]
  if (word !== undefined) return NAMES[word.toLowerCase()] ?? fallback
  if (TRACE_HEAD.test(head)) return 'error'
  return fallback
}
