/**
 * Hosted Beam: tasks over the v2 REST API and logs over the realtime WebSocket (one connection per configured
 * stream). ⚠️ Hosted Beam has no task list endpoint: `list` shows the configured `taskIds` plus the ids of
 * `BETA9_TASK` log streams, each read with `GET /v2/task/{id}/`.
 */
import type { Task, TaskDetail } from '../../protocol.ts'
import { createStateMerger, describeError, scrubSecrets, startRetryLoop, type BackoffOptions } from '../backoff.ts'
import type { Source, TaskProvider } from '../source.ts'
import { beamTaskSchema, toTaskDetail } from '../beta9/beam-task-shape.ts'
import { requestJson } from '../beta9/http-json.ts'
import { mapLimit } from '../../tasks/map-limit.ts'
import { beamLogStream, type BeamStream } from './beam-logs.ts'
import { loopLifecycle } from '../loop-lifecycle.ts'

export type BeamSourceOptions = {
  id: string
  apiUrl?: string
  realtimeUrl?: string
  token: string
  streams?: BeamStream[]
  taskIds?: string[]
  backfillLines?: number
  backoff?: BackoffOptions
  /** See `BeamLogOptions.acceptAfterMs`. */
  acceptAfterMs?: number
}

/** Task reads in flight at once: `list` reads every known id, and there may be hundreds. */
const READ_CONCURRENCY = 8

/** Creates a hosted Beam source; log streams connect on `start`, tasks work at once. */
export function createBeamSource(options: BeamSourceOptions): Source & { readonly tasks: TaskProvider } {
  const { id, token, streams = [], backfillLines = 250 } = options
  const api = (options.apiUrl ?? 'https://api.beam.cloud').replace(/\/+$/, '')
  const realtimeUrl = options.realtimeUrl ?? 'wss://rt.beam.cloud'
  const known = [...new Set([...(options.taskIds ?? []), ...streams.filter((s) => s.objectType === 'BETA9_TASK').map((s) => s.objectId)])]

  const get = async (taskId: string, signal?: AbortSignal): Promise<TaskDetail | null> => {
    const { status, body } = await requestJson(`${api}/v2/task/${encodeURIComponent(taskId)}/`, { token, signal })
    if (status === 404) return null
    const parsed = beamTaskSchema.safeParse(body)
    if (!parsed.success) throw new Error(`Beam sent an unexpected task: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`)
    return toTaskDetail(id, parsed.data)
  }

  const tasks: TaskProvider = {
    async list(query, { signal }) {
      const read = await mapLimit(known, READ_CONCURRENCY, (taskId) => get(taskId, signal))
      const statuses = query.status?.map((s) => s.toUpperCase())
      const q = query.q?.toLowerCase()
      const all = read
        .filter((t): t is TaskDetail => t !== null)
        .filter((t) => (!statuses || statuses.includes(t.status.toUpperCase())) && (!q || `${t.id} ${t.name}`.toLowerCase().includes(q)))
        .map(({ source, id: taskId, name, status, createdAt, startedAt, endedAt, containerId, failureReason }): Task =>
          ({ source, id: taskId, name, status, createdAt, startedAt, endedAt, ...(containerId ? { containerId } : {}), ...(failureReason ? { failureReason } : {}) }))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      const offset = query.cursor === undefined ? 0 : Number(query.cursor)
      if (!Number.isInteger(offset) || offset < 0) throw new RangeError('the cursor is not one this source issued')
      const page = all.slice(offset, offset + query.limit)
      return offset + query.limit < all.length ? { tasks: page, next: String(offset + query.limit) } : { tasks: page }
    },
    get: (taskId, { signal }) => get(taskId, signal),
    async cancel(ids) {
      // `200 {}` whatever happened: the task service re-reads each task to learn the outcome
      await requestJson(`${api}/v2/task/cancel/`, { method: 'DELETE', token, body: { task_ids: ids } })
      return ids.map((taskId) => ({ id: taskId, accepted: true }))
    },
  }

  return {
    id,
    kind: 'beam',
    tasks,
    ...loopLifecycle((s) => {
      // Tasks only (no log streams configured): nothing to connect, the source is usable at once.
      if (streams.length === 0) {
        s.state('connected', null)
        return []
      }
      const merger = createStateMerger((state, message) => s.state(state, message))
      return streams.map((stream) =>
        startRetryLoop({
          attempt: beamLogStream({ source: id, realtimeUrl, token, stream, backfillLines, acceptAfterMs: options.acceptAfterMs, emit: (lines) => s.lines(lines) }),
          report: merger.part(stream.name ?? stream.objectId),
          describe: (err) => scrubSecrets(describeError(err), [token]),
          backoff: options.backoff,
        }),
      )
    }),
  }
}
