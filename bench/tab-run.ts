/** One tab, one flood: lost lines, lag, frames, long animation frames, main-thread busy, a click, heap and DOM. */
import { openFloodDashboard, readHealth } from './browser.ts'
import type { CdpBrowser, CdpPage } from './cdp-browser.ts'
import { coresBetween, type GatewayChild } from './gateway-control.ts'
import type { ProbeData } from './page-probe.ts'
import { chromiumCores, snapshotChromium } from './proc-cpu.ts'
import { startProfile, stopProfile } from './profile.ts'
import { frameStats, lineLag, longFrames, round } from './stats.ts'

/** Where the lines come from: the gateway's flood source unless told otherwise (`--peers` writes a file instead). */
export type FloodDriver = { prime(): Promise<number>; flood(rate: number, seconds: number): Promise<{ offered: number; startedAt: number; endedAt: number }> }
export type TabRunOptions = {
  rate: number
  seconds: number
  profile?: boolean
  distDir?: string
  query?: string
  driver?: FloodDriver
  /** Waits, once the first line shows, for what else the page must show before the flood starts (the task table). */
  settle?: (page: CdpPage) => Promise<void>
  /**
   * A flood the tab lives through before the measured one, so that flood meets code V8 has already compiled: a tab
   * open for a while on a busy deployment, against the first flood of a fresh tab (see BENCHMARKS.md, "warm tab").
   */
  warmUp?: { rate: number; seconds: number }
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any // in-page callbacks only

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function runTabFlood(browser: CdpBrowser, gateway: GatewayChild, opts: TabRunOptions) {
  const tab = await openFloodDashboard(browser, gateway.url, gateway.token, opts.query)
  const { page } = tab
  try {
    const driver: FloodDriver = opts.driver ?? { prime: () => gateway.emit(1), flood: (rate, seconds) => gateway.flood(rate, seconds) }
    let before = await driver.prime()
    await page.waitForFunction(() => document.querySelector('[aria-label="Log lines"] [data-seq]') !== null, undefined, { timeout: 15_000 })
    await opts.settle?.(page)
    if (opts.warmUp) before += await liveThrough(page, driver, opts.warmUp)
    const heapBefore = await tab.heapAfterGc()
    const m0 = await tab.metrics()
    const [t0, seqAtStart] = await page.evaluate(() => {
      const b = (window as unknown as { __bench: ProbeData & { reset(): void } }).__bench
      b.reset()
      return [performance.now(), b.newestSeq]
    })
    const g0 = await gateway.usage()
    const c0 = snapshotChromium()
    if (opts.profile) await startProfile(tab.cdp)
    const flood = driver.flood(opts.rate, opts.seconds)
    // A click in the middle of the flood: open the health dialog, then close it again.
    await sleep((opts.seconds * 1000) / 2)
    const health = 'button[aria-label="Stream health"]'
    await page.click(health)
    await sleep(500)
    await page.click(health)
    const result = await flood
    const [t1, seqAtEnd] = await page.evaluate(() => [performance.now(), (window as unknown as { __bench: ProbeData }).__bench.newestSeq])
    const m1 = await tab.metrics()
    const g1 = await gateway.usage()
    const c1 = snapshotChromium()
    const profile = opts.profile ? await stopProfile(tab.cdp, { distDir: opts.distDir }) : undefined
    // Let the tab drain what is still queued, then read its counters the way a user would.
    const offered = result.offered + before
    let counters = await readHealth(page)
    const drainStart = Date.now()
    while (counters.received + counters.missed < offered && Date.now() - drainStart < 30_000) {
      await sleep(500)
      counters = await readHealth(page)
    }
    const drainMs = Date.now() - drainStart
    const probe = await page.evaluate(() => (window as unknown as { __bench: ProbeData }).__bench)
    const heapAfter = await tab.heapAfterGc()
    const dom = await page.evaluate(() => document.getElementsByTagName('*').length)
    const m2 = await tab.metrics()
    const wallS = (t1 - t0) / 1000
    const loafs = probe.loafs.filter((l) => l.start >= t0 && l.start <= t1)
    // Clicks during the flood only: reading the health counters afterwards clicks too (its next frame is not stamped
    // yet when the probe is read).
    const clicks = probe.events.filter((e) => (e.name === 'click' || e.name === 'pointerup' || e.name === 'pointerdown') && e.start >= t0 && e.start <= t1)
    return {
      rate: opts.rate,
      seconds: opts.seconds,
      offered,
      offeredRate: Math.round(result.offered / ((result.endedAt - result.startedAt) / 1000)),
      received: counters.received,
      evicted: counters.evicted,
      held: counters.buffer,
      /** Lines the gateway could no longer deliver to this tab, shown to the user as gap rows. */
      gapped: counters.missed,
      /** Neither received nor announced by a gap frame: silently lost. */
      lost: offered - counters.received - counters.missed,
      notReceived: offered - counters.received,
      drainMsAfterFlood: counters.received >= offered ? drainMs : null,
      /** Lines up to the newest one painted when the flood ended (the hub numbers lines without holes). */
      shownByFloodEnd: seqAtEnd - seqAtStart,
      lagMs: lineLag(probe.lags),
      lagToNextFrameMs: lineLag(probe.lags, (s) => [s[3], s[3] + (s[2] - s[1])]),
      ...frameStats(probe.frames, t0, t1),
      longAnimationFrames: {
        ...longFrames(loafs, t0),
        /** Where the long frames' time went, summed over them: what to cut to get under 50 ms. */
        parts: longFrameParts(loafs.filter((l) => l.duration > 50)),
        worst: loafs.sort((a, b) => b.duration - a.duration).slice(0, 3),
      },
      mainThreadBusyPct: round(((m1.TaskDuration! - m0.TaskDuration!) / wallS) * 100),
      scriptPct: round(((m1.ScriptDuration! - m0.ScriptDuration!) / wallS) * 100),
      layoutStylePct: round(((m1.LayoutDuration! + m1.RecalcStyleDuration! - m0.LayoutDuration! - m0.RecalcStyleDuration!) / wallS) * 100),
      click: {
        // Event Timing records only events over 16 ms; a click with no entry was answered within 16 ms.
        eventTiming: clicks.map((e) => ({ name: e.name, delayMs: round(e.delay), durationMs: round(e.duration) })),
        toNextFrameMs: probe.clicks.filter((c) => c.start >= t0 && c.start <= t1).map((c) => round(c.nextFrame - c.start)),
      },
      /** Cores per Chromium process kind during the flood (other tabs of this browser included). */
      chromiumCores: chromiumCores(c0, c1),
      gatewayCores: round(coresBetween(g0, g1), 2),
      heapBeforeMB: round(heapBefore / 2 ** 20),
      heapAfterMB: round(heapAfter / 2 ** 20),
      heapPerHeldLineBytes: counters.buffer > 0 ? Math.round((heapAfter - heapBefore) / counters.buffer) : null,
      domElements: dom,
      domNodesMetric: m2.Nodes,
      profile,
    }
  } finally {
    await page.close()
  }
}

/**
 * Floods the tab, waits until the newest line it paints stops changing (it has drained the flood), then 2 s more of
 * quiet; returns the lines offered.
 */
async function liveThrough(page: CdpPage, driver: FloodDriver, { rate, seconds }: { rate: number; seconds: number }): Promise<number> {
  const { offered } = await driver.flood(rate, seconds)
  const newest = () => page.evaluate(() => (window as unknown as { __bench: ProbeData }).__bench.newestSeq)
  const until = Date.now() + 30_000
  let last = -1
  let seq = await newest()
  while (seq !== last && Date.now() < until) {
    await sleep(500)
    last = seq
    seq = await newest()
  }
  await sleep(2_000)
  return offered
}

function longFrameParts(long: ProbeData['loafs']) {
  const sum = (f: (l: ProbeData['loafs'][number]) => number) => Math.round(long.reduce((s, l) => s + f(l), 0))
  const scriptMs = sum((l) => l.scriptMs ?? 0)
  const frameScriptMs = sum((l) => l.frameScriptMs ?? 0)
  const renderMs = sum((l) => l.renderMs ?? 0)
  const totalMs = sum((l) => l.duration)
  // The rest: tasks without a script entry (garbage collection, message dispatch, the browser's own work) and idle gaps.
  return { totalMs, scriptMs, forcedLayoutMs: sum((l) => l.forcedLayoutMs ?? 0), frameScriptMs, renderMs, otherMs: totalMs - scriptMs - frameScriptMs - renderMs }
}

export type TabRunResult = Awaited<ReturnType<typeof runTabFlood>>
