import type { Level } from '@server/protocol'

const ISO_UTC = /^\d{4}-\d\d-\d\dT(\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/**
 * `HH:MM:SS.mmm` in UTC or in the viewer's zone. Canonical UTC ISO strings are sliced without a Date; anything
 * unparseable is shown as given.
 */
export function formatTime(ts: string, zone: 'utc' | 'local' = 'utc'): string {
  const m = zone === 'utc' ? ISO_UTC.exec(ts) : null
  if (m) return `${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}`
  const ms = Date.parse(ts)
  if (Number.isNaN(ms)) return ts
  if (zone === 'utc') return new Date(ms).toISOString().slice(11, 23)
  const d = new Date(ms)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

/** The viewer's zone as shown in the header, e.g. `UTC+01:00`. */
export function localZoneLabel(at = new Date()): string {
  const off = -at.getTimezoneOffset()
  if (off === 0) return 'UTC'
  return `UTC${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
}

/** The first line of a multi-line record and how many more lines it has (a trailing newline does not count). */
export function firstLine(text: string): { first: string; more: number } {
  const nl = text.indexOf('\n')
  if (nl === -1) return { first: text, more: 0 }
  let more = 0
  for (let i = nl; i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) more++
  return { first: text.slice(0, text[nl - 1] === '\r' ? nl - 1 : nl), more }
}

const processColors = new Map<string, string>()

/** A stable colour per process name (FNV-1a hash → hue), readable on the dark theme. */
export function processColor(name: string): string {
  let color = processColors.get(name)
  if (color === undefined) {
    let h = 0x811c9dc5
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
    color = `hsl(${(h >>> 0) % 360} 70% 68%)`
    processColors.set(name, color)
  }
  return color
}

/** Badge classes per level. */
export const LEVEL_BADGE: Record<Level, string> = {
  trace: 'bg-zinc-800 text-zinc-400',
  debug: 'bg-slate-800 text-sky-300',
  info: 'bg-emerald-950 text-emerald-300',
  warn: 'bg-amber-950 text-amber-300',
  error: 'bg-red-950 text-red-300',
  fatal: 'bg-red-600 text-white',
  unknown: 'bg-zinc-900 text-zinc-500',
}
