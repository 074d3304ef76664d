/**
 * The wire contract between the gateway and the browser. Both programs import this file, so it imports nothing from
 * `node:` and nothing from the DOM. Every shape is a zod schema plus its inferred type: the gateway validates what it
 * sends in tests, the browser validates every frame it receives.
 */
import { z } from 'zod'
import { LEVELS } from './levels.ts'

export { LEVELS }
export const levelSchema = z.enum(LEVELS)
export type Level = z.infer<typeof levelSchema>

/** Rank used for "minimum level" filters; `unknown` ranks with `info` so that undetected lines are not hidden. */
export const LEVEL_RANK: Record<Level, number> = { trace: 0, debug: 1, info: 2, unknown: 2, warn: 3, error: 4, fatal: 5 }

export const logLineSchema = z.object({
  seq: z.number().int().nonnegative(),
  ts: z.string(),
  level: levelSchema,
  source: z.string(),
  process: z.string(),
  taskId: z.string().optional(),
  stream: z.enum(['stdout', 'stderr']).optional(),
  text: z.string(),
  /**
   * Lines the gateway itself writes into the stream: `gap` says an upstream lost lines (text says how many and why),
   * `event` is a lifecycle marker (task status change, service restart). Plain log lines have no marker.
   */
  marker: z.enum(['gap', 'event']).optional(),
})
export type LogLine = z.infer<typeof logLineSchema>
/** A line as a source produces it, before the hub stamps it with a cursor. */
export type NewLogLine = Omit<LogLine, 'seq'>

export const taskSchema = z.object({
  source: z.string(),
  id: z.string(),
  name: z.string(),
  /** Upstream status verbatim: unknown strings are shown, never dropped. */
  status: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  containerId: z.string().optional(),
  failureReason: z.string().optional(),
  /** Set by the gateway when a cancel was requested and the task has not ended yet. */
  cancelRequestedAt: z.string().optional(),
  attempt: z.number().int().optional(),
})
export type Task = z.infer<typeof taskSchema>

export const taskDetailSchema = taskSchema.extend({
  /** Decoded stub/config (upstreams such as Beam send it as a JSON-encoded string). */
  config: z.unknown().optional(),
  outputs: z.array(z.object({ name: z.string(), url: z.string().optional() })).optional(),
  stats: z.record(z.string(), z.unknown()).optional(),
  command: z.array(z.string()).optional(),
  pid: z.number().int().optional(),
  exitCode: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
  /** The reason given with the cancel request, kept with the task. */
  cancelReason: z.string().optional(),
})
export type TaskDetail = z.infer<typeof taskDetailSchema>

export const taskListSchema = z.object({
  tasks: z.array(taskSchema),
  next: z.string().optional(),
  /** Sources that could not be read this time: the others' tasks are still listed. */
  errors: z.array(z.object({ source: z.string(), message: z.string() })).optional(),
  /** This answer's version: the next poll may send it as `since` and get only the changes. */
  version: z.string().optional(),
})
export type TaskList = z.infer<typeof taskListSchema>

/**
 * A task list as its changes since version `base` (`GET /api/tasks?since=<base>`): the new and modified tasks, and the
 * keys (`source/id`) of the whole list in order when its membership or order changed. Without `order` the list holds
 * the same tasks as `base`, in the same order.
 */
export const taskListDeltaSchema = z.object({
  delta: z.literal(true),
  base: z.string(),
  version: z.string(),
  changed: z.array(taskSchema),
  order: z.array(z.string()).optional(),
  next: z.string().optional(),
  errors: taskListSchema.shape.errors,
})
export type TaskListDelta = z.infer<typeof taskListDeltaSchema>
/** What `GET /api/tasks` answers: the whole list, or its changes when `since` named a version the gateway still has. */
export type TaskListAnswer = TaskList | TaskListDelta

export const taskRefSchema = z.object({ source: z.string().min(1), id: z.string().min(1) })
export type TaskRef = z.infer<typeof taskRefSchema>

