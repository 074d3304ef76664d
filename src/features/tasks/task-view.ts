import type { Task } from '@server/protocol'
import { STATUS_KINDS, statusKind, type StatusKind } from './task-status'

export const SORT_KEYS = ['status', 'name', 'id', 'source', 'created', 'started', 'duration', 'container', 'failure'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export type TaskSort = { key: SortKey; dir: 'asc' | 'desc' }
export const DEFAULT_SORT: TaskSort = { key: 'created', dir: 'desc' }

/** What the user narrowed the table to. An empty `statuses` means every status. */
export type TaskViewFilter = { statuses: readonly StatusKind[]; q: string }

/** The rows to show plus the counts per status kind the chips show (over the tasks matching the search). */
export type TaskView = { rows: Task[]; counts: Record<StatusKind, number>; matching: number }

const KIND_RANK = Object.fromEntries(STATUS_KINDS.map((k, i) => [k, i])) as Record<StatusKind, number>

/** True when `q` (already lower-cased and trimmed) is part of the task's id or name. */
export const matchesSearch = (task: Task, q: string): boolean =>
  q === '' || task.id.toLowerCase().includes(q) || task.name.toLowerCase().includes(q)

// Durations of running tasks are measured at `asOf` (the poll time), so the order does not shuffle every second.
function durationMs(task: Task, asOf: number): number {
  if (!task.startedAt) return -1
  return (task.endedAt ? Date.parse(task.endedAt) : asOf) - Date.parse(task.startedAt)
}

type SortValue = string | number
function sortValue(task: Task, key: SortKey, asOf: number): SortValue {
  switch (key) {
    case 'status': return KIND_RANK[statusKind(task.status)]
    case 'name': return task.name.toLowerCase()
    case 'id': return task.id
    case 'source': return task.source
    // ISO 8601 UTC strings sort as text; tasks that have not started sort first ascending
    case 'created': return task.createdAt
    case 'started': return task.startedAt ?? ''
    case 'duration': return durationMs(task, asOf)
    case 'container': return task.containerId ?? ''
    case 'failure': return task.failureReason ?? ''
  }
}

const compare = (a: SortValue, b: SortValue): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Filters, counts and sorts the fetched tasks. Pure and linear apart from the sort, so the table memoises it on the
 * task array, the filter and the sort; 10,000 tasks take a few milliseconds. Ties keep the newest first.
 */
export function selectTaskView(tasks: readonly Task[], filter: TaskViewFilter, sort: TaskSort, asOf: number): TaskView {
  const q = filter.q.trim().toLowerCase()
  const wanted = filter.statuses.length > 0 ? new Set(filter.statuses) : null
  const counts = Object.fromEntries(STATUS_KINDS.map((k) => [k, 0])) as Record<StatusKind, number>
  const keyed: { task: Task; value: SortValue }[] = []
  let matching = 0
  for (const task of tasks) {
    if (!matchesSearch(task, q)) continue
    matching++
    const kind = statusKind(task.status)
    counts[kind]++
    if (wanted && !wanted.has(kind)) continue
    keyed.push({ task, value: sortValue(task, sort.key, asOf) })
  }
  const sign = sort.dir === 'asc' ? 1 : -1
  keyed.sort((a, b) => sign * compare(a.value, b.value) || compare(b.task.createdAt, a.task.createdAt) || compare(b.task.id, a.task.id))
  return { rows: keyed.map((k) => k.task), counts, matching }
}
