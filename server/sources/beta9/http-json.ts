/** JSON over HTTP for Beam-family APIs: bounded, secret-free error texts and `{message}` bodies read defensively. */
import { describeError, scrubSecrets } from '../backoff.ts'

export class UpstreamHttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

export type JsonRequest = { method?: string; token?: string; body?: unknown; signal?: AbortSignal; timeoutMs?: number }

/**
 * Sends a request and returns the status and parsed JSON body (`null` for an empty or non-JSON body).
 * @throws UpstreamHttpError for a non-2xx status other than 404, and an Error (network cause spelled out) when the
 * upstream cannot be reached. Messages never contain `token`.
 */
export async function requestJson(url: string, { method = 'GET', token, body, signal, timeoutMs = 15_000 }: JsonRequest): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const timeout = AbortSignal.timeout(timeoutMs)
  let res: Response
  let text: string
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: signal ? AbortSignal.any([signal, timeout]) : timeout })
    text = await res.text()
  } catch (err) {
    throw new Error(scrubSecrets(`${method} ${new URL(url).pathname}: ${describeError(err)}`, [token]))
  }
  let parsed: unknown = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    // left null: callers treat a non-JSON body as malformed
  }
  if (!res.ok && res.status !== 404) {
    throw new UpstreamHttpError(res.status, scrubSecrets(`HTTP ${res.status} from ${method} ${new URL(url).pathname}: ${errorDetail(text, res.statusText)}`, [token]))
  }
  return { status: res.status, body: parsed }
}

/** What an error body says: echo's `{"message": ...}` when it is that, else the start of the raw text, else the status text. */
export function errorDetail(text: string, statusText = ''): string {
  let message: unknown
  try {
    message = (JSON.parse(text) as { message?: unknown } | null)?.message
  } catch {
    // not JSON: the raw text is the message
  }
  return typeof message === 'string' && message ? message : text.slice(0, 200) || statusText
}
