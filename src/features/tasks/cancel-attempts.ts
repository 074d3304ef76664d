import type { CancelResult, TaskRef } from '@server/protocol'
import type { CancelAttempt } from './cancel-state'

/** A task's key in maps and sets: ids are only unique within their source. */
export const taskKey = (t: TaskRef): string => `${t.source}/${t.id}`

/** What the cancel mutation is called with. */
export type CancelVariables = { tasks: TaskRef[]; force?: boolean; reason?: string }

/** The parts of one cancel mutation's state that matter here (see `useCancelAttempts`). */
export type CancelMutationSnapshot = {
  status: 'idle' | 'pending' | 'success' | 'error'
  submittedAt: number
  variables: CancelVariables | undefined
  data: CancelResult[] | undefined
  error: Error | null
}

/**
 * Folds every cancel mutation of this tab into the latest attempt per task, oldest first so the newest wins. A Force
 * keeps the time of the cancel it escalates, so "still running N s after cancel" keeps counting from the first click.
 */
export function foldAttempts(mutations: readonly CancelMutationSnapshot[]): Map<string, CancelAttempt> {
  const attempts = new Map<string, CancelAttempt>()
  const ordered = [...mutations].sort((a, b) => a.submittedAt - b.submittedAt)
  for (const m of ordered) {
    if (!m.variables || m.status === 'idle') continue
    const force = m.variables.force ?? false
    const results = new Map((m.data ?? []).map((r) => [taskKey(r), r]))
    for (const ref of m.variables.tasks) {
      const key = taskKey(ref)
      const previous = attempts.get(key)
      const attempt: CancelAttempt = {
        requestedAt: force && previous ? previous.requestedAt : m.submittedAt,
        status: m.status,
        force,
      }
      const result = results.get(key)
      if (result) attempt.result = result
      if (m.error) attempt.error = m.error.message
      attempts.set(key, attempt)
    }
  }
  return attempts
}
