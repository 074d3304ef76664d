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
 * Row heights for react-window: the fixed height (the cheap path) unless rows are wrapped or expanded. Wrapped rows
 * are sized from their length in the monospace font against the measured list width, so no row has to render first.
 */
export function rowHeightFor({ view, wrap, expanded, width }: RowHeightInput): number | ((index: number) => number) {
  if (!wrap && expanded.size === 0) return LOG_ROW_HEIGHT
  const perLine = Math.max(20, Math.floor((width - FIXED_COLUMNS_PX) / measureCharWidth()))
  return (index) => {
    const line = view.lineAt(index)
    if (!line) return LOG_ROW_HEIGHT
    const plain = view.plainAt(index) ?? ''
    if (expanded.has(line.seq)) return expandedLineCount(line, plain) * LOG_ROW_HEIGHT
    return wrap ? wrappedHeight(line, plain, perLine) : LOG_ROW_HEIGHT
  }
}

// react-window asks for every row's height each time the list re-renders: a line's wrapped height is computed once
// per list width, not once per frame.
const wrapped = new WeakMap<object, { perLine: number; height: number }>()
function wrappedHeight(line: object, plain: string, perLine: number): number {
  const known = wrapped.get(line)
  if (known?.perLine === perLine) return known.height
  let rows = 0
  for (const part of plain.replace(/\n$/, '').split('\n')) rows += Math.max(1, Math.ceil(part.length / perLine))
  const height = rows * LOG_ROW_HEIGHT
  wrapped.set(line, { perLine, height })
  return height
}
