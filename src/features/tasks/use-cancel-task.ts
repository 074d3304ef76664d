import { useMutation, useMutationState, useQueryClient } from '@tanstack/react-query'
import type { CancelResult, TaskRef } from '@server/protocol'
import { cancelTasks } from './task-api'
import { taskQueries } from './task-queries'

const cancelKey = [...taskQueries.all(), 'cancel'] as const
export const taskKey = (t: TaskRef) => `${t.source}/${t.id}`

type CancelVariables = { tasks: TaskRef[]; force?: boolean; reason?: string }

/** Cancels tasks; while the request runs, their rows read "Cancelling…" (from the mutation, not the polled cache). */
export function useCancelTasks() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationKey: cancelKey,
    mutationFn: ({ tasks, force, reason }: CancelVariables) => cancelTasks(tasks, { force, reason }),
    // Returned, so the rows stay pending until the refetch lands; skipped while other cancels still run.
    onSettled: () =>
      queryClient.isMutating({ mutationKey: cancelKey }) === 1
        ? queryClient.invalidateQueries({ queryKey: taskQueries.lists() })
        : undefined,
  })
}

/** Keys of tasks with a cancel request in flight. */
export const useCancellingTaskKeys = () =>
  useMutationState({
    filters: { mutationKey: cancelKey, status: 'pending' },
    select: (m) => ((m.state.variables as CancelVariables | undefined)?.tasks ?? []).map(taskKey),
  }).flat()

/** The latest answered outcome per task, newest mutation last so it wins. */
export function useCancelOutcomes(): Map<string, CancelResult> {
  const settled = useMutationState({
    filters: { mutationKey: cancelKey, status: 'success' },
    select: (m) => (m.state.data as CancelResult[] | undefined) ?? [],
  })
  const errors = useMutationState({
    filters: { mutationKey: cancelKey, status: 'error' },
    select: (m) => ({ tasks: (m.state.variables as CancelVariables).tasks, error: m.state.error }),
  })
  const outcomes = new Map<string, CancelResult>()
  for (const { tasks, error } of errors) {
    for (const t of tasks) outcomes.set(taskKey(t), { ...t, outcome: 'failed', error: error instanceof Error ? error.message : String(error) })
  }
  for (const results of settled) for (const r of results) outcomes.set(taskKey(r), r)
  return outcomes
}
