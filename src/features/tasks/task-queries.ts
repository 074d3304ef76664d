import { focusManager, queryOptions } from '@tanstack/react-query'
import type { TaskList, TaskRef } from '@server/protocol'
import { shareTasks } from './share-tasks'
import { fetchTask, fetchTasks, type TaskFilters } from './task-api'
import { isActive } from './task-status'

/** While anything fetched is in flight: a cancel must be confirmed quickly (the issue asks for ≤ 2 s). */
export const FAST_POLL_MS = 2_000
/** Nothing in flight: only new tasks can appear. */
export const SLOW_POLL_MS = 10_000
/** In a background tab polling goes on (for the failure badge in the title), at a lower rate. */
export const HIDDEN_FAST_POLL_MS = 5_000
export const HIDDEN_SLOW_POLL_MS = 30_000

/**
 * The list's polling interval. "In view" is every fetched task: filters only hide rows, and a hidden RUNNING task
 * still has to be seen ending (the failure badge counts it).
 */
export function pollInterval(tasks: readonly { status: string }[] | undefined, { hidden }: { hidden: boolean }): number {
  const inFlight = tasks?.some(isActive) ?? false
  if (hidden) return inFlight ? HIDDEN_FAST_POLL_MS : HIDDEN_SLOW_POLL_MS
  return inFlight ? FAST_POLL_MS : SLOW_POLL_MS
}

/** Query keys and options for tasks (TkDodo's factory). */
export const taskQueries = {
  all: () => ['tasks'] as const,
  lists: () => [...taskQueries.all(), 'list'] as const,
  list: (filters: TaskFilters = {}) =>
    queryOptions({
      queryKey: [...taskQueries.lists(), filters] as const,
      // The list held for this key: the poll then asks only for what changed since it.
      queryFn: ({ signal, client, queryKey }) => fetchTasks(filters, { signal, previous: client.getQueryData<TaskList>(queryKey) }),
      refetchInterval: (query) => pollInterval(query.state.data?.tasks, { hidden: !focusManager.isFocused() }),
      // During an incident the dashboard often sits in a background tab: keep it current.
      refetchIntervalInBackground: true,
      structuralSharing: shareTasks,
    }),
  detail: (ref: TaskRef) =>
    queryOptions({
      queryKey: [...taskQueries.all(), 'detail', ref.source, ref.id] as const,
      queryFn: ({ signal }) => fetchTask(ref, { signal }),
      refetchInterval: (query) => (query.state.data && isActive(query.state.data) ? FAST_POLL_MS : false),
      retry: false,
    }),
}

/** Module-level (stable) select: the table re-derives its rows only when the task array itself changed. */
export const selectTasks = (list: TaskList) => list.tasks
export const selectSourceErrors = (list: TaskList) => list.errors
