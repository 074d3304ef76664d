/**
 * Beam's timestamps are Python's `datetime.now(timezone.utc).isoformat()`: microseconds and a `+00:00` suffix. A JS
 * Date keeps only milliseconds, so resume points and ordering work on microseconds since the epoch instead.
 */

/** Microseconds since the epoch of an ISO timestamp with up to 6 (more are cut) fraction digits; NaN when unreadable. */
export function micros(ts: string): number {
  const ms = Date.parse(ts)
  if (Number.isNaN(ms)) return NaN
  return Math.floor(ms / 1000) * 1_000_000 + Number((/\.(\d+)/.exec(ts)?.[1] ?? '').padEnd(6, '0').slice(0, 6))
}

/** Python's `isoformat()` of a UTC instant given in microseconds since the epoch. */
export function pythonIso(us: number): string {
  return `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19)}.${String(us % 1_000_000).padStart(6, '0')}+00:00`
}

/** Now, as Python's `isoformat()` would print it (millisecond precision, padded to micros). */
export const pythonNow = (): string => pythonIso(Date.now() * 1000)
