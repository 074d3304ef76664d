import { queryOptions } from '@tanstack/react-query'
import type { TaskRef } from '@server/protocol'
import { fetchTask, fetchTasks, type TaskFilters } from './task-api'
import { isActive } from './task-status'

/** Fast while anything in view is in flight (a cancel must be confirmed quickly), slow otherwise. */
export const FAST_POLL_MS = 1_000
export const SLOW_POLL_MS = 10_000

export const taskQueries = {
  all: () => ['tasks'] as const,
  lists: () => [...taskQueries.all(), 'list'] as const,
  list: (filters: TaskFilters = {}) =>
    queryOptions({
      queryKey: [...taskQueries.lists(), filters] as const,
      queryFn: ({ signal }) => fetchTasks(filters, { signal }),
      refetchInterval: (query) => (query.state.data?.tasks.some(isActive) ? FAST_POLL_MS : SLOW_POLL_MS),
      // During an incident the dashboard often sits in a background tab: keep it current.
      refetchIntervalInBackground: true,
    }),
  detail: (ref: TaskRef) =>
    queryOptions({
      queryKey: [...taskQueries.all(), 'detail', ref.source, ref.id] as const,
      queryFn: ({ signal }) => fetchTask(ref, { signal }),
    }),
}
