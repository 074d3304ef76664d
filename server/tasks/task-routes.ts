import type { IncomingMessage, ServerResponse } from 'node:http'
import { cancelRequestSchema } from '../protocol.ts'
import { HttpError, readJson, sendJson } from '../http/respond.ts'
import type { ListVersions } from './list-versions.ts'
import type { TaskService } from './task-service.ts'

// The table virtualizes 10,000 rows and sorts/filters them client-side, so it asks for that many in one page.
const MAX_LIMIT = 10_000

function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return 500
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new HttpError(400, 'bad-limit', `limit must be an integer from 1 to ${MAX_LIMIT}`)
  return n
}

/** `/api/tasks…` routes. Returns false when the path is not one of them. */
export async function handleTaskRoute(tasks: TaskService, versions: ListVersions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname
  if (path === '/api/tasks' && req.method === 'GET') {
    const p = url.searchParams
    const status = p.get('status')?.split(',').map((s) => s.trim()).filter(Boolean)
    const query = {
      source: p.get('source') || undefined,
      status: status?.length ? status : undefined,
      q: p.get('q') || undefined,
      limit: parseLimit(p.get('limit')),
      cursor: p.get('cursor') || undefined,
    }
    const page = await tasks.list(query)
    sendJson(res, 200, versions.answer(JSON.stringify(query), page, p.get('since') || null))
    return true
  }
  if (path === '/api/tasks/cancel') {
    if (req.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'use POST')
    const parsed = cancelRequestSchema.safeParse(await readJson(req))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new HttpError(400, 'bad-request', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`)
    }
    const { tasks: refs, force, reason } = parsed.data
    sendJson(res, 200, { results: await tasks.cancel(refs, { force, reason }) })
    return true
  }
  const detail = /^\/api\/tasks\/([^/]+)\/([^/]+)$/.exec(path)
  if (detail && req.method === 'GET') {
    sendJson(res, 200, await tasks.get({ source: decodeURIComponent(detail[1] ?? ''), id: decodeURIComponent(detail[2] ?? '') }))
    return true
  }
  return false
}
