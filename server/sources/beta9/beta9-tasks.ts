/**
 * beta9's task REST API as a TaskProvider: cursor pages from `GET /api/v1/task/{ws}`, reads by id, and the cancel that
 * must carry `?task_ids=a,b` (a JSON body is silently ignored and answered `200 {}`, so the task service re-reads).
 */
import { z } from 'zod'
import type { CancelAck, TaskProvider } from '../source.ts'
import type { Task } from '../../protocol.ts'
import { beamTaskSchema, toTask, toTaskDetail, type BeamTask } from './beam-task-shape.ts'
import { requestJson } from './http-json.ts'

const pageSchema = z.looseObject({ next: z.string().nullish(), data: z.array(beamTaskSchema).nullish() })

/** Ids per request: `?task_ids=` is one comma-separated query parameter, and URLs have limits. */
export const IDS_PER_REQUEST = 100

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))

export type Beta9TaskOptions = {
  source: string
  url: string
  workspace: string
  token?: string
  /** Learns stub names as tasks are read, so log lines can show them. */
  onTask?(task: BeamTask): void
}

/** Creates the provider. Free-text `q` has no beta9 equivalent: it filters each page after it arrives. */
export function createBeta9Tasks({ source, url, workspace, token, onTask }: Beta9TaskOptions): TaskProvider {
  const base = `${url.replace(/\/+$/, '')}/api/v1/task/${encodeURIComponent(workspace)}`
  const invalid = (what: string, err: z.ZodError) => new Error(`beta9 sent an unexpected ${what}: ${err.issues[0]?.path.join('.')} ${err.issues[0]?.message}`)

  return {
    async list(query, { signal }) {
      const params = new URLSearchParams({ limit: String(query.limit), skip_details: 'true' })
      if (query.status?.length) params.set('status', query.status.map((s) => s.toUpperCase()).join(','))
      if (query.cursor) params.set('cursor', query.cursor)
      const { status, body } = await requestJson(`${base}?${params}`, { token, signal })
      if (status === 404) return { tasks: [] }
      const page = pageSchema.safeParse(body)
      if (!page.success) throw invalid('task page', page.error)
      for (const t of page.data.data ?? []) onTask?.(t)
      const q = query.q?.toLowerCase()
      const tasks = (page.data.data ?? []).map((t) => toTask(source, t)).filter((t) => !q || `${t.id} ${t.name}`.toLowerCase().includes(q))
      return page.data.next ? { tasks, next: page.data.next } : { tasks }
    },
    async get(id, { signal }) {
      const { status, body } = await requestJson(`${base}/${encodeURIComponent(id)}`, { token, signal })
      if (status === 404) return null // beta9 answers `{"message":""}`
      const task = beamTaskSchema.safeParse(body)
      if (!task.success) throw invalid('task', task.error)
      onTask?.(task.data)
      return toTaskDetail(source, task.data)
    },
    async getMany(ids, { signal }) {
      const found = new Map<string, Task>()
      for (const batch of chunks([...new Set(ids)], IDS_PER_REQUEST)) {
        let cursor: string | undefined
        do {
          const params = new URLSearchParams({ task_ids: batch.join(','), limit: String(batch.length), skip_details: 'true' })
          if (cursor) params.set('cursor', cursor)
          const { status, body } = await requestJson(`${base}?${params}`, { token, signal })
          if (status === 404) break
          const page = pageSchema.safeParse(body)
          if (!page.success) throw invalid('task page', page.error)
          for (const t of page.data.data ?? []) {
            onTask?.(t)
            const task = toTask(source, t)
            found.set(task.id, task)
          }
          cursor = page.data.next || undefined
        } while (cursor)
      }
      return ids.map((id) => found.get(id) ?? null)
    },
    async cancel(ids) {
      const acks: CancelAck[] = []
      // one DELETE per batch, in turn: a long comma-separated list would outgrow what a URL may carry
      for (const batch of chunks(ids, IDS_PER_REQUEST)) {
        const { status } = await requestJson(`${base}?task_ids=${batch.map(encodeURIComponent).join(',')}`, { method: 'DELETE', token })
        acks.push(...batch.map((id) => (status === 404 ? { id, accepted: false, error: 'beta9 answered 404 to the cancel' } : { id, accepted: true })))
      }
      return acks
    },
  }
}
