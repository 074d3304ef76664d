import { isCancellableStatus, isTerminalStatus } from '@server/protocol'

export type StatusKind = 'pending' | 'running' | 'retry' | 'complete' | 'cancelled' | 'failed' | 'timeout' | 'expired' | 'unknown'

/** Every kind, in the order the status chips show them (and the status column sorts them): live work first. */
export const STATUS_KINDS: readonly StatusKind[] = ['running', 'retry', 'pending', 'failed', 'timeout', 'expired', 'cancelled', 'complete', 'unknown']

const KINDS: Record<string, StatusKind> = {
  PENDING: 'pending', RUNNING: 'running', RETRY: 'retry', COMPLETE: 'complete', CANCELLED: 'cancelled',
  // beta9 says ERROR where Beam's docs say FAILED: both are failures.
  ERROR: 'failed', FAILED: 'failed', TIMEOUT: 'timeout', EXPIRED: 'expired',
}

/** Maps an upstream status (any case) to how it is shown; strings no one knows are `unknown`, never an error. */
const kindOf = new Map<string, StatusKind>()
/** The kind of an upstream status, any case. Cached per status text: a poll asks it for each of 10,000 tasks. */
export function statusKind(status: string): StatusKind {
  let kind = kindOf.get(status)
  if (kind === undefined) {
    kind = KINDS[status.toUpperCase()] ?? 'unknown'
    if (kindOf.size < 1_000) kindOf.set(status, kind) // an upstream inventing statuses must not grow it forever
  }
  return kind
}

/** Kinds that count as a failure for the tab badge: the task ended without doing its work, and not by request. */
export const isFailureKind = (kind: StatusKind): boolean => kind === 'failed' || kind === 'timeout' || kind === 'expired'

/** In flight: not terminal. An unknown status counts as in flight, so polling stays fast rather than missing its end. */
export const isActive = (task: { status: string }) => !isTerminalStatus(task.status)
/** Cancel is offered only for PENDING, RUNNING and RETRY (any case). */
export const canCancel = (task: { status: string }) => isCancellableStatus(task.status)
export { isTerminalStatus }
