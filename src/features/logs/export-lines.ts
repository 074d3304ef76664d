import { countOf } from '@/lib/count'
import type { LogLine } from '@server/protocol'
import { lineAsText } from './line-text'
import { logStore } from './log-store'
import { viewActions } from './view-state'

export type ExportScope = 'view' | 'buffer'
export type ExportFormat = 'text' | 'ndjson'

const CHUNK = 10_000

/**
 * Builds the filtered view or the whole buffer as plain text (`ts LEVEL [process] text`) or NDJSON (the lines as
 * received, one JSON object per line). Parts are joined per chunk so a 1,000,000-line export never builds one giant
 * string on the way to the Blob.
 */
export function exportBlob(scope: ExportScope, format: ExportFormat): { blob: Blob; lines: number } {
  const { view, bufferSize, bufferLine } = logStore.getState()
  const total = scope === 'view' ? view.length : bufferSize
  const parts: string[] = []
  let lines = 0
  let chunk: string[] = []
  const emit = (line: LogLine, plain: string) => {
    chunk.push(format === 'ndjson' ? JSON.stringify(line) : lineAsText(line, plain))
    lines++
    if (chunk.length === CHUNK) {
      parts.push(chunk.join('\n') + '\n')
      chunk = []
    }
  }
  for (let i = 0; i < total; i++) {
    if (scope === 'view') {
      const line = view.lineAt(i)
      if (line) emit(line, view.plainAt(i) ?? '')
    } else {
      const entry = bufferLine(i)
      if (entry) emit(entry.line, entry.plain)
    }
  }
  if (chunk.length > 0) parts.push(chunk.join('\n') + '\n')
  return { blob: new Blob(parts, { type: format === 'ndjson' ? 'application/x-ndjson' : 'text/plain' }), lines }
}

/** Saves an export through a temporary link (no server round trip: the lines are already here). */
export function downloadLines(scope: ExportScope, format: ExportFormat): void {
  const { blob, lines } = exportBlob(scope, format)
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = `tailboard-${scope === 'view' ? 'filtered' : 'all'}-${stamp}.${format === 'ndjson' ? 'ndjson' : 'log'}`
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
  viewActions.noticed(`Saved ${countOf(lines, 'line')}`)
}
