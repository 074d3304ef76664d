import type { CancelResult } from '@server/protocol'
import { isTerminalStatus } from './task-status'

/** How long a task may stay in flight after a cancel request before the row says so and offers Force. */
export const FORCE_OFFER_AFTER_MS = 5_000

/** This tab's latest cancel request for one task (see `foldAttempts`). */
export type CancelAttempt = {
  /** When the first request of this cancel was sent (a Force keeps the original time), client clock in ms. */
  requestedAt: number
  /** The HTTP request: in flight, answered, or failed as a whole. */
  status: 'pending' | 'success' | 'error'
  force: boolean
  /** The gateway's verified outcome for this task, once answered. */
  result?: CancelResult
  /** Why the request as a whole failed (network, 5xx). */
  error?: string
}

/**
 * What a row shows about a cancel. The machine:
 * `requested` (sent) → `acknowledged` (the gateway accepted; the poll still shows it in flight)
 *   → `confirmed` (a poll shows CANCELLED) or `finished` (it ended otherwise, or had already ended);
 * `acknowledged` for FORCE_OFFER_AFTER_MS → `still-running` (offers Force) → `forcing` → back to `acknowledged`/…;
 * `failed` (request or upstream refused, with the message) and `not-found` end it.
 */
export type CancelView =
  | { kind: 'none' }
  | { kind: 'requested'; sinceMs: number }
  | { kind: 'acknowledged'; sinceMs: number }
  | { kind: 'still-running'; sinceMs: number; forced: boolean }
  | { kind: 'forcing'; sinceMs: number }
  | { kind: 'confirmed'; status: string }
  | { kind: 'finished'; status: string }
  | { kind: 'not-found' }
  | { kind: 'failed'; error: string }

type TaskLike = { status: string; cancelRequestedAt?: string }

/** True while the row should read "Cancelling…" (the request or the stop is under way, Force not needed yet). */
export const isCancelling = (view: CancelView): boolean =>
  view.kind === 'requested' || view.kind === 'acknowledged' || view.kind === 'forcing'

/**
 * Derives the cancel view from what is known now: the polled task (undefined once it left the list), this tab's
 * attempt and the clock. Pure, so each poll and each clock tick simply re-derive it. The gateway's answer alone never
 * ends "Cancelling…": an upstream can accept a cancel and keep running, so only a polled terminal status does.
 */
export function cancelView(task: TaskLike | undefined, attempt: CancelAttempt | undefined, now: number): CancelView {
  const terminal = task !== undefined && isTerminalStatus(task.status)
  if (!attempt) {
    // requested elsewhere (another tab, before a reload): the gateway keeps the request time on the task
    if (!task || terminal || !task.cancelRequestedAt) return { kind: 'none' }
    return inFlight(Math.max(0, now - Date.parse(task.cancelRequestedAt)), false)
  }
  const sinceMs = Math.max(0, now - attempt.requestedAt)
  if (attempt.status === 'pending') return attempt.force ? { kind: 'forcing', sinceMs } : { kind: 'requested', sinceMs }
  if (attempt.status === 'error') return { kind: 'failed', error: attempt.error ?? 'the cancel request failed' }
  const result = attempt.result
  if (!result) return { kind: 'failed', error: 'the gateway sent no outcome for this task' }
  switch (result.outcome) {
    case 'failed':
      return { kind: 'failed', error: result.error ?? 'the upstream refused the cancel' }
    case 'not-found':
      return { kind: 'not-found' }
    case 'already-finished':
      return { kind: 'finished', status: result.status ?? task?.status ?? 'finished' }
    case 'cancelled':
    case 'requested':
      if (task === undefined) return result.outcome === 'cancelled' ? { kind: 'confirmed', status: 'CANCELLED' } : inFlight(sinceMs, attempt.force)
      if (terminal) return task.status.toUpperCase() === 'CANCELLED' ? { kind: 'confirmed', status: task.status } : { kind: 'finished', status: task.status }
      return inFlight(sinceMs, attempt.force)
  }
}

/** Whether `cancelView` reads the clock for this task: only while a cancel is known (sent from this tab, or elsewhere). */
export const dependsOnClock = (task: TaskLike, attempt: CancelAttempt | undefined): boolean =>
  attempt !== undefined || (Boolean(task.cancelRequestedAt) && !isTerminalStatus(task.status))

function inFlight(sinceMs: number, forced: boolean): CancelView {
  return sinceMs >= FORCE_OFFER_AFTER_MS ? { kind: 'still-running', sinceMs, forced } : { kind: 'acknowledged', sinceMs }
}
