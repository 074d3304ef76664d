import { isTerminalStatus, type CancelResult, type Task, type TaskDetail, type TaskList, type TaskRef } from '../protocol.ts'
import { mapLimit } from './map-limit.ts'
import type { Source, TaskProvider, TaskQuery } from '../sources/source.ts'
import { HttpError } from '../http/respond.ts'

export type TaskServiceOptions = {
  /** How long a cancel waits for the re-read to show a terminal status before answering `requested`. */
  verifyTimeoutMs?: number
  verifyPollMs?: number
}

/** An error with an HTTP status and code, answered as `{ error: { code, message } }` by the routes. */
export class TaskServiceError extends HttpError {}

const newestFirst = (a: Task, b: Task) =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0

/** Reads of one upstream in flight at once: a 10,000-task bulk cancel must not open 10,000 requests. */
const UPSTREAM_CONCURRENCY = 8

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Lists, reads and cancels tasks across every source that has them. A cancel is never reported from the upstream's
 * answer alone (Beam and beta9 answer `200 {}` whatever happened): each task is read before, to tell `not-found` and
 * `already-finished` apart, and re-read after until it shows a terminal status or the verify window ends.
 */
export function createTaskService(sources: readonly Source[], options: TaskServiceOptions = {}) {
  const { verifyTimeoutMs = 2_000, verifyPollMs = 100 } = options
  const providers = new Map<string, TaskProvider>()
  for (const s of sources) if (s.tasks) providers.set(s.id, s.tasks)

  function provider(source: string): TaskProvider {
    const p = providers.get(source)
    if (!p) throw new TaskServiceError(404, 'unknown-source', `no task source named "${source}"`)
    return p
  }

  /**
   * `limit` applies per source; `next` carries each source's own opaque cursor. One unreachable upstream does not
   * hide the others' tasks mid-incident: it is listed in `errors`, and only when every source failed is it an error.
   */
  async function list(query: TaskQuery & { source?: string }, signal?: AbortSignal): Promise<TaskList> {
    const cursors = query.cursor ? decodeCursor(query.cursor) : null
    const ids = (query.source ? [query.source] : [...providers.keys()]).filter((id) => !cursors || id in cursors)
    if (query.source) provider(query.source)
    const settled = await Promise.allSettled(
      ids.map(async (id) => ({ id, page: await provider(id).list({ ...query, cursor: cursors?.[id] }, { signal }).catch(badCursor) })),
    )
    const pages = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    const failures = settled.flatMap((r, i) => (r.status === 'rejected' ? [{ source: ids[i] as string, error: r.reason as unknown }] : []))
    const badRequest = failures.find((f) => f.error instanceof TaskServiceError)
    if (badRequest) throw badRequest.error
    if (pages.length === 0 && failures.length > 0) throw failures[0]!.error
    // Providers already answer newest first; only a merge of several needs a sort (plain comparison: ISO UTC and ids).
    const tasks = pages.flatMap((p) => p.page.tasks)
    if (pages.length > 1) tasks.sort(newestFirst)
    const next = Object.fromEntries(pages.filter((p) => p.page.next).map((p) => [p.id, p.page.next as string]))
    const result: TaskList = { tasks }
    if (Object.keys(next).length > 0) result.next = encodeCursor(next)
    if (failures.length > 0) result.errors = failures.map((f) => ({ source: f.source, message: errorText(f.error) }))
    return result
  }

  async function get(ref: TaskRef, signal?: AbortSignal): Promise<TaskDetail> {
    const task = await provider(ref.source).get(ref.id, { signal })
    if (!task) throw new TaskServiceError(404, 'not-found', `task ${ref.id} not found in ${ref.source}`)
    return task
  }

  async function cancelInSource(source: string, ids: string[], opts: { force?: boolean; reason?: string }): Promise<CancelResult[]> {
    const p = providers.get(source)
    if (!p) return ids.map((id) => ({ source, id, outcome: 'not-found', error: `no task source named "${source}"` }))
    const results = new Map<string, CancelResult>()
    const before = await readAll(p, ids, (err) => err as Error)
    const toCancel: string[] = []
    for (const [id, task] of before) {
      if (task instanceof Error) results.set(id, { source, id, outcome: 'failed', error: `could not read the task: ${task.message}` })
      else if (!task) results.set(id, { source, id, outcome: 'not-found' })
      else if (isTerminalStatus(task.status)) results.set(id, { source, id, outcome: 'already-finished', status: task.status })
      else toCancel.push(id)
    }
    if (toCancel.length === 0) return ids.map((id) => results.get(id) as CancelResult)

    try {
      for (const ack of await p.cancel(toCancel, opts)) {
        if (!ack.accepted) results.set(ack.id, { source, id: ack.id, outcome: 'failed', error: ack.error ?? 'the upstream refused the cancel' })
      }
    } catch (err) {
      for (const id of toCancel) results.set(id, { source, id, outcome: 'failed', error: `cancel request failed: ${errorText(err)}` })
    }

    let pending = toCancel.filter((id) => !results.has(id))
    const deadline = Date.now() + verifyTimeoutMs
    const lastStatus = new Map<string, string>()
    while (pending.length > 0) {
      const reads = await readAll(p, pending, () => undefined)
      for (const [id, task] of reads) {
        if (task === null) results.set(id, { source, id, outcome: 'not-found' })
        else if (task && task.status.toUpperCase() === 'CANCELLED') results.set(id, { source, id, outcome: 'cancelled', status: task.status })
        else if (task && isTerminalStatus(task.status)) results.set(id, { source, id, outcome: 'already-finished', status: task.status })
        else if (task) lastStatus.set(id, task.status)
      }
      pending = pending.filter((id) => !results.has(id))
      if (pending.length === 0 || Date.now() >= deadline) break
      await sleep(verifyPollMs)
    }
    for (const id of pending) results.set(id, { source, id, outcome: 'requested', status: lastStatus.get(id) })
    return ids.map((id) => results.get(id) as CancelResult)
  }

  async function cancel(refs: readonly TaskRef[], opts: { force?: boolean; reason?: string } = {}): Promise<CancelResult[]> {
    const bySource = new Map<string, string[]>()
    for (const ref of refs) {
      const ids = bySource.get(ref.source)
      if (ids) ids.push(ref.id)
      else bySource.set(ref.source, [ref.id])
    }
    const perSource = await Promise.all([...bySource].map(([source, ids]) => cancelInSource(source, [...new Set(ids)], opts)))
    const byKey = new Map(perSource.flat().map((r) => [`${r.source}\u0000${r.id}`, r]))
    return refs.map((ref) => byKey.get(`${ref.source}\u0000${ref.id}`) as CancelResult)
  }

  return { list, get, cancel, hasTasks: () => providers.size > 0 }
}
export type TaskService = ReturnType<typeof createTaskService>

