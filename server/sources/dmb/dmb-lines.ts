/**
 * DMB's `/ws/logs` frames are plain text, one record per frame, formatted by Python logging as
 * `%(asctime)s - %(levelname)s - %(message)s` with datefmt `%b %e, %Y %H:%M:%S`: a space-padded day and no zone.
 * Subprocess output reads `name subprocess: text`, rclone output `rclone mount name "X": text`.
 */
import type { Level } from '../../protocol.ts'
import { detectLevel, levelFromName } from '../../logs/detect-level.ts'

export type DmbRecord = { ts: string; level: Level; process: string; text: string }

// the dmbdb frontend's own entry regex, applied to the first line of a frame only
const ENTRY = /^(.+?) - (\w+) - (?:(.+?) subprocess: )?(.*)$/
const STAMP = /^([A-Z][a-z]{2}) +(\d{1,2}), (\d{4}) (\d\d):(\d\d):(\d\d)$/
const RCLONE = /^rclone mount name "[^"]*": /
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const OFFSET = /^([+-])(\d\d):?(\d\d)$/

type Fields = { y: number; mo: number; d: number; h: number; mi: number; s: number }
const formatters = new Map<string, Intl.DateTimeFormat>()

/** How far `zone`'s wall clock is ahead of UTC at the instant `utcMs`, in ms. */
function zoneOffset(utcMs: number, zone: string): number {
  let fmt = formatters.get(zone)
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formatters.set(zone, fmt)
  }
  const p = Object.fromEntries(fmt.formatToParts(utcMs).map((part) => [part.type, Number(part.value)]))
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(utcMs / 1000) * 1000
}

/**
 * The UTC instant of a zone-less wall-clock time read in `zone` (IANA name, `UTC`/`Z`, or `±hh:mm`); without a zone,
 * in the gateway's own zone.
 */
export function wallClockToIso(f: Fields, zone?: string): string {
  if (zone === undefined) return new Date(f.y, f.mo, f.d, f.h, f.mi, f.s).toISOString()
  const asUtc = Date.UTC(f.y, f.mo, f.d, f.h, f.mi, f.s)
  if (zone === 'UTC' || zone === 'Z') return new Date(asUtc).toISOString()
  const offset = OFFSET.exec(zone)
  if (offset) return new Date(asUtc - (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000).toISOString()
  // the offset at the guess can differ from the offset at the answer near a DST change: correct once
  const first = zoneOffset(asUtc, zone)
  const second = zoneOffset(asUtc - first, zone)
  return new Date(asUtc - second).toISOString()
}

/** Parses DMB's `Nov  2, 2026 08:48:33`; `null` when it is not one. */
export function parseDmbStamp(text: string, zone?: string): string | null {
  const m = STAMP.exec(text)
  const mo = m ? MONTHS.indexOf(m[1]!) : -1
  if (!m || mo < 0) return null
  return wallClockToIso({ y: Number(m[3]), mo, d: Number(m[2]), h: Number(m[4]), mi: Number(m[5]), s: Number(m[6]) }, zone)
}

/**
 * Parses one frame into a record, or returns `null` for a continuation (a frame that is not a record head: the
 * official UI drops these; the source joins them to the previous record). Embedded newlines stay in `text`.
 */
export function parseDmbFrame(frame: string, { project, zone }: { project: string; zone?: string }): DmbRecord | null {
  const nl = frame.indexOf('\n')
  const head = nl === -1 ? frame : frame.slice(0, nl)
  const m = ENTRY.exec(head)
  const ts = m ? parseDmbStamp(m[1]!, zone) : null
  if (!m || !ts) return null
  const message = m[4]! + (nl === -1 ? '' : frame.slice(nl))
  const process = m[3]?.trim() || (RCLONE.test(message) ? 'rclone' : project)
  return { ts, level: levelFromName(m[2]!) ?? detectLevel(message), process, text: message }
}
