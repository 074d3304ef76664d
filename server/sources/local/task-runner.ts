/**
 * Runs tasks as child processes with the Beam lifecycle: PENDING → RUNNING → COMPLETE | FAILED | TIMEOUT | CANCELLED,
 * RETRY between attempts, EXPIRED when queued too long. Each task gets its own process group so cancel and timeout
 * reach everything it spawned.
 */
import type { CancelAck } from '../source.ts'
import { spawnGroupChild, type ChildExit, type ChildSpec, type GroupChild, type LocalLine } from './child.ts'
import { isCancellableStatus } from '../../protocol.ts'

/** What to run. Times are per attempt except `expiresAfterMs`, which counts from submission while PENDING. */
export type TaskSpec = ChildSpec & {
  name: string
  timeoutMs?: number
  maxRetries?: number
  retryDelayMs?: number
  expiresAfterMs?: number
  /** Shown as the task's decoded config in detail views. */
  config?: unknown
}

export type LocalTaskStatus = 'PENDING' | 'RUNNING' | 'RETRY' | 'COMPLETE' | 'FAILED' | 'TIMEOUT' | 'CANCELLED' | 'EXPIRED'

export type LocalTask = {
  /** Creation order; newer tasks have larger numbers. */
  seq: number
  id: string
  name: string
  spec: TaskSpec
  status: LocalTaskStatus
  createdAt: string
  startedAt: string | null
  endedAt: string | null
  attempt: number
  pid?: number
  exitCode: number | null
  signal: string | null
  failureReason?: string
  cancelRequestedAt?: string
  cancelReason?: string
}

export type TaskRunnerOptions = {
  onLine(line: LocalLine): void
  /** Tasks running at once; the rest wait PENDING. */
  concurrency?: number
  /** SIGTERM → SIGKILL grace for cancel, timeout and stop. */
  graceMs?: number
  /** Finished tasks kept in memory (oldest dropped first). */
  maxFinished?: number
  idPrefix?: string
}

export type TaskRunner = {
  submit(spec: TaskSpec): Readonly<LocalTask>
  get(id: string): Readonly<LocalTask> | undefined
  /** Newest first. */
  list(): Readonly<LocalTask>[]
  /** Acks only: the caller learns each outcome by reading the task again. Unknown ids → `accepted: false`. */
  cancel(ids: string[], opts?: { force?: boolean; reason?: string }): CancelAck[]
  /** Cancels everything and resolves when every task process has exited. */
  stop(): Promise<void>
}

type Entry = LocalTask & {
  child?: GroupChild
  endReason?: 'cancel' | 'timeout'
  lastSignal?: NodeJS.Signals
  timers: Partial<Record<'expiry' | 'retry' | 'timeout' | 'grace', NodeJS.Timeout>>
}

const now = (): string => new Date().toISOString()
const secs = (ms: number): string => `${+(ms / 1000).toFixed(1)}s`

