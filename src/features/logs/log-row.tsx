import { cn } from '@/lib/cn'
import { countOf } from '@/lib/count'
import type { MouseEvent } from 'react'
import type { RowComponentProps } from 'react-window'
import { AnsiText } from './ansi-text'
import { firstLine, formatTime, LEVEL_BADGE, processColor } from './log-format'
import type { LogView } from './log-model'
import { expandedText, isExpandable } from './line-text'
import { viewActions } from './view-state'

/** Height of one text line, and of a collapsed row. */
export const LOG_ROW_HEIGHT = 20

/** What LogList passes to every row through `rowProps`. */
export type LogRowData = {
  view: LogView
  timeZone: 'utc' | 'local'
  wrap: boolean
  /** Selected seqs `[from, to]`. */
  range: [number, number] | null
  expanded: ReadonlySet<number>
  highlight: RegExp | null
  /** Seq of the current find match. */
  current: number | null
  /** Seq of the line under the pointer. */
  hovered: number | null
  onTaskClick?: (taskId: string, source: string) => void
  onCopyLine: (index: number) => void
}

// Each row is laid out and painted on its own (`contain`): a new batch then costs one row's layout per row, not the list's.
// Under a flood every visible row changes every frame, so each element a row does without saves layout, style and
// paint per row per frame: the actions and tooltips exist only on the hovered and selected rows (measured at 50k
// lines/s: layout 5.2 → 2.4 ms and style 2.3 → 0.7 ms per frame).
const ROW = 'flex items-start gap-2 px-2 leading-5 [contain:layout_paint_style]'

function GapRow({ view, index, style, ariaAttributes }: RowComponentProps<LogRowData>) {
  const gap = view.gapAt(index)!
  const missing = gap.count
  return (
    <div {...ariaAttributes} style={style} data-gap className={cn(ROW, 'bg-amber-950/40 text-amber-300')} title={gap.reason}>
      <span className="truncate">
        ⚠ {missing === null ? 'An unknown number of lines' : countOf(missing, 'line')} missing ({gap.reason})
      </span>
    </div>
  )
}

/**
 * One row of the log list: a line (time, level, process, text) or a gap marker. Only visible rows render, so the
 * per-row work here (ANSI parsing, find highlighting) costs a few dozen calls per frame, not one per line.
 */
export function LogRow(props: RowComponentProps<LogRowData>) {
  const { index, style, ariaAttributes, view, timeZone, wrap, range, expanded, highlight, current, hovered, onTaskClick, onCopyLine } = props
  if (view.gapAt(index)) return <GapRow {...props} />
  const line = view.lineAt(index)
  // An old view can outlive a line that was evicted meanwhile; render an empty row rather than throw.
  if (!line) return <div {...ariaAttributes} style={style} className={ROW} />
  const plain = view.plainAt(index) ?? ''
  const open = expanded.has(line.seq)
  const canExpand = isExpandable(line, plain)
  const { first, more } = firstLine(line.text)
  const selected = range !== null && line.seq >= range[0] && line.seq <= range[1]
  const pointed = hovered === line.seq
  const onClick = (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest('button')) return
    viewActions.lineClicked(line.seq, { extend: e.shiftKey })
  }
  return (
    // Shift-click selects lines; without preventDefault it would also extend the browser's text selection.
    <div {...ariaAttributes} style={style} onClick={onClick} onMouseDown={(e) => e.shiftKey && e.preventDefault()} aria-selected={selected}
      onMouseEnter={() => viewActions.rowPointed(line.seq)} onMouseMove={() => viewActions.rowPointed(line.seq)} onMouseLeave={viewActions.rowLeft}
      data-level={line.level} data-process={line.process} data-source={line.source} data-seq={line.seq} data-task-id={line.taskId}
      className={cn(ROW, 'cursor-default', selected ? 'bg-sky-900/50' : pointed && 'bg-zinc-800/60', current === line.seq && 'outline outline-1 outline-yellow-400',
        line.marker === 'event' && 'italic text-sky-300', line.marker === 'gap' && 'bg-amber-950/40')}>
      <time dateTime={line.ts} title={pointed ? line.ts : undefined} className="w-[92px] shrink-0 tabular-nums text-zinc-500">{formatTime(line.ts, timeZone)}</time>
      <span className={cn('mt-0.5 w-14 shrink-0 rounded px-1 text-center text-[10px] font-semibold uppercase leading-4', LEVEL_BADGE[line.level])}>{line.level}</span>
      <span className="w-32 shrink-0 truncate" style={{ color: processColor(line.process) }} title={pointed ? `${line.process} (${line.source})` : undefined}>{line.process}</span>
      {canExpand && (
        <button type="button" aria-label={open ? 'Collapse line' : 'Expand line'} aria-expanded={open} onClick={() => viewActions.expandToggled(line.seq)}
          className="w-4 shrink-0 text-left text-zinc-400 hover:text-zinc-100">{open ? '▾' : '▸'}</button>
      )}
      <span title={pointed && !open ? plain : undefined} className={cn('min-w-0 flex-1 text-zinc-200', !canExpand && 'ml-6', open ? 'whitespace-pre' : wrap ? 'whitespace-pre-wrap break-all' : 'truncate whitespace-pre')}>
        {open ? <AnsiText text={expandedText(line, plain)} highlight={highlight} /> : <AnsiText text={wrap ? line.text.replace(/\n$/, '') : first} highlight={highlight} />}
        {!open && !wrap && more > 0 && <span className="text-zinc-500"> (+{countOf(more, 'line')})</span>}
      </span>
      {(pointed || selected) && (
        // Over the end of the text rather than beside it, so showing them never re-wraps or re-measures the row.
        <span className="absolute right-2 top-0 flex gap-1 bg-zinc-900/90 pl-1">
          {line.taskId && onTaskClick && (
            <button type="button" onClick={() => onTaskClick(line.taskId!, line.source)} className="rounded border border-zinc-700 px-1 text-[10px] text-sky-300 hover:border-sky-500"
              aria-label={`Show task ${line.taskId}`}>task {line.taskId}</button>
          )}
          <button type="button" onClick={() => onCopyLine(index)} aria-label="Copy line" className="rounded border border-zinc-700 px-1 text-[10px] text-zinc-300 hover:border-zinc-400">copy</button>
        </span>
      )}
    </div>
  )
}
