/**
 * Reading during a flood: the user pauses, scrolls to the middle of a 1M-line buffer with wrapped lines and reads while
 * lines keep pouring in below. Frames, long animation frames and main-thread time while reading.
 */
import { openFloodDashboard } from './browser.ts'
import type { CdpBrowser } from './cdp-browser.ts'
import type { GatewayChild } from './gateway-control.ts'
import type { ProbeData } from './page-probe.ts'
import { frameStats, longFrames, round } from './stats.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any // in-page callbacks only

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export type ReadRunOptions = { rate: number; readSeconds: number; query: string }

export async function runReadDuringFlood(browser: CdpBrowser, gateway: GatewayChild, opts: ReadRunOptions) {
  const tab = await openFloodDashboard(browser, gateway.url, gateway.token, opts.query)
  const { page } = tab
  try {
    await gateway.emit(1)
    await page.waitForFunction(() => document.querySelector('[aria-label="Log lines"] [data-seq]') !== null, undefined, { timeout: 15_000 })
    const warmupMs = 3_000
    const flood = gateway.flood(opts.rate, (warmupMs + 1_000) / 1000 + opts.readSeconds)
    await sleep(warmupMs)
    // Pause as a user does (the toolbar button), then scroll halfway up the lines held so far.
    await page.evaluate(() => {
      ;[...document.querySelectorAll('button')].find((b: { textContent: string }) => b.textContent.trim() === 'Pause').click()
    })
    await sleep(300)
    await page.evaluate(() => {
      const el = document.querySelector('[aria-label="Log lines"]')
      el.scrollTop = el.scrollHeight / 2
    })
    await sleep(700)
    const m0 = await tab.metrics()
    const t0 = await page.evaluate(() => {
      ;(window as { __bench: { reset(): void } }).__bench.reset()
      return performance.now()
    })
    await sleep(opts.readSeconds * 1000)
    const t1 = await page.evaluate(() => performance.now())
    const m1 = await tab.metrics()
    const probe = await page.evaluate(() => (window as { __bench: ProbeData }).__bench)
    const rows = await page.evaluate(() => [...document.querySelectorAll('[aria-label="Log lines"] [data-seq]')].map((r: { getBoundingClientRect(): { height: number } }) => r.getBoundingClientRect().height))
    await flood
    const wallS = (t1 - t0) / 1000
    const loafs = probe.loafs.filter((l) => l.start >= t0 && l.start <= t1 && l.duration > 50)
    return {
      rate: opts.rate,
      readSeconds: opts.readSeconds,
      ...frameStats(probe.frames, t0, t1),
      longAnimationFrames: longFrames(loafs, t0),
      mainThreadBusyPct: round(((m1.TaskDuration! - m0.TaskDuration!) / wallS) * 100),
      scriptPct: round(((m1.ScriptDuration! - m0.ScriptDuration!) / wallS) * 100),
      /** Rows on screen while reading, and how many were taller than one text line (the lines really wrapped). */
      rowsShown: rows.length,
      rowsWrapped: rows.filter((h: number) => h > 20.5).length,
    }
  } finally {
    await page.close()
  }
}
