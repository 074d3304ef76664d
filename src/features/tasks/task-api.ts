import { cancelResponseSchema, taskDetailSchema, taskListSchema, type CancelResult, type TaskRef } from '@server/protocol'
import { apiRequest } from '@/lib/api-client'

export type TaskFilters = { source?: string; status?: string[]; q?: string; limit?: number }

export function fetchTasks(filters: TaskFilters, { signal }: { signal?: AbortSignal } = {}) {
  const params = new URLSearchParams()
  if (filters.source) params.set('source', filters.source)
  if (filters.status?.length) params.set('status', filters.status.join(','))
  if (filters.q) params.set('q', filters.q)
  params.set('limit', String(filters.limit ?? 500))
  return apiRequest(`/api/tasks?${params}`, taskListSchema, { signal })
}

export function fetchTask(ref: TaskRef, { signal }: { signal?: AbortSignal } = {}) {
  return apiRequest(`/api/tasks/${encodeURIComponent(ref.source)}/${encodeURIComponent(ref.id)}`, taskDetailSchema, { signal })
}

/** Asks the gateway to cancel; it answers each task's verified outcome. */
export async function cancelTasks(tasks: TaskRef[], opts: { force?: boolean; reason?: string } = {}): Promise<CancelResult[]> {
  const body = await apiRequest('/api/tasks/cancel', cancelResponseSchema, { method: 'POST', body: { tasks, ...opts } })
  return body.results
}
