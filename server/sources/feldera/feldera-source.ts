/**
 * Feldera pipelines as processes: one `GET /v0/pipelines/{name}/logs` text stream per pipeline, split on newlines
 * (chunks may cut lines and UTF-8 characters), sentinels recognised, and a reconnect's replayed buffer deduplicated.
 */
import type { NewLogLine } from '../../protocol.ts'
import { createLineSplitter } from '../../logs/line-splitter.ts'
import { createStateMerger, describeError, scrubSecrets, startRetryLoop, type BackoffOptions } from '../backoff.ts'
import { createIdleWatch, DEFAULT_IDLE_REFRESH_MS } from '../idle-stream.ts'
import type { LogSink, Source } from '../source.ts'
import { parseFelderaLine } from './feldera-lines.ts'
import { createReplayDedupe } from './replay-dedupe.ts'
import { loopLifecycle } from '../loop-lifecycle.ts'

export type FelderaSourceOptions = {
  id: string
  /** Manager base URL, e.g. `http://127.0.0.1:8080`. */
  url: string
  pipelines: string[]
  token?: string
  tenant?: string
  backoff?: BackoffOptions
  /** Wait after `Logs have ended` before asking again (the pipeline may be re-created). */
  endedDelayMs?: number
  /**
   * A stream silent this long is re-requested quietly (Feldera sends no heartbeat; Node's fetch would otherwise abort
   * it at 300 s). The replay that follows is deduplicated.
   */
  idleRefreshMs?: number
}

/**
 * Reads a non-2xx answer. Feldera sends `{message, error_code, details}`, except the runner's bare 404, which has an
 * empty body (so `res.json()` would throw).
 */
async function describeFailure(res: Response, pipeline: string): Promise<string> {
  const text = (await res.text().catch(() => '')).trim()
  const body = parseJsonObject(text)
  const code = typeof body?.error_code === 'string' ? body.error_code : undefined
  if (res.status === 404 && code === 'UnknownPipelineName') return `Feldera pipeline '${pipeline}' is unknown (UnknownPipelineName)`
  if (res.status === 404 && text === '') return `Feldera has no logs for pipeline '${pipeline}' yet: HTTP 404 with an empty body (its runner has no state for it)`
  if (body && typeof body.message === 'string') return `HTTP ${res.status}: ${body.message}${code ? ` (${code})` : ''}`
  return `HTTP ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`
}

function parseJsonObject(text: string): { message?: unknown; error_code?: unknown } | null {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' ? value : null
  } catch {
    return null // not JSON: the status text says what there is to say
  }
}

/** Creates a Feldera source; nothing connects until `start`. */
export function createFelderaSource(options: FelderaSourceOptions): Source {
  const { id, pipelines, token, tenant, endedDelayMs = 5_000, idleRefreshMs = DEFAULT_IDLE_REFRESH_MS } = options
  const base = options.url.replace(/\/+$/, '')

  function follow(pipeline: string, out: LogSink, report: (state: Parameters<LogSink['state']>[0], message: string | null) => void) {
    const dedupe = createReplayDedupe()
    const url = `${base}/v0/pipelines/${encodeURIComponent(pipeline)}/logs`
    const headers: Record<string, string> = { accept: 'text/plain' }
    if (token) headers.authorization = `Bearer ${token}`
    if (tenant) headers['feldera-tenant'] = tenant

    let batch: NewLogLine[] = []
    const flush = () => {
      if (batch.length > 0) out.lines(batch)
      batch = []
    }
    const emit = (raw: string, now: string) => {
      const parsed = parseFelderaLine(raw)
      if (parsed.kind === 'line' || parsed.kind === 'fresh') {
        batch.push({ ts: parsed.ts ?? now, level: parsed.level, source: id, process: pipeline, text: parsed.text })
      }
    }
    let fresh = 0
    /** Handles a chunk's complete lines; true when `Logs have ended` was among them. */
    const handle = (lines: string[]): boolean => {
      const now = new Date().toISOString()
      for (const raw of lines) {
        const parsed = parseFelderaLine(raw)
        if (parsed.kind === 'ended') return true
        if (parsed.kind === 'discarded') {
          // at a reconnect the alignment below tells whether anything we had not seen was lost
          if (dedupe.replaying()) continue
          flush()
          out.gap(parsed.count, `Feldera's log buffer for pipeline '${pipeline}' overflowed before Tailboard read it`)
          continue
        }
        // a fresh start we never saw means the runner restarted: the old buffer is gone, nothing to dedupe against
        if (parsed.kind === 'fresh' && dedupe.replaying() && !dedupe.has(raw)) dedupe.reset()
        const result = dedupe.push([raw])
        if (result.diverged) {
          flush()
          out.gap(null, `Feldera's log buffer for pipeline '${pipeline}' moved on while Tailboard was reconnecting`)
        }
        fresh += result.lines.length
        for (const line of result.lines) emit(line, now)
      }
      return false
    }

    return startRetryLoop({
      report,
      backoff: options.backoff,
      describe: (err) => scrubSecrets(describeError(err), [token]),
      async attempt({ signal, connected, healthy }) {
        const idle = createIdleWatch(idleRefreshMs, signal)
        try {
          const res = await fetch(url, { headers, signal: idle.signal })
          if (!res.ok) throw new Error(await describeFailure(res, pipeline))
          const type = res.headers.get('content-type') ?? ''
          if (!type.startsWith('text/plain') || !res.body) {
            await res.body?.cancel()
            throw new Error(`unexpected content type "${type}" from the logs endpoint (expected text/plain)`)
          }
          connected()
          dedupe.reconnected()
          fresh = 0
          const splitter = createLineSplitter()
          idle.alive()
          try {
            for await (const chunk of res.body) {
              idle.alive()
              const ended = handle(splitter.push(chunk as Uint8Array))
              flush()
              // lines the replay did not have already: the upstream works (a mere replay, then a close, does not count)
              if (fresh > 0) healthy()
              if (ended) {
                dedupe.reset()
                out.lines([{ ts: new Date().toISOString(), level: 'info', source: id, process: pipeline, text: 'Feldera: the logs of this pipeline have ended', marker: 'event' }])
                await res.body.cancel().catch(() => {})
                return { again: 'Feldera says the logs have ended (pipeline deleted or runner restarted)', delayMs: endedDelayMs }
              }
            }
          } catch (err) {
            if (!idle.wasIdle(err)) throw err
            // A silent stream, re-requested at once; the replay is deduplicated, a cut partial line comes again whole.
            for (const line of dedupe.ended().lines) emit(line, new Date().toISOString())
            flush()
            return { again: 'the log stream was idle', quiet: true }
          }
          // A partial last line is dropped on purpose: the next request replays it whole.
          for (const line of dedupe.ended().lines) emit(line, new Date().toISOString())
          flush()
          return { again: 'the log stream ended early (Feldera dropped the connection)' }
        } finally {
          idle.dispose()
        }
      },
    })
  }

  return {
    id,
    kind: 'feldera',
    ...loopLifecycle((s) => {
      const merger = createStateMerger((state, message) => s.state(state, message))
      return pipelines.map((name) => follow(name, s, merger.part(`pipeline '${name}'`)))
    }),
  }
}
