/** Small statistics helpers for the bench (no dependencies). */
import type { ProbeLag } from './page-probe.ts'

export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null)

/** Percentile `p` (0–100) of `values` (unsorted). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/**
 * Per-line lag percentiles from the probe's samples: a sample painted `count` lines whose creation times lie between
 * the newest line's and the previous newest's, so their lags are spread evenly over [lagNewest, lagOldest].
 */
export function lineLag(samples: ProbeLag[], pick: (s: ProbeLag) => [number, number] = (s) => [s[1], s[2]]) {
  const points: Array<[number, number]> = []
  let total = 0
  for (const s of samples) {
    const [lo, hi] = pick(s)
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue
    const k = Math.min(8, s[0])
    for (let i = 0; i < k; i++) points.push([lo + ((hi - lo) * (i + 0.5)) / k, s[0] / k])
    total += s[0]
  }
  points.sort((a, b) => a[0] - b[0])
  const at = (p: number) => {
    let acc = 0
    for (const [v, wgt] of points) if ((acc += wgt) >= (p / 100) * total) return v
    return points.at(-1)?.[0] ?? NaN
  }
  return { p50: round(at(50)), p95: round(at(95)), max: round(Math.max(...samples.map((s) => pick(s)[1]).filter(Number.isFinite))), lines: total }
}

/**
 * Animation frames over 50 ms (long-animation-frame entries) from `t0` on, the way every run counts them: how many,
 * the longest, how many in the first second (while the page's code is still cold) and when each one started.
 */
export function longFrames(loafs: ReadonlyArray<{ start: number; duration: number }>, t0: number) {
  const long = loafs.filter((l) => l.duration > 50)
  return {
    count: long.length,
    maxMs: round(Math.max(0, ...long.map((l) => l.duration))),
    inFirstSecond: long.filter((l) => l.start - t0 < 1_000).length,
    /** When each one started, ms after `t0`. */
    startsMs: long.map((l) => Math.round(l.start - t0)),
  }
}

/** Frames per second and the longest gaps between animation frames. */
export function frameStats(frames: number[], from: number, to: number) {
  const inside = frames.filter((t) => t >= from && t <= to)
  const gaps = inside.slice(1).map((t, i) => t - inside[i]!)
  return {
    fps: round((inside.length - 1) / ((to - from) / 1000)),
    maxFrameGapMs: round(Math.max(0, ...gaps)),
    gapsOver50: gaps.filter((g) => g > 50).length,
  }
}
