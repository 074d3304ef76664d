/**
 * The minimal reference page (bench/reference/index.html) on the same gateway, flood and browser as the
 * dashboard: what this machine allows a page that does nothing but show the newest lines, at the moment of the run.
 * Its figures calibrate the dashboard's (the machine is shared, and its speed varies between runs).
 */
import { fileURLToPath } from 'node:url'
import type { CdpBrowser } from './cdp-browser.ts'
import { startGatewayChild } from './gateway-control.ts'
import { longFrames, percentile, round } from './stats.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any // in-page callbacks only
const PAGE_DIR = fileURLToPath(new URL('reference/', import.meta.url))

export async function runReference(browser: CdpBrowser, { rate, seconds }: { rate: number; seconds: number }) {
  const gateway = await startGatewayChild({ staticDir: PAGE_DIR })
  const page = await browser.newPage({ width: 1400, height: 900 })
  try {
    await page.goto(`${gateway.url}/index.html?token=${encodeURIComponent(gateway.token)}`, { timeout: 30_000 })
    await gateway.emit(1)
    await page.waitForFunction(() => window.__ref.received > 0, undefined, { timeout: 20_000 })
    const t0 = await page.evaluate(() => (window.__ref.reset(), performance.now()))
    const result = await gateway.flood(rate, seconds)
    const t1 = await page.evaluate(() => performance.now())
    await page.waitForFunction((n) => window.__ref.received >= n, result.offered + 1, { timeout: 30_000 }).catch(() => undefined)
    const { lags, frames, loafs, received } = (await page.evaluate(() => window.__ref)) as {
      lags: number[]
      frames: number[]
      loafs: Array<{ start: number; duration: number }>
      received: number
    }
    const inside = frames.filter((t) => t >= t0 && t <= t1)
    return {
      rate,
      seconds,
      offered: result.offered + 1,
      received,
      lagMs: { p50: round(percentile(lags, 50)), p95: round(percentile(lags, 95)), max: round(Math.max(...lags)) },
      fps: round((inside.length - 1) / ((t1 - t0) / 1000)),
      /** Animation frames over 50 ms (long-animation-frame entries), as the dashboard's tab runs count them. */
      longAnimationFrames: longFrames(loafs.filter((l) => l.start >= t0 && l.start <= t1), t0),
    }
  } finally {
    await page.close()
    await gateway.stop()
  }
}
