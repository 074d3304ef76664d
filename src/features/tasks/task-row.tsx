import type { CancelResult, Task } from '@server/protocol'
import type { RowComponentProps } from 'react-window'
import { cn } from '@/lib/cn'
import { cancelView } from './cancel-state'
import { formatDuration, formatTime } from './format'
import { TaskStatusBadge } from './task-status-badge'
import { canCancel } from './task-status'
import { taskKey } from './use-cancel-task'

export const TASK_ROW_HEIGHT = 36
export const TASK_GRID = 'grid grid-cols-[7rem_minmax(8rem,1.2fr)_minmax(7rem,1fr)_5.5rem_5.5rem_minmax(8rem,1.4fr)_8.5rem] items-center gap-2 px-3'

export type TaskRowProps = {
  tasks: Task[]
  now: number
  cancelling: ReadonlySet<string>
  outcomes: ReadonlyMap<string, CancelResult>
  onCancel: (task: Task) => void
}

/** One task: status, name, id, created, duration, failure reason and the cancel control with its state. */
export function TaskRow({ index, style, ariaAttributes, tasks, now, cancelling, outcomes, onCancel }: RowComponentProps<TaskRowProps>) {
  const task = tasks[index]
  if (!task) return null
  const key = taskKey(task)
  const view = cancelView(task, { pending: cancelling.has(key), outcome: outcomes.get(key) })
  return (
    <div {...ariaAttributes} role="row" aria-label={`${task.name} ${task.id}`} style={style}
      className={cn(TASK_GRID, 'border-b border-zinc-800 text-sm hover:bg-zinc-800/50')}>
      <div role="cell"><TaskStatusBadge status={task.status} /></div>
      <div role="cell" className="truncate font-medium" title={task.name}>{task.name}</div>
      <div role="cell" className="truncate font-mono text-xs text-zinc-400" title={`${task.id} (${task.source})`}>{task.id}</div>
      <div role="cell" className="text-xs text-zinc-400" title={task.createdAt}>{formatTime(task.createdAt, now)}</div>
      <div role="cell" className="font-mono text-xs tabular-nums">{formatDuration(task.startedAt, task.endedAt, now)}</div>
      <div role="cell" className="truncate text-xs text-red-300" title={task.failureReason}>
        {view.kind === 'failed' ? <span role="alert">Cancel failed: {view.error}</span> : view.kind === 'not-found' ? 'Task not found upstream' : task.failureReason}
      </div>
      <div role="cell" className="text-right">
        {view.kind === 'cancelling' ? (
          <span role="status" className="text-xs text-amber-300">Cancelling…</span>
        ) : canCancel(task) ? (
          <button type="button" aria-label={`Cancel ${task.name} ${task.id}`} onClick={() => onCancel(task)}
            className="rounded border border-red-700 px-2 py-0.5 text-xs text-red-200 hover:bg-red-900/60 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500">
            {view.kind === 'failed' ? 'Retry cancel' : 'Cancel'}
          </button>
        ) : null}
      </div>
    </div>
  )
}
