import { isCancellableStatus, isTerminalStatus } from '@server/protocol'

export type StatusKind = 'pending' | 'running' | 'retry' | 'complete' | 'cancelled' | 'failed' | 'timeout' | 'expired' | 'unknown'

const KINDS: Record<string, StatusKind> = {
  PENDING: 'pending', RUNNING: 'running', RETRY: 'retry', COMPLETE: 'complete', CANCELLED: 'cancelled',
  // beta9 says ERROR where Beam's docs say FAILED: both are failures.
  ERROR: 'failed', FAILED: 'failed', TIMEOUT: 'timeout', EXPIRED: 'expired',
}

/** Maps an upstream status (any case) to how it is shown; strings no one knows are `unknown`, never an error. */
export const statusKind = (status: string): StatusKind => KINDS[status.toUpperCase()] ?? 'unknown'

export const isActive = (task: { status: string }) => !isTerminalStatus(task.status)
export const canCancel = (task: { status: string }) => isCancellableStatus(task.status)
export { isTerminalStatus }
