import type { Task } from '@server/protocol'
import { memo, type CSSProperties } from 'react'
import type { RowComponentProps } from 'react-window'
import { cn } from '@/lib/cn'
import { taskKey } from './cancel-attempts'
import { CancelCell } from './cancel-cell'
import type { CancelAttempt } from './cancel-state'
import { CopyButton } from './copy-button'
import { formatTime } from './format'
import { TaskDuration } from './task-duration'
import { TaskStatusBadge } from './task-status-badge'

export const TASK_ROW_HEIGHT = 36
/** Shared by the header and the rows: select, status, name, id, source, created, started, duration, container, failure, cancel. */
export const TASK_GRID =
  'grid grid-cols-[1.5rem_6.5rem_minmax(7rem,1.1fr)_7.5rem_5rem_5.5rem_5.5rem_4.5rem_5.5rem_minmax(7rem,1.4fr)_13rem] items-center gap-2 px-3'

/** Stable callbacks, one object for every row, so rows only re-render when their data does. */
export type TaskRowActions = {
  select(index: number, opts: { shift: boolean }): void
  open(task: Task): void
  cancel(task: Task): void
  force(task: Task): void
}

/** What TaskTable passes to every row through `rowProps`. */
export type TaskRowProps = {
  rows: readonly Task[]
  /** Local midnight of today: times of today show without their date. Changes once a day, not every second. */
  today: number
  attempts: ReadonlyMap<string, CancelAttempt>
  selected: ReadonlySet<string>
  /** The row to highlight (focused from a log line, or open in the drawer). */
  highlighted: string | null
  actions: TaskRowActions
}

const CELL = 'truncate text-xs text-zinc-400'

/** Rows keyed by task, not index: when a poll re-sorts, each DOM row follows its task (clicks never hit a neighbour). */
export const taskRowKey = (index: number, { rows }: TaskRowProps): string => {
  const task = rows[index]
  return task ? taskKey(task) : `#${index}`
}

const sameStyle = (a: CSSProperties, b: CSSProperties) => {
  const keys = Object.keys(a) as Array<keyof CSSProperties>
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k])
}

/**
 * A poll hands the list a new `rows` array, which react-window passes to every visible row: a row re-renders only
 * when its own task object (shared between polls while unchanged), the day, its cancel state or selection changed. The
 * clock's ticks re-render only the cells that show time passing (`TaskDuration`, `CancelCell`), not the rows.
 */
const MemoRow = memo(TaskRowContent, (a: RowComponentProps<TaskRowProps>, b: RowComponentProps<TaskRowProps>) =>
  a.index === b.index && a.rows[a.index] === b.rows[b.index] && a.today === b.today && a.attempts === b.attempts && a.selected === b.selected &&
  a.highlighted === b.highlighted && a.actions === b.actions && a.ariaAttributes['aria-setsize'] === b.ariaAttributes['aria-setsize'] &&
  sameStyle(a.style, b.style))
// react-window wants a plain function component.
export const TaskRow = (props: RowComponentProps<TaskRowProps>) => <MemoRow {...props} />

/** One task: every column, a checkbox for bulk actions and the cancel control; a click opens its detail. */
function TaskRowContent({ index, style, ariaAttributes, rows, today, attempts, selected, highlighted, actions }: RowComponentProps<TaskRowProps>) {
  const task = rows[index]
  if (!task) return <div {...ariaAttributes} style={style} />
  const key = taskKey(task)
  const isSelected = selected.has(key)
  return (
    <div {...ariaAttributes} role="row" aria-label={`${task.name} ${task.id}`} aria-selected={isSelected} style={style}
      data-task-id={task.id} data-task-source={task.source} data-highlighted={highlighted === key || undefined}
      onClick={() => actions.open(task)}
      className={cn(TASK_GRID, 'cursor-pointer border-b border-zinc-800 text-sm hover:bg-zinc-800/50',
        isSelected && 'bg-sky-950/40', highlighted === key && 'bg-amber-900/30 ring-1 ring-inset ring-amber-500/70')}>
      <div role="cell">
        <input type="checkbox" aria-label={`Select ${task.name} ${task.id}`} checked={isSelected} readOnly
          onClick={(e) => (e.stopPropagation(), actions.select(index, { shift: e.shiftKey }))} className="accent-sky-500" />
      </div>
      <div role="cell"><TaskStatusBadge status={task.status} /></div>
      <div role="cell" className="truncate font-medium" title={task.name}>{task.name}</div>
      <div role="cell" className="flex min-w-0 items-center gap-1 font-mono text-xs text-zinc-400">
        <span className="truncate" title={task.id}>{task.id}</span>
        <CopyButton text={task.id} label={`Copy id ${task.id}`} />
      </div>
      <div role="cell" className={CELL} title={task.source}>{task.source}</div>
      <div role="cell" className={CELL} title={task.createdAt}>{formatTime(task.createdAt, today)}</div>
      <div role="cell" className={CELL} title={task.startedAt ?? undefined}>{formatTime(task.startedAt, today)}</div>
      <div role="cell" className="font-mono text-xs tabular-nums"><TaskDuration task={task} /></div>
      <div role="cell" className={cn(CELL, 'font-mono')} title={task.containerId}>{task.containerId ?? '—'}</div>
      <div role="cell" className="truncate text-xs text-red-300" title={task.failureReason}>{task.failureReason}</div>
      <div role="cell" className="min-w-0 text-right">
        <CancelCell task={task} attempt={attempts.get(key)} onCancel={actions.cancel} onForce={actions.force} />
      </div>
    </div>
  )
}
