import { cn } from '@/lib/cn'
import type { RowComponentProps } from 'react-window'
import { AnsiText } from './ansi-text'
import { firstLine, formatTime, LEVEL_BADGE, processColor } from './log-format'
import type { LogView } from './log-model'

/** Fixed row height: the cheap path for react-window (no measuring). */
export const LOG_ROW_HEIGHT = 20

/** What LogList passes to every row through `rowProps`. */
export type LogRowData = { view: LogView }

const ROW = 'flex items-center gap-2 whitespace-pre px-2 leading-5'

/**
 * One row of the log list: a line (time, level, process, first line of text) or a gap marker. Only visible rows
 * render, so per-row formatting here costs a few dozen calls per frame, not one per line.
 */
export function LogRow({ index, style, ariaAttributes, view }: RowComponentProps<LogRowData>) {
  const gap = view.gapAt(index)
  if (gap) {
    const missing = gap.count
    return (
      <div {...ariaAttributes} style={style} className={cn(ROW, 'bg-amber-950/40 text-amber-300')} title={gap.reason}>
        <span className="truncate">
          ⚠ {missing === null ? 'An unknown number of lines' : `${missing.toLocaleString('en-US')} ${missing === 1 ? 'line' : 'lines'}`} missing ({gap.reason})
        </span>
      </div>
    )
  }
  const line = view.lineAt(index)
  // An old view can outlive a line that was evicted meanwhile; render an empty row rather than throw.
  if (!line) return <div {...ariaAttributes} style={style} className={ROW} />
  const { first, more } = firstLine(line.text)
  return (
    <div {...ariaAttributes} style={style} className={cn(ROW, 'hover:bg-zinc-800/60')} title={view.plainAt(index)}
      data-level={line.level} data-process={line.process} data-seq={line.seq}>
      <time dateTime={line.ts} className="w-[92px] shrink-0 tabular-nums text-zinc-500">
        {formatTime(line.ts)}
      </time>
      <span className={cn('w-14 shrink-0 rounded px-1 text-center text-[10px] font-semibold uppercase leading-4', LEVEL_BADGE[line.level])}>
        {line.level}
      </span>
      <span className="w-32 shrink-0 truncate" style={{ color: processColor(line.process) }}>
        {line.process}
      </span>
      <span className="min-w-0 flex-1 truncate text-zinc-200">
        <AnsiText text={first} />
        {more > 0 && <span className="text-zinc-500"> (+{more} {more === 1 ? 'line' : 'lines'})</span>}
      </span>
    </div>
  )
}
