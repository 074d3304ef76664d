import type { TaskRef } from '@server/protocol'
import { STATUS_KINDS, type StatusKind } from './task-status'
import { DEFAULT_SORT, SORT_KEYS, type SortKey, type TaskSort } from './task-view'

/** The table's state that lives in the URL. Params are prefixed with `t` so they never clash with the log viewer's. */
export type TaskUrlState = { sort: TaskSort; statuses: StatusKind[]; q: string; task: TaskRef | null }

export const TASK_PARAMS = { sort: 'tsort', statuses: 'tstatus', q: 'tq', task: 'task' } as const

/** Reads the table's state from `params`; anything unknown or malformed falls back to the default. */
export function readTaskUrlState(params: URLSearchParams): TaskUrlState {
  const rawSort = params.get(TASK_PARAMS.sort) ?? ''
  const desc = rawSort.startsWith('-')
  const key = (desc ? rawSort.slice(1) : rawSort) as SortKey
  const sort: TaskSort = SORT_KEYS.includes(key) ? { key, dir: desc ? 'desc' : 'asc' } : DEFAULT_SORT
  const statuses = (params.get(TASK_PARAMS.statuses) ?? '')
    .split(',')
    .filter((s): s is StatusKind => (STATUS_KINDS as readonly string[]).includes(s))
  const rawTask = params.get(TASK_PARAMS.task) ?? ''
  // source ids cannot contain "/", task ids may: split at the first one
  const slash = rawTask.indexOf('/')
  const task = slash > 0 && slash < rawTask.length - 1 ? { source: rawTask.slice(0, slash), id: rawTask.slice(slash + 1) } : null
  return { sort, statuses: [...new Set(statuses)], q: params.get(TASK_PARAMS.q) ?? '', task }
}

/** Writes the table's state into a copy of `params`, leaving every other parameter as it was; defaults are omitted. */
export function writeTaskUrlState(state: TaskUrlState, params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params)
  const set = (name: string, value: string) => (value ? next.set(name, value) : next.delete(name))
  const isDefault = state.sort.key === DEFAULT_SORT.key && state.sort.dir === DEFAULT_SORT.dir
  set(TASK_PARAMS.sort, isDefault ? '' : `${state.sort.dir === 'desc' ? '-' : ''}${state.sort.key}`)
  set(TASK_PARAMS.statuses, state.statuses.join(','))
  set(TASK_PARAMS.q, state.q)
  set(TASK_PARAMS.task, state.task ? `${state.task.source}/${state.task.id}` : '')
  return next
}
