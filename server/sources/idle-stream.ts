/**
 * Long-lived HTTP streams (Feldera's `/logs`, beta9's SSE) carry no heartbeat, so a quiet upstream means a silent
 * connection. Node's fetch (undici) aborts a body that has been silent for 300 s (`UND_ERR_BODY_TIMEOUT`, message
 * `terminated`). Both cases are routine, not failures: the source ends the request itself a little earlier, and
 * treats undici's timeout the same way, then re-requests at once (beta9 resumes with `Last-Event-ID`, Feldera's replay
 * is deduplicated).
 */

/** Below undici's default `bodyTimeout` (300 s), so the source's own refresh comes first. */
export const DEFAULT_IDLE_REFRESH_MS = 240_000

/** True for undici's "the body was silent for `bodyTimeout`" error, however deep in `cause` it sits. */
export function isBodyTimeout(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === 'UND_ERR_BODY_TIMEOUT') return true
  }
  return false
}

/**
 * An abort signal for one streaming request that fires when `idleMs` pass without `alive()` (call it when the
 * response starts and on every chunk), or when `outer` aborts. `idled` tells the two apart afterwards.
 */
export function createIdleWatch(idleMs: number, outer: AbortSignal) {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let idled = false
  return {
    signal: AbortSignal.any([outer, controller.signal]),
    alive(): void {
      clearTimeout(timer)
      timer = setTimeout(() => {
        idled = true
        controller.abort(new Error(`no data for ${idleMs}ms`))
      }, idleMs)
    },
    /** The stream ended because it was idle (ours or undici's timeout), not because it failed or was stopped. */
    wasIdle(err: unknown): boolean {
      return !outer.aborted && (idled || isBodyTimeout(err))
    },
    dispose(): void {
      clearTimeout(timer)
    },
  }
}
