import { LOG_ROW_HEIGHT } from './log-row'
import type { LogView } from './log-model'
import { expandedLineCount } from './line-text'

// Time, level, process and expand columns with their gaps and padding (the row actions float over the text).
const FIXED_COLUMNS_PX = 92 + 56 + 128 + 16 + 4 * 8 + 16
let charWidth: number | null = null

/** Width of one character of the list's 12 px monospace font, measured once (7.2 px where there is no canvas). */
function measureCharWidth(): number {
  if (charWidth !== null) return charWidth
  charWidth = 7.2
  try {
    const ctx = document.createElement('canvas').getContext('2d')
    if (ctx) {
      ctx.font = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'
      charWidth = ctx.measureText('0'.repeat(100)).width / 100 || 7.2
    }
  } catch {
    // jsdom and locked-down browsers: keep the estimate
  }
  return charWidth
}

type RowHeightInput = { view: LogView; wrap: boolean; expanded: ReadonlySet<number>; width: number }

/**
 * Row heights for the log list (its tail's rows, and RowOffsets away from the tail): the fixed height (the cheap path)
 * unless rows are wrapped or expanded. Wrapped rows are sized from their length in the monospace font against the
 * measured list width, so no row has to render first.
 */
export function rowHeightFor({ view, wrap, expanded, width }: RowHeightInput): number | ((index: number) => number) {
  if (!wrap && expanded.size === 0) return LOG_ROW_HEIGHT
  const perLine = Math.max(20, Math.floor((width - FIXED_COLUMNS_PX) / measureCharWidth()))
  return (index) => {
    const plain = view.plainAt(index)
    if (plain === undefined) return LOG_ROW_HEIGHT // a gap marker, or a row evicted since this view
    // Only an expanded row needs the line (its seq, and its JSON): building line objects is what costs here.
    if (expanded.size > 0) {
      const line = view.lineAt(index)
      if (line && expanded.has(line.seq)) return expandedLineCount(line, plain) * LOG_ROW_HEIGHT
    }
    return wrap ? wrappedRows(plain, perLine) * LOG_ROW_HEIGHT : LOG_ROW_HEIGHT
  }
}

/**
 * Rows of `perLine` characters that `plain` wraps into (a trailing newline adds none). It counts by index, without
 * splitting: away from the tail every new line's height is read as it arrives (a flood's every line), and every held
 * line's when the wrap, the width or the expanded rows change.
 */
export function wrappedRows(plain: string, perLine: number): number {
  const end = plain.endsWith('\n') ? plain.length - 1 : plain.length
  let rows = 0
  for (let from = 0; ; ) {
    const newline = plain.indexOf('\n', from)
    const to = newline === -1 || newline > end ? end : newline
    rows += Math.max(1, Math.ceil((to - from) / perLine))
    if (to >= end) return rows
    from = to + 1
  }
}
