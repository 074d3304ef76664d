import { apiErrorSchema } from '@server/protocol'
import { reportSignedOut } from './auth-events'

/** A failed gateway call: the HTTP status, the gateway's error code and a message fit to show. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message)
    this.name = 'ApiError'
  }
}

type RequestOptions = { signal?: AbortSignal; method?: 'GET' | 'POST'; body?: unknown }

/**
 * Calls the gateway and validates the answer with `schema`. Never toasts: callers decide what to show.
 * @throws ApiError for a non-2xx answer (with the gateway's message when it sent one), a network failure
 *   (status 0) or an answer that does not match the schema
 */
/** What apiRequest checks an answer with: a zod schema, or anything with the same `safeParse` contract. */
export type AnswerSchema<T> = { safeParse(json: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } } }

export async function apiRequest<T>(path: string, schema: AnswerSchema<T>, { signal, method = 'GET', body }: RequestOptions = {}): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (err) {
    if (signal?.aborted) throw err
    throw new ApiError(0, 'unreachable', 'the gateway cannot be reached')
  }
  const text = await res.text()
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    // a proxy's HTML error page, an empty body: handled below by status
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/session') reportSignedOut()
    const parsed = apiErrorSchema.safeParse(json)
    if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message)
    throw new ApiError(res.status, 'http-error', `the gateway answered ${res.status} ${res.statusText}`.trim())
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new ApiError(res.status, 'bad-response', `unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? ''}`)
  return parsed.data
}
