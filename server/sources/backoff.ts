/**
 * Shared reconnect machinery for upstream sources: capped exponential backoff with jitter, a retry loop that reports
 * human state messages, error texts fit for the UI (network causes spelled out, secrets scrubbed), and the merge of
 * several connections' states (one per pipeline, stream or file) into the one state a source shows.
 */
import type { SourceState } from '../protocol.ts'

export type BackoffOptions = {
  initialMs?: number
  maxMs?: number
  factor?: number
  random?: () => number
  /**
   * A connection that stayed up this long proves the upstream works, so the backoff starts over when it ends. Shorter
   * ones (accepted, then closed at once; a refused token after the handshake) keep growing the delay.
   */
  healthyAfterMs?: number
}

/** Delays of `initialMs·factor^n`, capped at `maxMs`, each with ±20 % jitter so many sources do not retry in step. */
export function createBackoff({ initialMs = 1_000, maxMs = 30_000, factor = 2, random = Math.random }: BackoffOptions = {}) {
  let attempt = 0
  return {
    next(): number {
      const base = Math.min(maxMs, initialMs * factor ** attempt++)
      return Math.max(1, Math.round(base * (0.8 + 0.4 * random())))
    },
    reset(): void {
      attempt = 0
    },
  }
}

/** `4s`, `0.5s`, `1m 30s`: how long until the next attempt, for state messages. */
export function formatDelay(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${+(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`
  return `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`
}

const TOKEN_PARAM = /([?&](?:token|auth_token|access_token|apikey|api_key)=)[^&#\s"']*/gi

/** Removes secret values and token query parameters from a text that may reach the UI or a log. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(TOKEN_PARAM, '$1***')
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***')
  return out
}

/**
 * One line for the UI from whatever a connection attempt threw. Node's fetch hides the useful part in `cause`
 * ("fetch failed" → "connect ECONNREFUSED 127.0.0.1:9").
 */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause = (err as { cause?: unknown }).cause
  if (err.message === 'fetch failed' && cause instanceof Error) return describeError(cause)
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = (err as { hostname?: string }).hostname
    return `DNS lookup failed${host ? ` for ${host}` : ''} (${code})`
  }
  return err.message || code || err.name
}

export type AttemptContext = {
  signal: AbortSignal
  /**
   * The attempt reached its upstream: state becomes `connected`. This alone does not reset the backoff (an upstream
   * may accept and then refuse or close at once); see `healthy`.
   */
  connected(message?: string): void
  /**
   * The upstream delivered something only a working upstream sends (new lines, a valid reply to a command): the
   * backoff starts over when this attempt ends. A connection that lives `healthyAfterMs` counts as healthy too.
   */
  healthy(): void
}

/**
 * What an attempt resolves to: `done` stops the loop for good; `{ again }` reconnects after a backoff delay (after a
 * healthy connection the backoff has started over, so that is its first, shortest step) with `again` as the reason
 * shown meanwhile. `delayMs` overrides the delay. `quiet`: a routine refresh (an idle stream re-requested), so the
 * state stays as it is, the backoff does not grow, and the next attempt starts after `delayMs` (default at once).
 */
export type AttemptResult = 'done' | { again: string; delayMs?: number; quiet?: boolean }

export type RetryLoopOptions = {
  /** Makes one connection and resolves or throws when it ends. Must honour `signal`. */
  attempt(ctx: AttemptContext): Promise<AttemptResult>
  report(state: SourceState, message: string | null): void
  /** Turns a thrown error into the message shown (scrub secrets here). */
  describe?(err: unknown): string
  backoff?: BackoffOptions
}

/** Runs `attempt` until stopped, with backoff between failures. `stop()` aborts the attempt and any pending wait. */
export function startRetryLoop({ attempt, report, describe = describeError, backoff: backoffOptions = {} }: RetryLoopOptions) {
  const backoff = createBackoff(backoffOptions)
  const healthyAfterMs = backoffOptions.healthyAfterMs ?? 10_000
  const controller = new AbortController()
  const { signal } = controller
  let last: string | null = null
  // the same state and message twice in a row (a quiet refresh reconnecting) is not news
  const say = (state: SourceState, message: string | null) => {
    const key = `${state}\u0000${message}`
    if (key === last) return
    last = key
    report(state, message)
  }

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done)
    })

  const loop = (async () => {
    say('connecting', null)
    while (!signal.aborted) {
      let connectedAt: number | null = null
      let healthy = false
      // whether this attempt proved the upstream works: only then does the backoff start over
      const settle = () => {
        if (healthy || (connectedAt !== null && Date.now() - connectedAt >= healthyAfterMs)) backoff.reset()
      }
      try {
        const result = await attempt({
          signal,
          connected(message) {
            connectedAt ??= Date.now()
            say('connected', message ?? null)
          },
          healthy() {
            healthy = true
          },
        })
        if (result === 'done' || signal.aborted) break
        settle()
        if (result.quiet) {
          if (result.delayMs) await wait(result.delayMs)
          continue
        }
        const delay = result.delayMs ?? backoff.next()
        say('reconnecting', delay > 0 ? `${result.again} — reconnecting in ${formatDelay(delay)}` : `${result.again} — reconnecting`)
        if (delay > 0) await wait(delay)
      } catch (err) {
        if (signal.aborted) break
        settle()
        const delay = backoff.next()
        say('error', `${describe(err)} — retrying in ${formatDelay(delay)}`)
        await wait(delay)
      }
    }
  })()

  return {
    async stop(): Promise<void> {
      controller.abort()
      await loop
    },
  }
}

const RANK: Record<SourceState, number> = { error: 4, reconnecting: 3, connecting: 2, connected: 1, stopped: 0 }

/**
 * Merges the states of a source's connections: the worst state wins, and its message names the connection
 * ("pipeline 'b': HTTP 503 …") when there are several.
 */
export function createStateMerger(report: (state: SourceState, message: string | null) => void) {
  const parts = new Map<string, { state: SourceState; message: string | null }>()
  let last = ''
  const publish = () => {
    let worst: SourceState = 'stopped'
    for (const p of parts.values()) if (RANK[p.state] > RANK[worst]) worst = p.state
    const messages = [...parts].filter(([, p]) => p.state === worst && p.message).map(([name, p]) => (parts.size > 1 ? `${name}: ${p.message}` : p.message))
    const message = messages.length > 0 ? messages.join('; ') : null
    if (`${worst}\u0000${message}` === last) return
    last = `${worst}\u0000${message}`
    report(worst, message)
  }
  return {
    /** A reporter for one connection, named in merged messages. */
    part(name: string) {
      parts.set(name, { state: 'connecting', message: null })
      return (state: SourceState, message: string | null) => {
        parts.set(name, { state, message })
        publish()
      }
    },
  }
}