export const cancelRequestSchema = z.object({
  tasks: z.array(taskRefSchema).min(1).max(10_000),
  /** SIGKILL at once (local workspace) instead of SIGTERM and a grace period. */
  force: z.boolean().optional(),
  reason: z.string().max(500).optional(),
})
export type CancelRequest = z.infer<typeof cancelRequestSchema>

/**
 * `cancelled`: the re-read shows CANCELLED. `requested`: the upstream took the cancel but the task has not stopped
 * yet (it is shutting down; keep polling). `already-finished`: it was terminal before (or ended on its own meanwhile).
 * `not-found`: unknown id. `failed`: the upstream refused or could not be reached (`error` says why).
 */
export const CANCEL_OUTCOMES = ['cancelled', 'requested', 'already-finished', 'not-found', 'failed'] as const
export const cancelResultSchema = z.object({
  source: z.string(),
  id: z.string(),
  outcome: z.enum(CANCEL_OUTCOMES),
  status: z.string().optional(),
  error: z.string().optional(),
})
export type CancelResult = z.infer<typeof cancelResultSchema>
export const cancelResponseSchema = z.object({ results: z.array(cancelResultSchema) })

export const SOURCE_STATES = ['connecting', 'connected', 'reconnecting', 'error', 'stopped'] as const
export const sourceStateSchema = z.enum(SOURCE_STATES)
export type SourceState = z.infer<typeof sourceStateSchema>

export const sourceInfoSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: sourceStateSchema,
  lastError: z.string().nullable(),
  linesPerSecond: z.number(),
  totalLines: z.number(),
  lastLineAt: z.string().nullable(),
  /** Lines the upstream said it lost (its gap reports with a known count). */
  droppedLines: z.number().optional(),
})
export type SourceInfo = z.infer<typeof sourceInfoSchema>
export const sourceListSchema = z.object({ sources: z.array(sourceInfoSchema) })

/** Frames the gateway sends on `/api/logs/stream`. */
export const serverFrameSchema = z.discriminatedUnion('type', [
  /** First frame: `cursor` is the seq the next line will carry; `oldest` the oldest seq the ring still holds. */
  z.object({ type: z.literal('hello'), cursor: z.number().int(), oldest: z.number().int(), capacity: z.number().int() }),
  z.object({ type: z.literal('lines'), lines: z.array(logLineSchema) }),
  /** Lines `from`..`to` (inclusive seqs) that this client can no longer get. */
  // `count` is null when it cannot be known (the gateway restarted since the client's cursor).
  z.object({
    type: z.literal('gap'), from: z.number().int(), to: z.number().int(),
    count: z.number().int().nullable().optional(), reason: z.string(),
  }),
  z.object({ type: z.literal('source'), source: sourceInfoSchema }),
  /** `cursor`: the seq the gateway's next line will carry (its head), for the tab's "fallen behind" readout. */
  z.object({ type: z.literal('heartbeat'), cursor: z.number().int() }),
])
export type ServerFrame = z.infer<typeof serverFrameSchema>

export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) })
export type ApiErrorBody = z.infer<typeof apiErrorSchema>

/** Beam-style statuses. Upstreams may send others; those are shown verbatim. */
export const TERMINAL_STATUSES = ['COMPLETE', 'CANCELLED', 'ERROR', 'FAILED', 'TIMEOUT', 'EXPIRED'] as const
export const CANCELLABLE_STATUSES = ['PENDING', 'RUNNING', 'RETRY'] as const

export const isTerminalStatus = (status: string): boolean =>
  (TERMINAL_STATUSES as readonly string[]).includes(status.toUpperCase())
export const isCancellableStatus = (status: string): boolean =>
  (CANCELLABLE_STATUSES as readonly string[]).includes(status.toUpperCase())

export const SESSION_COOKIE = 'tailboard_session'
