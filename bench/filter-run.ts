/**
 * A search-filter change over a full buffer: time from the Enter key to the first screen of matching rows, to the
 * complete result (the toolbar's "(filtering…)" goes away), and the longest main-thread block meanwhile.
 */
import type { Browser } from '@playwright/test'
import { RARE_WORD } from '../server/sources/flood/flood-lines.ts'
import { openDashboard, readHealth } from './browser.ts'
import type { GatewayChild } from './gateway-control.ts'
import type { ProbeData } from './page-probe.ts'
import { startProfile, stopProfile } from './profile.ts'
import { round } from './stats.ts'

// In-page code, type-checked with Node types only (server/tsconfig.json): the DOM globals it touches are declared loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, window: any, MutationObserver: any, addEventListener: any, requestAnimationFrame: (cb: (t: number) => void) => number

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

type Watch = { t0: number; firstScreen: number; complete: number; frames: number[] }

/** In the page: waits for the Enter key, then watches every frame for the first screen and the end of filtering. */
function watchFilter(term: string): Promise<Watch> {
  const w: Watch = { t0: NaN, firstScreen: NaN, complete: NaN, frames: [] }
  const input = document.querySelector('input[aria-label="Search logs"]')!
  const count = document.querySelector('[data-bench-count]')!
  return new Promise((resolve) => {
    // A frame may run before the change is even applied (its rAF callback was queued before the key): the count
    // must have changed from what it said at the key before a frame counts as the first screen or the end.
    let before = ''
    input.addEventListener(
      'keydown',
      (e: { key: string; timeStamp: number }) => {
        if (e.key !== 'Enter') return
        w.t0 = e.timeStamp
        before = count.textContent!
      },
      { capture: true, once: true },
    )
    const giveUp = setTimeout(() => resolve(w), 20_000)
    const frame = (t: number) => {
      if (!Number.isNaN(w.t0)) {
        w.frames.push(t)
        const rows: Array<{ textContent: string }> = [...document.querySelectorAll('[aria-label="Log lines"] [data-seq]')]
        const match = (el: { textContent: string }) => (term === '' ? true : el.textContent!.toLowerCase().includes(term))
        const applied = count.textContent !== before
        if (Number.isNaN(w.firstScreen) && applied && rows.length >= 10 && rows.every(match)) w.firstScreen = performance.now()
        if (!count.textContent!.includes('filtering') && !Number.isNaN(w.firstScreen)) {
          w.complete = performance.now()
          clearTimeout(giveUp)
          return resolve(w)
        }
      }
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })
}

type Change = {
  term: string
  firstScreenMs: number | null
  completeMs: number | null
  longestFrameMs: number | null
  longestBlockingMs: number | null
  worstFrames: Array<{ atMs: number | null; durationMs: number | null; script?: string }>
  shown: string
}

/** The worst of several changes, figure by figure (a run that never completed counts as worst), and each run's figures. */
function worst(runs: Change[]) {
  const max = (pick: (c: Change) => number | null) => (runs.some((c) => pick(c) === null) ? null : Math.max(...runs.map((c) => pick(c)!)))
  return {
    term: runs[0]!.term,
    firstScreenMs: max((c) => c.firstScreenMs),
    completeMs: max((c) => c.completeMs),
    longestFrameMs: max((c) => c.longestFrameMs),
    longestBlockingMs: max((c) => c.longestBlockingMs),
    shown: runs.at(-1)!.shown,
    runs: runs.map(({ firstScreenMs, completeMs, longestFrameMs, worstFrames }) => ({ firstScreenMs, completeMs, longestFrameMs, worstFrames })),
  }
}

export async function runFilterChange(browser: Browser, gateway: GatewayChild, { lines, distDir, rate = 100_000, query }: { lines: number; distDir: string; rate?: number; query?: string }) {
  const tab = await openDashboard(browser, gateway.url, gateway.token, query)
  const { page } = tab
  try {
    const fill = await gateway.flood(rate, lines / rate)
    let health = await readHealth(page)
    for (const until = Date.now() + 60_000; health.received + health.missed < fill.offered && Date.now() < until; await sleep(1_000)) health = await readHealth(page)
    await page.getByRole('button', { name: 'Stream health' }).click()
    await page.getByText(/ of [\d,]+ lines/).first().evaluate((el) => el.setAttribute('data-bench-count', ''))
    const input = page.getByRole('searchbox', { name: 'Search logs' })
    // A sampling profiler slows the page down: the measured changes run without one, a repeat is profiled.
    const change = async (term: string, profiled = false) => {
      await input.fill(term)
      await page.evaluate(() => (window as unknown as { __bench: { reset(): void } }).__bench.reset())
      const watching = page.evaluate(watchFilter, term.toLowerCase())
      await sleep(50)
      if (profiled) await startProfile(tab.cdp)
      await input.press('Enter')
      const w = await watching
      const profile = profiled ? await stopProfile(tab.cdp, { distDir, n: 10 }) : undefined
      const probe = await page.evaluate(() => (window as unknown as { __bench: ProbeData }).__bench)
      const end = Number.isNaN(w.complete) ? w.t0 + 20_000 : w.complete
      const loafs = probe.loafs.filter((l) => l.start + l.duration >= w.t0 && l.start <= end)
      const gaps = w.frames.slice(1).map((t, i) => t - w.frames[i]!)
      const shown = await page.getByText(/ of [\d,]+ lines/).first().innerText()
      return {
        term,
        firstScreenMs: round(w.firstScreen - w.t0),
        completeMs: round(w.complete - w.t0),
        longestFrameMs: round(Math.max(0, ...loafs.map((l) => l.duration), ...gaps)),
        longestBlockingMs: round(Math.max(0, ...loafs.map((l) => l.blocking))),
        /** The longest animation frames meanwhile, with the script that took most of each. */
        worstFrames: loafs.sort((a, b) => b.duration - a.duration).slice(0, 3).map((l) => ({ atMs: round(l.start - w.t0), durationMs: round(l.duration), script: l.script })),
        shown,
        profile,
      }
    }
    // Three rounds of search then clear; each figure reported is the worst of the three (the first is the cold one).
    const searches: Change[] = []
    const clears: Change[] = []
    for (let i = 0; i < 3; i++) {
      searches.push(await change(RARE_WORD))
      await sleep(1_000)
      clears.push(await change(''))
      await sleep(1_000)
    }
    const profiled = await change(RARE_WORD, true)
    return {
      held: health.buffer,
      received: health.received,
      gapped: health.missed,
      offered: fill.offered,
      heapMB: round((await tab.heapAfterGc()) / 2 ** 20),
      search: { ...worst(searches), profile: profiled.profile, completeMsProfiled: profiled.completeMs },
      cleared: worst(clears),
    }
  } finally {
    await page.context().close()
  }
}
