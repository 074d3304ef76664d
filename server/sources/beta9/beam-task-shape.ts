/**
 * The task shape beta9 serialises (`TaskWithRelated`) and hosted Beam's v2 API returns, mapped to the shared `Task`.
 * Validated loosely: unknown fields are expected and ignored; `stub.config` is a JSON-encoded string.
 */
import { z } from 'zod'
import type { Task, TaskDetail } from '../../protocol.ts'

const maybe = <T extends z.ZodType>(schema: T) => schema.nullish()

export const beamTaskSchema = z.looseObject({
  id: maybe(z.string()),
  external_id: maybe(z.string()),
  status: z.string(),
  failure_reason: maybe(z.string()),
  container_id: maybe(z.string()),
  created_at: z.string(),
  started_at: maybe(z.string()),
  ended_at: maybe(z.string()),
  deployment: maybe(z.looseObject({ name: maybe(z.string()) })),
  stub: maybe(z.looseObject({ id: maybe(z.string()), external_id: maybe(z.string()), name: maybe(z.string()), config: maybe(z.string()) })),
  outputs: maybe(z.array(z.looseObject({ name: z.string(), url: maybe(z.string()) }))),
  stats: maybe(z.record(z.string(), z.unknown())),
})
export type BeamTask = z.infer<typeof beamTaskSchema>

/** RFC3339Nano → ISO (ms); an unreadable date is kept as sent rather than lost. */
const iso = (text: string): string => {
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? text : new Date(ms).toISOString()
}
const isoOrNull = (text: string | null | undefined) => (text ? iso(text) : null)

/** True for an absolute `http:` or `https:` URL. */
function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

/** Maps one upstream task; `name` is the stub name, else the deployment name, else the id. */
export function toTask(source: string, raw: BeamTask): Task {
  const id = raw.external_id ?? raw.id ?? ''
  const task: Task = {
    source, id, name: raw.stub?.name ?? raw.deployment?.name ?? id, status: raw.status,
    createdAt: iso(raw.created_at), startedAt: isoOrNull(raw.started_at), endedAt: isoOrNull(raw.ended_at),
  }
  if (raw.container_id) task.containerId = raw.container_id
  if (raw.failure_reason) task.failureReason = raw.failure_reason
  return task
}

/** Maps a single-task read, decoding the stub config. */
export function toTaskDetail(source: string, raw: BeamTask): TaskDetail {
  const detail: TaskDetail = { ...toTask(source, raw) }
  if (raw.stub?.config) {
    try {
      detail.config = JSON.parse(raw.stub.config)
    } catch {
      detail.config = raw.stub.config
    }
  }
  // the UI renders output URLs as links: only http(s) ones are kept (a `javascript:` or `data:` URL is dropped)
  if (raw.outputs) detail.outputs = raw.outputs.map((o) => (o.url && isHttpUrl(o.url) ? { name: o.name, url: o.url } : { name: o.name }))
  if (raw.stats) detail.stats = raw.stats
  return detail
}
