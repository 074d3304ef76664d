import type { CancelResult, Task } from '@server/protocol'
import { isTerminalStatus } from './task-status'

export type CancelView =
  | { kind: 'none' }
  | { kind: 'cancelling' }
  | { kind: 'failed'; error: string }
  | { kind: 'not-found' }

/**
 * What a row says about a cancel. "Cancelling…" lasts from the click until a poll shows a terminal status: the
 * gateway's answer alone never ends it, because an upstream can accept a cancel and keep running.
 */
export function cancelView(task: Task, { pending, outcome }: { pending: boolean; outcome?: CancelResult }): CancelView {
  if (isTerminalStatus(task.status)) return { kind: 'none' }
  if (pending) return { kind: 'cancelling' }
  if (outcome?.outcome === 'failed') return { kind: 'failed', error: outcome.error ?? 'the cancel failed' }
  if (outcome?.outcome === 'not-found') return { kind: 'not-found' }
  if (outcome?.outcome === 'requested' || outcome?.outcome === 'cancelled' || task.cancelRequestedAt) return { kind: 'cancelling' }
  return { kind: 'none' }
}