/** Providers reject a cursor they did not issue with a RangeError: that is the client's mistake, not the upstream's. */
function badCursor(err: unknown): never {
  if (err instanceof RangeError) throw new TaskServiceError(400, 'bad-cursor', err.message)
  throw err
}

/**
 * Reads many tasks of one upstream: one list call where it has one (beta9's `task_ids=`), else bounded single reads.
 * A failed read becomes `onError(err)` for the ids it covered.
 */
async function readAll<E>(p: TaskProvider, ids: string[], onError: (err: unknown) => E): Promise<Array<readonly [string, Task | TaskDetail | null | E]>> {
  if (p.getMany) {
    const tasks = await p.getMany(ids, {}).catch((err: unknown) => ids.map(() => onError(err)))
    return ids.map((id, i) => [id, tasks[i] ?? null] as const)
  }
  return mapLimit(ids, UPSTREAM_CONCURRENCY, async (id) => [id, await p.get(id, {}).catch(onError)] as const)
}

function encodeCursor(cursors: Record<string, string>): string {
  return Buffer.from(JSON.stringify(cursors)).toString('base64url')
}

function decodeCursor(cursor: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (value && typeof value === 'object' && Object.values(value).every((v) => typeof v === 'string')) return value as Record<string, string>
  } catch {
    // fall through to the error below
  }
  throw new TaskServiceError(400, 'bad-cursor', 'the cursor is not one this gateway issued')
}
