/**
 * beta9's task REST API as a TaskProvider: cursor pages from `GET /api/v1/task/{ws}`, reads by id, and the cancel that
 * must carry `?task_ids=a,b` (a JSON body is silently ignored and answered `200 {}`, so the task service re-reads).
 */
import { z } from 'zod'
import type { TaskProvider } from '../source.ts'
import { beamTaskSchema, toTask, toTaskDetail, type BeamTask } from './beam-task-shape.ts'
import { requestJson } from './http-json.ts'

const pageSchema = z.looseObject({ next: z.string().nullish(), data: z.array(beamTaskSchema).nullish() })

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
    async cancel(ids) {
      const { status } = await requestJson(`${base}?task_ids=${ids.map(encodeURIComponent).join(',')}`, { method: 'DELETE', token })
      return ids.map((id) => (status === 404 ? { id, accepted: false, error: 'beta9 answered 404 to the cancel' } : { id, accepted: true }))
    },
  }
}
