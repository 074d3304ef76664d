// Shared helpers for the demo programs: a seeded PRNG (so runs are repeatable), ANSI colours and a ticker.

/** mulberry32: tiny, fast, good enough for a demo. */
export function rng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  }
}

export const c = {
  red: (s) => `\x1b[31m${s}\x1b[0m`,
  green: (s) => `\x1b[32m${s}\x1b[0m`,
  yellow: (s) => `\x1b[33m${s}\x1b[0m`,
  blue: (s) => `\x1b[34m${s}\x1b[0m`,
  cyan: (s) => `\x1b[36m${s}\x1b[0m`,
  dim: (s) => `\x1b[2m${s}\x1b[0m`,
  bold: (s) => `\x1b[1m${s}\x1b[0m`,
}

export const now = () => new Date().toISOString()
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
export const seedArg = (index, fallback = 1) => Number(process.argv[index] ?? fallback) || fallback

/** A stack trace as Node prints it, written in one go so it reaches the gateway as one record. */
export function nodeTrace(message, frames) {
  return [`Error: ${message}`, ...frames.map((f) => `    at ${f}`)].join('\n')
}

/** Exits quietly on SIGTERM, as a well-behaved service does. */
export function exitOnSigterm(message = 'received SIGTERM, shutting down') {
  process.on('SIGTERM', () => {
    console.log(`${now()} INFO ${message}`)
    process.exit(0)
  })
}
