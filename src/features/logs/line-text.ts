import type { LogLine } from '@server/protocol'

const pretty = new WeakMap<LogLine, string | null>()

/** The record pretty-printed when its text is one JSON object or array, else null (computed once per line). */
export function prettyJson(line: LogLine, plain: string): string | null {
  const t = plain.trim()
  // Most lines are not JSON, and the check is cheaper than the cache: under a flood every row on screen is a new line.
  if (!((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')))) return null
  let value = pretty.get(line)
  if (value !== undefined) return value
  value = null
  try {
    value = JSON.stringify(JSON.parse(t), null, 2)
  } catch {
    // looks like JSON but is not: shown as it is
  }
  pretty.set(line, value)
  return value
}

/** True when the row has more to show than its first line. */
export const isExpandable = (line: LogLine, plain: string) => plain.trimEnd().includes('\n') || prettyJson(line, plain) !== null

/** The text an expanded row shows: pretty JSON, or every line of a multi-line record. */
export const expandedText = (line: LogLine, plain: string) => prettyJson(line, plain) ?? line.text.replace(/\n$/, '')

/** Lines an expanded row takes. */
export function expandedLineCount(line: LogLine, plain: string): number {
  const text = prettyJson(line, plain) ?? plain.replace(/\n$/, '')
  let n = 1
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** One line as plain text for copying and downloads: `ts level [process] text`, ANSI removed. */
export const lineAsText = (line: LogLine, plain: string) => `${line.ts} ${line.level.toUpperCase()} [${line.process}] ${plain.replace(/\n$/, '')}`
