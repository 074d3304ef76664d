/**
 * A self-hosted beta9 gateway: tasks over REST and logs over the SSE stream `/api/v1/logs/{ws}/stream`, resumed
 * exactly with `Last-Event-ID` after any reconnect. SSE is parsed by eventsource-parser, never by hand.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { z } from 'zod'
import type { NewLogLine } from '../../protocol.ts'
import { detectLevel } from '../../logs/detect-level.ts'
import { describeError, scrubSecrets, startRetryLoop, type AttemptContext, type AttemptResult, type BackoffOptions } from '../backoff.ts'
import { createIdleWatch, DEFAULT_IDLE_REFRESH_MS } from '../idle-stream.ts'
import type { LogSink, Source, TaskProvider } from '../source.ts'
import { createBeta9Tasks } from './beta9-tasks.ts'
import { errorDetail } from './http-json.ts'
import { loopLifecycle } from '../loop-lifecycle.ts'

export type Beta9SourceOptions = {
  id: string
  url: string
  workspace: string
  token?: string
  /** beta9's own stream filters (`stub_id`, `task_id`, …). */
  logFilters?: Record<string, string>
  backoff?: BackoffOptions
  /**
   * A stream silent this long is re-requested quietly with `Last-Event-ID` (beta9 sends no heartbeat; Node's fetch
   * would otherwise abort it at 300 s).
   */
  idleRefreshMs?: number
}

const recordSchema = z.looseObject({
  seq_num: z.number().optional(),
  timestamp: z.string().optional(),
  message: z.string(),
  stream: z.string().optional(),
  container_id: z.string().optional(),
  stub_id: z.string().optional(),
  task_id: z.string().optional(),
})

/** Creates a beta9 source; the log stream connects on `start`, tasks work at once. */
export function createBeta9Source(options: Beta9SourceOptions): Source & { readonly tasks: TaskProvider } {
  const { id, workspace, token, idleRefreshMs = DEFAULT_IDLE_REFRESH_MS } = options
  const base = options.url.replace(/\/+$/, '')
  const stubNames = new Map<string, string>()
  const tasks = createBeta9Tasks({ source: id, url: base, workspace, token, onTask: (t) => t.stub?.id && t.stub.name && stubNames.set(t.stub.id, t.stub.name) })
  const streamUrl = `${base}/api/v1/logs/${encodeURIComponent(workspace)}/stream?${new URLSearchParams(options.logFilters ?? {})}`
  let lastEventId: string | undefined
  // malformed log events are skipped, counted and named in the state message, never a reason to reconnect
  let skipped = 0
  let lastSkip = ''
  const note = () => (skipped > 0 ? `skipped ${skipped} malformed log event${skipped === 1 ? '' : 's'} (last: ${lastSkip})` : undefined)

  const toLine = (event: EventSourceMessage): NewLogLine => {
    let json: unknown
    try {
      json = JSON.parse(event.data)
    } catch {
      throw new Error(`beta9 sent a log event that is not JSON: ${event.data.slice(0, 80)}`)
    }
    const parsed = recordSchema.safeParse(json)
    if (!parsed.success) throw new Error(`beta9 sent a log event without ${parsed.error.issues[0]?.path.join('.') || 'the expected fields'}`)
    const r = parsed.data
    const text = r.message.replace(/\r?\n$/, '')
    const ms = r.timestamp ? Date.parse(r.timestamp) : NaN
    const line: NewLogLine = {
      ts: Number.isNaN(ms) ? new Date().toISOString() : new Date(ms).toISOString(),
      level: detectLevel(text),
      source: id,
      // the stub name reads best; the container id at least tells replicas apart
      process: (r.stub_id && stubNames.get(r.stub_id)) || r.container_id || r.stub_id || 'beta9',
      text,
    }
    if (r.task_id) line.taskId = r.task_id
    if (r.stream === 'stdout' || r.stream === 'stderr') line.stream = r.stream
    return line
  }

  async function attempt(out: LogSink, { signal, connected, healthy }: AttemptContext): Promise<AttemptResult> {
    const headers: Record<string, string> = { accept: 'text/event-stream' }
    if (token) headers.authorization = `Bearer ${token}`
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId
    const idle = createIdleWatch(idleRefreshMs, signal)
    try {
      const res = await fetch(streamUrl, { headers, signal: idle.signal })
      if (!res.ok) {
        const detail = errorDetail(await res.text().catch(() => ''), res.statusText)
        throw new Error(`HTTP ${res.status} from the beta9 log stream${detail ? `: ${detail}` : ''}`)
      }
      const type = res.headers.get('content-type') ?? ''
      if (!type.includes('text/event-stream') || !res.body) {
        await res.body?.cancel()
        throw new Error(`unexpected content type "${type}" from the beta9 log stream (expected text/event-stream)`)
      }
      connected(note())
      let batch: NewLogLine[] = []
      let upstreamError: string | null = null
      let skippedBefore = skipped
      const parser = createParser({
        onEvent(event) {
          if (event.event === 'error') {
            let message = event.data
            try {
              message = String((JSON.parse(event.data) as { error?: unknown }).error ?? event.data)
            } catch {
              // keep the raw data
            }
            upstreamError ??= `beta9 log stream error: ${message}`
            return
          }
          // the id moves past a bad event too, so the resume does not fetch it again
          if (event.id !== undefined) lastEventId = event.id
          if (event.event !== undefined && event.event !== 'log') return
          try {
            batch.push(toLine(event))
          } catch (err) {
            skipped++
            lastSkip = scrubSecrets((err as Error).message, [token])
          }
        },
      })
      const decoder = new TextDecoder()
      const deliver = () => {
        if (batch.length > 0) {
          healthy()
          out.lines(batch)
        }
        batch = []
        if (skipped !== skippedBefore) {
          skippedBefore = skipped
          connected(note())
        }
      }
      idle.alive()
      try {
        for await (const chunk of res.body) {
          idle.alive()
          parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }))
          deliver()
          if (upstreamError) throw new Error(upstreamError)
        }
      } catch (err) {
        deliver()
        // a silent stream: re-requested at once, and Last-Event-ID makes the resume exact
        if (idle.wasIdle(err)) return { again: 'the beta9 log stream was idle', quiet: true }
        throw err
      } finally {
        await res.body.cancel().catch(() => {})
      }
      deliver()
      if (upstreamError) throw new Error(upstreamError)
      return { again: 'the beta9 log stream ended' }
    } finally {
      idle.dispose()
    }
  }

  return {
    id,
    kind: 'beta9',
    tasks,
    ...loopLifecycle((s) => [
      startRetryLoop({
        attempt: (ctx) => attempt(s, ctx),
        report: (state, message) => s.state(state, message),
        describe: (err) => scrubSecrets(describeError(err), [token]),
        backoff: options.backoff,
      }),
    ]),
  }
}
