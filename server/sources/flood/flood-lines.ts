/**
 * Synthetic log lines for the benchmark: ~`lineBytes` of text, a mix of levels, some ANSI and some JSON lines. Every
 * line carries its number and creation time, so the page can measure lag: plain and ANSI lines start with
 * `#<n> <epochMicros> `, JSON lines have `"n"` and `"t"` first, and `ts` is the creation time too.
 */
import type { Level, NewLogLine } from '../../protocol.ts'
import { createIsoStamp } from '../../logs/iso-stamp.ts'

export type FloodMix = {
  /** Share of lines (0–1) wrapped in ANSI colour codes. */
  ansi: number
  /** Share of lines that are one JSON record. */
  json: number
  /** Share of lines containing the rare word `RARE_WORD` (what the filter benchmark searches for). */
  rare: number
}

export const DEFAULT_MIX: FloodMix = { ansi: 0.1, json: 0.1, rare: 0.005 }
export const RARE_WORD = 'zebrafish'
const PROCESSES = ['api', 'worker-1', 'worker-2', 'worker-3', 'scheduler', 'db-proxy']
// Weighted like a busy service: mostly info/debug, a few warnings and errors.
const LEVEL_TABLE: Level[] = [...Array<Level>(55).fill('info'), ...Array<Level>(25).fill('debug'), ...Array<Level>(8).fill('trace'), ...Array<Level>(8).fill('warn'), ...Array<Level>(3).fill('error'), 'fatal']
const WORDS = 'request handled upstream latency cache miss retry queue depth commit rollback session token user order shard replica lease timeout payload bytes route status'.split(' ')
const ANSI: Partial<Record<Level, string>> = { warn: '\x1b[33m', error: '\x1b[31m', fatal: '\x1b[1;31m', info: '\x1b[32m', debug: '\x1b[36m' }

/** Deterministic xorshift32, so a run's text is reproducible. */
export function createRandom(seed = 0x9e3779b9): () => number {
  let x = seed | 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

/** A pool of message bodies of about `bytes` characters, built once so generating a line is a concatenation. */
export function createBodies(bytes: number, count = 512, random = createRandom()): string[] {
  const bodies: string[] = []
  for (let i = 0; i < count; i++) {
    let body = ''
    while (body.length < bytes) body += `${WORDS[Math.floor(random() * WORDS.length)]}=${Math.floor(random() * 100_000)} `
    bodies.push(body.slice(0, bytes))
  }
  return bodies
}

export type LineFactory = (n: number, nowMs: number) => NewLogLine

/** Builds lines for source `source`; the body is sized so the whole text is about `lineBytes` long. */
export function createLineFactory({ source, lineBytes = 200, mix = DEFAULT_MIX, seed }: { source: string; lineBytes?: number; mix?: FloodMix; seed?: number }): LineFactory {
  const random = createRandom(seed)
  // The stamp prefix takes ~26 characters ("#1234567 1712345678901234 ").
  const bodies = createBodies(Math.max(16, lineBytes - 32), 512, random)
  const stamp = createIsoStamp()
  return (n, nowMs) => {
    const r = random()
    const level = LEVEL_TABLE[Math.floor(random() * LEVEL_TABLE.length)]!
    const micros = Math.round(nowMs * 1000)
    let body = bodies[n & 511]!
    if (random() < mix.rare) body = `${RARE_WORD} ${body}`
    let text: string
    if (r < mix.json) text = `{"n":${n},"t":${micros},"level":"${level}","msg":"${body.slice(0, -20)}"}`
    else if (r < mix.json + mix.ansi) text = `${ANSI[level] ?? '\x1b[2m'}#${n} ${micros}\x1b[0m ${level.toUpperCase()} ${body}`
    else text = `#${n} ${micros} ${level.toUpperCase()} ${body}`
    const process = PROCESSES[n % PROCESSES.length]!
    return { ts: stamp(nowMs), level, source, process, text, ...(n % 50 === 0 ? { taskId: `t-${n % 1000}` } : {}) }
  }
}
