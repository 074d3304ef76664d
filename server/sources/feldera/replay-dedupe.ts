/**
 * Feldera has no cursor: a new `/logs` request replays the pipeline's whole buffer, then goes live. This drops the
 * replayed lines the source already emitted, so a reconnect does not show them twice.
 *
 * The replay is "the buffer's oldest lines … our last line, then new lines". Its first line is looked up in what was
 * seen; every position it occurs at is a candidate alignment, and candidates die as soon as a later line disagrees.
 * The longest surviving alignment that reaches our last line wins; lines after it are new. Replayed lines are held
 * until that is decided, so nothing is dropped on a guess.
 */

export type DedupeResult = { lines: string[]; diverged: boolean }

/** @param capacity lines remembered; at least the upstream's buffer (Feldera: 50 000 lines). */
export function createReplayDedupe(capacity = 50_000) {
  let seen: string[] = []
  let replaying = false
  let alive: number[] | null = null
  let held: string[] = []
  let matched = 0

  const remember = (lines: string[]): void => {
    for (const line of lines) seen.push(line)
    if (seen.length > capacity * 2) seen = seen.slice(-capacity)
  }

  // Held lines up to the winning alignment were old; the rest are new. No alignment at all: all of them are new.
  const settle = (diverged = matched === 0): DedupeResult => {
    const fresh = held.slice(matched)
    replaying = false
    alive = null
    held = []
    matched = 0
    remember(fresh)
    return { lines: fresh, diverged }
  }

  return {
    /** A new request starts: what follows replays the buffer. */
    reconnected(): void {
      if (held.length > 0) settle()
      replaying = seen.length > 0
      alive = null
    },
    /** The upstream cleared its buffer: nothing left to match against. */
    reset(): void {
      seen = []
      replaying = false
      alive = null
      held = []
      matched = 0
    },
    /** True while replayed lines are still being matched. */
    replaying: () => replaying,
    has: (line: string): boolean => seen.includes(line),
    /** Feeds the lines of one chunk; returns those to emit. `diverged`: the replay did not continue what was seen. */
    push(lines: string[]): DedupeResult {
      if (!replaying) {
        remember(lines)
        return { lines, diverged: false }
      }
      const out: string[] = []
      let diverged = false
      for (const line of lines) {
        if (!replaying) {
          remember([line])
          out.push(line)
          continue
        }
        const j = held.length
        held.push(line)
        if (alive === null) alive = seen.flatMap((text, i) => (text === line ? [i] : []))
        alive = alive.filter((i) => seen[i + j] === line)
        // candidates are checked longest-first by position: the largest start reaches the end soonest
        for (const i of alive) if (i + j === seen.length - 1) matched = Math.max(matched, j + 1)
        alive = alive.filter((i) => i + j < seen.length - 1)
        if (alive.length === 0) {
          const settled = settle()
          diverged ||= settled.diverged
          out.push(...settled.lines)
        }
      }
      return { lines: out, diverged }
    },
    /** The stream ended while replaying: held lines all matched what was seen, so none is new. */
    ended(): DedupeResult {
      if (!replaying) return { lines: [], diverged: false }
      // a replay cut short while still matching: everything held was already emitted once
      if (alive !== null && alive.length > 0) matched = held.length
      return settle(matched === 0 && held.length > 0)
    },
  }
}
