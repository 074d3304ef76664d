import { cancelResponseSchema, taskDetailSchema, type CancelResult, type TaskList, type TaskRef } from '@server/protocol'
import { ApiError, apiRequest } from '@/lib/api-client'
import { applyTaskAnswer, taskAnswerParser } from './task-list-delta'
import { taskListParser } from './task-list-parser'

/** Tasks the table asks for per source: it virtualizes this many and sorts and filters them client-side. */
export const TASK_LIST_LIMIT = 10_000

export type TaskFilters = { source?: string; status?: string[]; q?: string; limit?: number }

/**
 * Lists tasks (newest first). With `previous` (the list this tab holds) it asks only for what changed since it, and
 * applies the answer to it; a delta that does not fit is answered by asking for the whole list again.
 * @throws ApiError when the gateway fails or cannot be reached
 */
export async function fetchTasks(filters: TaskFilters, { signal, previous }: { signal?: AbortSignal; previous?: TaskList } = {}): Promise<TaskList> {
  const params = new URLSearchParams()
  if (filters.source) params.set('source', filters.source)
  if (filters.status?.length) params.set('status', filters.status.join(','))
  if (filters.q) params.set('q', filters.q)
  params.set('limit', String(filters.limit ?? 500))
  const whole = `/api/tasks?${params}`
  if (!previous?.version) return apiRequest(whole, taskListParser, { signal })
  let answer
  try {
    answer = await apiRequest(`${whole}&since=${encodeURIComponent(previous.version)}`, taskAnswerParser, { signal })
  } catch (err) {
    // A delta that does not match the schema must not fail every poll after it: the whole list is checked as usual.
    if (!(err instanceof ApiError && err.code === 'bad-response')) throw err
  }
  return (answer && applyTaskAnswer(previous, answer)) ?? apiRequest(whole, taskListParser, { signal })
}

/** One task with its detail (decoded config, outputs, stats). @throws ApiError (404 once the upstream forgot it) */
export function fetchTask(ref: TaskRef, { signal }: { signal?: AbortSignal } = {}) {
  return apiRequest(`/api/tasks/${encodeURIComponent(ref.source)}/${encodeURIComponent(ref.id)}`, taskDetailSchema, { signal })
}

/** Asks the gateway to cancel; it answers each task's verified outcome. @throws ApiError when the request itself fails */
export async function cancelTasks(tasks: TaskRef[], opts: { force?: boolean; reason?: string } = {}): Promise<CancelResult[]> {
  const body = await apiRequest('/api/tasks/cancel', cancelResponseSchema, { method: 'POST', body: { tasks, ...opts } })
  return body.results
}
