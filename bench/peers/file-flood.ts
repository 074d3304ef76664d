/**
 * Writes a flood of ~`lineBytes`-byte lines to a file at `rate` lines/s for `seconds`, the way a busy service logs:
 * the input every viewer in `--peers` tails (frontail, log.io and Tailboard's file source). Each line starts with
 * `#<n> <epochMicros>`, so a page can tell which line it shows and how old it is. Runs as its own process (spawned
 * by peers-run.ts) so the writer's timer is not delayed by the bench's own work; prints one JSON result line.
 * argv: <file> <rate> <seconds> <firstN>
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { createLineFactory } from '../../server/sources/flood/flood-lines.ts'

export type FileFloodResult = { offered: number; startedAt: number; endedAt: number }

const [file, rateArg, secondsArg, firstArg] = process.argv.slice(2)
const rate = Number(rateArg)
const seconds = Number(secondsArg)
if (!file || !(rate > 0) || !(seconds > 0)) {
  console.error('usage: file-flood <file> <rate> <seconds> [firstN]')
  process.exit(2)
}
// Plain lines only: ANSI and JSON would be shown differently by each viewer, and the stamp must lead every line.
const makeLine = createLineFactory({ source: 'file', lineBytes: 200, mix: { ansi: 0, json: 0, rare: 0 } })
const fd = openSync(file, 'a')
const total = Math.round(rate * seconds)
let n = Number(firstArg ?? 1)
let written = 0
const startedAt = Date.now()
// A 10 ms tick writes what the elapsed time calls for, so the rate holds when a tick is late.
const timer = setInterval(() => {
  const now = Date.now()
  const due = Math.min(total, Math.round(((now - startedAt) / 1000) * rate)) - written
  if (due > 0) {
    let chunk = ''
    for (let i = 0; i < due; i++) chunk += `${makeLine(n++, Date.now()).text}\n`
    writeSync(fd, chunk)
    written += due
  }
  if (written >= total) {
    clearInterval(timer)
    closeSync(fd)
    const result: FileFloodResult = { offered: written, startedAt, endedAt: Date.now() }
    console.log(JSON.stringify(result))
  }
}, 10)
