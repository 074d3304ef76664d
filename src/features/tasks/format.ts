// Intl formatters are costly to create (toLocale*String makes one per call): a table re-rendering its rows at every
// poll would spend most of that time building formatters. One of each, created on first use.
let timeFormat: Intl.DateTimeFormat | null = null
let dayTimeFormat: Intl.DateTimeFormat | null = null
let today = { start: NaN, end: NaN }

/** Local midnight starting the day `now` is in. Kept for the day: the clock asks it every second. */
export function startOfDay(now: number): number {
  if (!(now >= today.start && now < today.end)) {
    const midnight = new Date(now)
    midnight.setHours(0, 0, 0, 0)
    const next = new Date(midnight)
    next.setDate(next.getDate() + 1)
    today = { start: midnight.getTime(), end: next.getTime() }
  }
  return today.start
}

/** `12:03:44` in the viewer's zone for today (the day `now` is in), else `Nov 21 12:03`. */
export function formatTime(iso: string | null, now: number): string {
  if (!iso) return '—'
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  startOfDay(now)
  if (t >= today.start && t < today.end) return (timeFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })).format(t)
  return (dayTimeFormat ??= new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })).format(t)
}

/** Run time so far (ticking while running) or in total; `—` before the task starts. */
export function formatDuration(startedAt: string | null, endedAt: string | null, now: number): string {
  if (!startedAt) return '—'
  const ms = (endedAt ? Date.parse(endedAt) : now) - Date.parse(startedAt)
  if (!Number.isFinite(ms) || ms < 0) return '—'
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${(ms / 1000).toFixed(1)}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}
