import type { Task } from '@server/protocol'
import { useClock } from './clock'
import { cancelView, dependsOnClock, isCancelling, type CancelAttempt, type CancelView } from './cancel-state'
import { canCancel } from './task-status'

type CancelCellProps = {
  task: Task
  /** This tab's latest cancel request for the task, if any. */
  attempt: CancelAttempt | undefined
  onCancel: (task: Task) => void
  onForce: (task: Task) => void
}
type CancelControlProps = Omit<CancelCellProps, 'attempt'> & { view: CancelView }

const secs = (ms: number) => `${Math.floor(ms / 1000)}s`
const BUTTON = 'rounded border px-2 py-0.5 text-xs focus:outline-none focus-visible:ring-2'

/**
 * The row's cancel control and the cancel's state. Only a row with a cancel under way (this tab's, or one the gateway
 * reports from elsewhere) follows the clock, for its seconds and its Force offer; any other row's cell is fixed.
 */
export function CancelCell({ attempt, ...props }: CancelCellProps) {
  return dependsOnClock(props.task, attempt) ? <TickingCancel attempt={attempt} {...props} /> : <CancelControl view={cancelView(props.task, undefined, 0)} {...props} />
}

function TickingCancel({ attempt, ...props }: CancelCellProps) {
  return <CancelControl view={cancelView(props.task, attempt, useClock())} {...props} />
}

/** Cancelling…, still running + Force, or the outcome, and the Cancel button while the task can be cancelled. */
function CancelControl({ task, view, onCancel, onForce }: CancelControlProps) {
  const label = `${task.name} ${task.id}`
  if (isCancelling(view) && 'sinceMs' in view) {
    return (
      <span role="status" className="text-xs text-amber-300" title="Cancel requested; waiting for a poll to show the task has stopped">
        {view.kind === 'forcing' ? 'Forcing…' : 'Cancelling…'} <span className="tabular-nums text-amber-200/70">{secs(view.sinceMs)}</span>
      </span>
    )
  }
  if (view.kind === 'still-running') {
    return (
      <span className="flex items-center justify-end gap-2 text-xs text-orange-300">
        <span role="status">Still running {secs(view.sinceMs)} after cancel</span>
        <button type="button" aria-label={`Force stop ${label}`} onClick={(e) => (e.stopPropagation(), onForce(task))}
          className={`${BUTTON} border-orange-600 text-orange-100 hover:bg-orange-900/60 focus-visible:ring-orange-500`}>Force</button>
      </span>
    )
  }
  const outcome = OUTCOME_TEXT[view.kind]
  return (
    <span className="flex items-center justify-end gap-2 text-xs">
      {view.kind === 'failed' && <span role="alert" className="truncate text-red-300" title={view.error}>Cancel failed: {view.error}</span>}
      {outcome && <span role="status" className="text-zinc-400" data-cancel-outcome={view.kind}>{outcome(view)}</span>}
      {canCancel(task) && view.kind !== 'not-found' && (
        <button type="button" aria-label={`Cancel ${label}`} onClick={(e) => (e.stopPropagation(), onCancel(task))}
          className={`${BUTTON} border-red-700 text-red-200 hover:bg-red-900/60 focus-visible:ring-red-500`}>
          {view.kind === 'failed' ? 'Retry cancel' : 'Cancel'}
        </button>
      )}
    </span>
  )
}

const OUTCOME_TEXT: Partial<Record<CancelView['kind'], (view: CancelView) => string>> = {
  confirmed: () => 'Cancelled ✓',
  finished: (v) => `Already finished${'status' in v ? ` (${v.status})` : ''}`,
  'not-found': () => 'Not found upstream',
}
