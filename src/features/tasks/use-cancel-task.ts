import { useMutation, useMutationState, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { CancelResult } from '@server/protocol'
import { foldAttempts, type CancelMutationSnapshot, type CancelVariables } from './cancel-attempts'
import type { CancelAttempt } from './cancel-state'
import { cancelTasks } from './task-api'
import { taskQueries } from './task-queries'

const cancelKey = [...taskQueries.all(), 'cancel'] as const
// Outcomes stay on their rows for half an hour, not the default 5 minutes: an incident is reviewed later.
const OUTCOME_KEEP_MS = 30 * 60_000

/** Cancels tasks (one or many, optionally forced); each row follows its own attempt through `useCancelAttempts`. */
export function useCancelTasks() {
  const queryClient = useQueryClient()
  return useMutation<CancelResult[], Error, CancelVariables>({
    mutationKey: cancelKey,
    mutationFn: ({ tasks, force, reason }) => cancelTasks(tasks, { force, reason }),
    gcTime: OUTCOME_KEEP_MS,
    // Returned, so the rows stay pending until the refetch lands; skipped while other cancels still run.
    onSettled: () =>
      queryClient.isMutating({ mutationKey: cancelKey }) === 1
        ? queryClient.invalidateQueries({ queryKey: taskQueries.lists() })
        : undefined,
  })
}

/** This tab's latest cancel attempt per task key, from the mutation cache (stable while nothing changed). */
export function useCancelAttempts(): ReadonlyMap<string, CancelAttempt> {
  const snapshots = useMutationState<CancelMutationSnapshot>({
    filters: { mutationKey: cancelKey },
    select: (m) => ({
      status: m.state.status,
      submittedAt: m.state.submittedAt,
      variables: m.state.variables as CancelVariables | undefined,
      data: m.state.data as CancelResult[] | undefined,
      error: m.state.error,
    }),
  })
  return useMemo(() => foldAttempts(snapshots), [snapshots])
}
