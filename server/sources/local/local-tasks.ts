/**
 * The TaskProvider face of the task runner: filtering, opaque cursor pagination (newest first) and the Task /
 * TaskDetail shapes of the wire protocol.
 */
import type { Task, TaskDetail } from '../../protocol.ts'
import type { TaskProvider, TaskQuery } from '../source.ts'
import type { LocalTask, TaskRunner } from './task-runner.ts'

/** Builds a TaskProvider over `runner` whose tasks carry `source` as their source id. */
/** A runner task in the shared shape (the list, the detail and `submit` all answer this). */
export const toTask = (source: string, t: Readonly<LocalTask>): Task => ({
  source,
  id: t.id,
  name: t.name,
  status: t.status,
  createdAt: t.createdAt,
  startedAt: t.startedAt,
  endedAt: t.endedAt,
  ...(t.pid !== undefined && { containerId: `pid-${t.pid}` }),
  ...(t.failureReason !== undefined && { failureReason: t.failureReason }),
  // a cancel in progress only matters while the task has not ended
  ...(t.cancelRequestedAt !== undefined && t.endedAt === null && { cancelRequestedAt: t.cancelRequestedAt }),
  attempt: t.attempt,
})

export function createLocalTaskProvider(source: string, runner: TaskRunner): TaskProvider {

  return {
    async list(query: TaskQuery) {
      const statuses = query.status?.length ? new Set(query.status.map((s) => s.toUpperCase())) : null
      const q = query.q?.trim().toLowerCase() || null
      const before = decodeCursor(query.cursor)
      const limit = Math.max(1, query.limit)
      const page: Task[] = []
      let next: string | undefined
      let lastSeq = 0
      for (const t of runner.list()) {
        if (before !== null && t.seq >= before) continue
        if (statuses && !statuses.has(t.status)) continue
        if (q && !t.id.toLowerCase().includes(q) && !t.name.toLowerCase().includes(q)) continue
        if (page.length === limit) {
          next = encodeCursor(lastSeq)
          break
        }
        page.push(toTask(source, t))
        lastSeq = t.seq
      }
      return next === undefined ? { tasks: page } : { tasks: page, next }
    },
    async get(id) {
      const t = runner.get(id)
      if (!t) return null
      const detail: TaskDetail = {
        ...toTask(source, t),
        command: t.spec.command,
        exitCode: t.exitCode,
        signal: t.signal,
        ...(t.pid !== undefined && { pid: t.pid }),
        ...(t.spec.config !== undefined && { config: t.spec.config }),
        ...(t.cancelReason !== undefined && { cancelReason: t.cancelReason }),
        stats: {
          attempt: t.attempt,
          maxRetries: t.spec.maxRetries ?? 0,
          timeoutMs: t.spec.timeoutMs ?? null,
          expiresAfterMs: t.spec.expiresAfterMs ?? null,
          ...(t.cancelRequestedAt !== undefined && { cancelRequestedAt: t.cancelRequestedAt }),
          ...(t.cancelReason !== undefined && { cancelReason: t.cancelReason }),
        },
      }
      return detail
    },
    async cancel(ids, opts) {
      return runner.cancel(ids, opts)
    },
  }
}

// Cursors are opaque to clients; they carry the seq of the last task on the previous page.
const encodeCursor = (seq: number): string => Buffer.from(`s${seq}`).toString('base64url')
/** @throws RangeError on a cursor this provider did not issue */
function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return null
  const m = /^s(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString())
  if (!m) throw new RangeError('invalid cursor')
  return Number(m[1])
}