/** Creates a runner; nothing runs until `submit`. */
export function createTaskRunner(options: TaskRunnerOptions): TaskRunner {
  const { onLine, concurrency = 4, graceMs = 5_000, maxFinished = 5_000, idPrefix = 't-' } = options
  const tasks = new Map<string, Entry>()
  const finished: string[] = []
  let queue: Entry[] = []
  const exits = new Set<Promise<unknown>>()
  let running = 0
  let seq = 0
  let stopping = false

  const mark = (t: Entry, level: LocalLine['level'], text: string): void =>
    onLine({ process: t.name, taskId: t.id, level, text: `task ${t.id} ${text}`, marker: 'event' })

  const clearTimers = (t: Entry): void => {
    for (const timer of Object.values(t.timers)) clearTimeout(timer)
    t.timers = {}
  }

  const finish = (t: Entry, status: LocalTaskStatus, level: LocalLine['level'], text: string): void => {
    clearTimers(t)
    queue = queue.filter((q) => q !== t)
    t.status = status
    t.endedAt = now()
    mark(t, level, `${status} ${text}`)
    finished.push(t.id)
    while (finished.length > maxFinished) tasks.delete(finished.shift()!)
  }

  const pump = (): void => {
    while (!stopping && running < concurrency && queue.length > 0) start(queue.shift()!)
  }

  const start = (t: Entry): void => {
    clearTimers(t)
    running++
    t.attempt++
    t.status = 'RUNNING'
    t.startedAt ??= now()
    // tasks may want to know which attempt they are (e.g. to resume); same idea as Beam's TASK_ID
    const env = { ...t.spec.env, TAILBOARD_TASK_ID: t.id, TAILBOARD_TASK_ATTEMPT: String(t.attempt) }
    const child = spawnGroupChild({ ...t.spec, env }, { process: t.name, taskId: t.id }, onLine)
    t.child = child
    t.pid = child.pid
    mark(t, 'info', `RUNNING (attempt ${t.attempt}, pid ${child.pid ?? 'none'})`)
    if (t.spec.timeoutMs !== undefined) t.timers.timeout = setTimeout(() => onTimeout(t), t.spec.timeoutMs)
    const exit = child.exited.then((e) => onExit(t, e))
    exits.add(exit)
    void exit.finally(() => exits.delete(exit))
  }

  const terminate = (t: Entry, force: boolean): void => {
    if (force || t.lastSignal === 'SIGKILL') {
      t.lastSignal = 'SIGKILL'
      t.child?.killGroup('SIGKILL')
      return
    }
    t.lastSignal = 'SIGTERM'
    t.child?.killGroup('SIGTERM')
    t.timers.grace ??= setTimeout(() => {
      mark(t, 'warn', `still running ${secs(graceMs)} after SIGTERM: SIGKILL to process group`)
      t.lastSignal = 'SIGKILL'
      t.child?.killGroup('SIGKILL')
    }, graceMs)
  }

  const onTimeout = (t: Entry): void => {
    // it exited on its own and its output is draining: the exit decides how it ended, not this late timer
    if (t.child?.hasExited) return
    t.endReason ??= 'timeout'
    mark(t, 'warn', `timed out after ${secs(t.spec.timeoutMs ?? 0)}: SIGTERM to process group`)
    terminate(t, false)
  }

  const onExit = (t: Entry, exit: ChildExit): void => {
    running--
    // orphans must not outlive their task: whatever is left of the group goes with the leader
    t.child?.killGroup('SIGKILL')
    t.child = undefined
    t.exitCode = exit.code
    t.signal = exit.signal
    const reason = exit.error
      ? `spawn failed: ${exit.error}`
      : exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`
    if (t.endReason === 'cancel') {
      finish(t, 'CANCELLED', 'warn', `after ${t.lastSignal ?? 'SIGTERM'}${t.cancelReason ? ` (${t.cancelReason})` : ''}`)
    } else if (t.endReason === 'timeout') {
      t.failureReason = `timed out after ${secs(t.spec.timeoutMs ?? 0)}`
      finish(t, 'TIMEOUT', 'error', `after ${t.lastSignal ?? 'SIGTERM'} (${t.failureReason})`)
    } else if (exit.code === 0) {
      t.failureReason = undefined
      finish(t, 'COMPLETE', 'info', `(exit code 0, attempt ${t.attempt})`)
    } else if (!exit.error && !stopping && t.attempt <= (t.spec.maxRetries ?? 0)) {
      const delay = t.spec.retryDelayMs ?? 1_000
      t.failureReason = reason
      t.status = 'RETRY'
      clearTimers(t)
      mark(t, 'warn', `RETRY in ${secs(delay)} after ${reason} (attempt ${t.attempt + 1} of ${(t.spec.maxRetries ?? 0) + 1} next)`)
      // a retry goes ahead of new work once its delay is over
      t.timers.retry = setTimeout(() => (queue.unshift(t), pump()), delay)
    } else {
      t.failureReason = reason
      finish(t, 'FAILED', 'error', `(${reason}, attempt ${t.attempt})`)
    }
    pump()
  }

  const cancelOne = (id: string, force: boolean, reason: string | undefined): CancelAck => {
    const t = tasks.get(id)
    if (!t) return { id, accepted: false, error: 'not found' }
    if (!isCancellableStatus(t.status)) return { id, accepted: true }
    // exited already, output still draining: acked, but the task ends as its exit says (the caller re-reads)
    if (t.child?.hasExited) return { id, accepted: true }
    t.cancelRequestedAt ??= now()
    t.cancelReason ??= reason
    if (t.status !== 'RUNNING') {
      finish(t, 'CANCELLED', 'warn', `before ${t.status === 'RETRY' ? 'its next attempt' : 'it started'}${reason ? ` (${reason})` : ''}`)
      return { id, accepted: true }
    }
    t.endReason = 'cancel'
    mark(t, 'warn', `cancel requested${reason ? ` (${reason})` : ''}: ${force ? 'SIGKILL' : 'SIGTERM'} to process group`)
    terminate(t, force)
    return { id, accepted: true }
  }

  return {
    submit(spec) {
      if (stopping) throw new Error('task runner is stopped')
      if (spec.command.length === 0) throw new TypeError('command must not be empty')
      seq++
      const t: Entry = {
        seq, id: `${idPrefix}${seq}`, name: spec.name, spec, status: 'PENDING', createdAt: now(), startedAt: null,
        endedAt: null, attempt: 0, exitCode: null, signal: null, timers: {},
      }
      tasks.set(t.id, t)
      queue.push(t)
      mark(t, 'info', `PENDING (${spec.command.join(' ').slice(0, 120)})`)
      if (spec.expiresAfterMs !== undefined) {
        t.timers.expiry = setTimeout(() => {
          t.failureReason = `expired after ${secs(spec.expiresAfterMs ?? 0)} in the queue`
          finish(t, 'EXPIRED', 'warn', `(${t.failureReason})`)
        }, spec.expiresAfterMs)
      }
      pump()
      return t
    },
    get: (id) => tasks.get(id),
    // Map order is submission order
    list: () => [...tasks.values()].reverse(),
    cancel: (ids, opts = {}) => ids.map((id) => cancelOne(id, opts.force ?? false, opts.reason)),
    async stop() {
      stopping = true
      for (const t of tasks.values()) if (t.status !== 'RUNNING') cancelOne(t.id, false, 'workspace stopped')
      for (const t of tasks.values()) if (t.status === 'RUNNING') cancelOne(t.id, false, 'workspace stopped')
      await Promise.all([...exits])
    },
  }
}
