/**
 * What every upstream kind implements. A source turns its wire format into `NewLogLine`s and `Task`s; the log hub
 * stamps cursors and fans lines out, the task service verifies cancels by re-reading.
 */
import type { NewLogLine, SourceState, Task, TaskDetail } from '../protocol.ts'

export type LogSink = {
  /**
   * A batch of complete records, in the order the source saw them. ⚠️ The hub takes ownership of the line objects
   * (it stamps each with its seq in place): hand over fresh objects and do not touch them afterwards.
   */
  lines(lines: NewLogLine[]): void
  /** The upstream says it lost `count` lines (ring overflow, a reconnect without history). */
  gap(count: number | null, reason: string): void
  /** Connection state changes; `error` carries a message fit for the UI (never a secret). */
  state(state: SourceState, error?: string | null): void
}

export type TaskQuery = {
  status?: string[]
  q?: string
  limit: number
  cursor?: string
}

/** Raw result of an upstream cancel call for one id; the task service turns it into a verified outcome. */
export type CancelAck = { id: string; accepted: boolean; error?: string }

export interface TaskProvider {
  list(query: TaskQuery, opts: { signal?: AbortSignal }): Promise<{ tasks: Task[]; next?: string }>
  /** `null` when the upstream does not know the id. */
  get(id: string, opts: { signal?: AbortSignal }): Promise<TaskDetail | null>
  /**
   * Optional: the current state of many tasks in as few upstream calls as it allows (beta9: one filtered list call
   * per 100 ids instead of one read per id), in the order of `ids`, `null` for an id the upstream does not know.
   * Without it, callers read each id with `get`.
   */
  getMany?(ids: string[], opts: { signal?: AbortSignal }): Promise<(Task | null)[]>
  /**
   * Ask the upstream to cancel. Upstreams that answer an opaque `200 {}` return `accepted: true` for each id; the
   * task service learns the real outcome by re-reading.
   * @throws when the upstream cannot be reached at all
   */
  cancel(ids: string[], opts: { force?: boolean; reason?: string }): Promise<CancelAck[]>
}

export interface Source {
  readonly id: string
  readonly kind: string
  readonly tasks?: TaskProvider
  start(sink: LogSink): void | Promise<void>
  /** Stops every connection, child process and timer the source owns. */
  stop(): Promise<void>
}
