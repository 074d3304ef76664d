import { describe, expect, it } from 'vitest'
import { foldAttempts, type CancelMutationSnapshot } from './cancel-attempts'
import { cancelView, dependsOnClock, FORCE_OFFER_AFTER_MS, isCancelling, type CancelAttempt } from './cancel-state'

const ref = { source: 'demo', id: 't-1' }
const running = { status: 'RUNNING' }
const sentAt = 1_000_000
const answered = (outcome: 'cancelled' | 'requested' | 'already-finished' | 'not-found' | 'failed', extra: Partial<CancelAttempt> = {}): CancelAttempt => ({
  requestedAt: sentAt, status: 'success', force: false, result: { ...ref, outcome, ...(outcome === 'failed' && { error: 'upstream said 503' }) }, ...extra,
})

describe('cancelView: the cancel state machine', () => {
  it('goes requested → acknowledged → confirmed once a poll shows CANCELLED', () => {
    const pending: CancelAttempt = { requestedAt: sentAt, status: 'pending', force: false }
    expect(cancelView(running, pending, sentAt + 100)).toEqual({ kind: 'requested', sinceMs: 100 })
    expect(cancelView(running, answered('requested'), sentAt + 900)).toEqual({ kind: 'acknowledged', sinceMs: 900 })
    expect(cancelView({ status: 'CANCELLED' }, answered('requested'), sentAt + 1_500)).toEqual({ kind: 'confirmed', status: 'CANCELLED' })
  })

  it('keeps "Cancelling…" after a `cancelled` answer until a poll shows the terminal status', () => {
    const view = cancelView(running, answered('cancelled'), sentAt + 200)
    expect(view.kind).toBe('acknowledged')
    expect(isCancelling(view)).toBe(true)
  })

  it('offers Force when the task is still running after the grace period', () => {
    const view = cancelView(running, answered('requested'), sentAt + FORCE_OFFER_AFTER_MS + 2_000)
    expect(view).toEqual({ kind: 'still-running', sinceMs: FORCE_OFFER_AFTER_MS + 2_000, forced: false })
    expect(isCancelling(view)).toBe(false)
  })

  it('shows forcing while the Force request runs, then confirms the kill from the poll', () => {
    const forcing: CancelAttempt = { requestedAt: sentAt, status: 'pending', force: true }
    expect(cancelView(running, forcing, sentAt + 7_000).kind).toBe('forcing')
    expect(cancelView({ status: 'CANCELLED' }, answered('cancelled', { force: true }), sentAt + 7_500).kind).toBe('confirmed')
  })

  it('shows the error when the request fails or the upstream refuses', () => {
    expect(cancelView(running, { requestedAt: sentAt, status: 'error', force: false, error: 'the gateway cannot be reached' }, sentAt + 10))
      .toEqual({ kind: 'failed', error: 'the gateway cannot be reached' })
    expect(cancelView(running, answered('failed'), sentAt + 10)).toEqual({ kind: 'failed', error: 'upstream said 503' })
  })

  it('reports already finished, ended on its own, and not found', () => {
    expect(cancelView({ status: 'COMPLETE' }, { ...answered('already-finished'), result: { ...ref, outcome: 'already-finished', status: 'COMPLETE' } }, sentAt))
      .toEqual({ kind: 'finished', status: 'COMPLETE' })
    expect(cancelView({ status: 'FAILED' }, answered('requested'), sentAt + 1_000)).toEqual({ kind: 'finished', status: 'FAILED' })
    expect(cancelView(undefined, answered('not-found'), sentAt)).toEqual({ kind: 'not-found' })
  })

  it('follows a cancel requested elsewhere from the task’s own cancelRequestedAt', () => {
    const task = { status: 'RUNNING', cancelRequestedAt: new Date(sentAt).toISOString() }
    expect(cancelView(task, undefined, sentAt + 1_000).kind).toBe('acknowledged')
    expect(cancelView(task, undefined, sentAt + FORCE_OFFER_AFTER_MS).kind).toBe('still-running')
    expect(cancelView(running, undefined, sentAt).kind).toBe('none')
  })
})

describe('foldAttempts', () => {
  const snapshot = (over: Partial<CancelMutationSnapshot>): CancelMutationSnapshot => ({
    status: 'success', submittedAt: sentAt, variables: { tasks: [ref] }, data: undefined, error: null, ...over,
  })

  it('lets the newest request win and keeps the first request time for a Force', () => {
    const attempts = foldAttempts([
      snapshot({ submittedAt: sentAt + 6_000, status: 'pending', variables: { tasks: [ref], force: true } }),
      snapshot({ data: [{ ...ref, outcome: 'requested' }] }),
    ])
    expect(attempts.get('demo/t-1')).toEqual({ requestedAt: sentAt, status: 'pending', force: true })
  })

  it('gives each task of a bulk request its own result and marks a failed request on every task', () => {
    const other = { source: 'demo', id: 't-2' }
    const attempts = foldAttempts([
      snapshot({ variables: { tasks: [ref, other] }, data: [{ ...ref, outcome: 'cancelled' }, { ...other, outcome: 'already-finished', status: 'COMPLETE' }] }),
      snapshot({ submittedAt: sentAt + 1, status: 'error', variables: { tasks: [{ source: 'demo', id: 't-3' }] }, error: new Error('offline') }),
    ])
    expect(attempts.get('demo/t-1')?.result?.outcome).toBe('cancelled')
    expect(attempts.get('demo/t-2')?.result?.outcome).toBe('already-finished')
    expect(attempts.get('demo/t-3')).toMatchObject({ status: 'error', error: 'offline' })
  })
})

describe('dependsOnClock: which rows follow the clock for their cancel cell', () => {
  const at = (task: { status: string; cancelRequestedAt?: string }, attempt: CancelAttempt | undefined, times: number[]) =>
    times.map((now) => JSON.stringify(cancelView(task, attempt, now)))

  it('only a row with a cancel under way, and for the others the view is the same at any time', () => {
    const elsewhere = { status: 'RUNNING', cancelRequestedAt: new Date(sentAt).toISOString() }
    expect(dependsOnClock(running, answered('requested'))).toBe(true)
    expect(dependsOnClock(elsewhere, undefined)).toBe(true)
    for (const [task, attempt] of [[running, undefined], [{ status: 'COMPLETE' }, undefined], [{ ...elsewhere, status: 'CANCELLED' }, undefined]] as const) {
      expect(dependsOnClock(task, attempt)).toBe(false)
      const views = at(task, attempt, [0, sentAt, sentAt + FORCE_OFFER_AFTER_MS * 10])
      expect(new Set(views).size).toBe(1)
    }
    // The rows that do follow it change with time.
    expect(new Set(at(elsewhere, undefined, [sentAt, sentAt + FORCE_OFFER_AFTER_MS * 10])).size).toBe(2)
  })
})
