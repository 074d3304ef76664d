import type { Task } from '@server/protocol'
import { useClock } from './clock'
import { formatDuration } from './format'
import { isActive } from './task-status'

/** A task that is running now: its duration grows with the clock. */
export const runsNow = (task: Task): boolean => task.startedAt !== null && !task.endedAt && isActive(task)

/**
 * Run time so far or in total. A task that ended without an end time (the upstream did not say) shows `—`: its
 * duration is not known, and counting on from its start would grow forever.
 */
export const durationText = (task: Task, now: number): string =>
  runsNow(task) || task.endedAt ? formatDuration(task.startedAt, task.endedAt, now) : '—'

/** The duration cell: only a running task subscribes to the clock; any other is fixed text. */
export function TaskDuration({ task }: { task: Task }) {
  return runsNow(task) ? <RunningFor task={task} /> : <>{durationText(task, 0)}</>
}

function RunningFor({ task }: { task: Task }) {
  return <>{durationText(task, useClock())}</>
}
