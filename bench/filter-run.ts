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
    input.addEventListener('keydown', (e: { key: string; timeStamp: number }) => e.key === 'Enter' && (w.t0 = e.timeStamp), { capture: true, once: true })
    const giveUp = setTimeout(() => resolve(w), 20_000)
    const frame = (t: number) => {
      if (!Number.isNaN(w.t0)) {
        w.frames.push(t)
        const rows: Array<{ textContent: string }> = [...document.querySelectorAll('[aria-label="Log lines"] [data-seq]')]
        const match = (el: { textContent: string }) => (term === '' ? true : el.textContent!.toLowerCase().includes(term))
        if (Number.isNaN(w.firstScreen) && rows.length >= 10 && rows.every(match)) w.firstScreen = performance.now()
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
    const change = async (term: string) => {
      await input.fill(term)
      await page.evaluate(() => (window as unknown as { __bench: { reset(): void } }).__bench.reset())
      const watching = page.evaluate(watchFilter, term.toLowerCase())
      await sleep(50)
      await startProfile(tab.cdp)
      await input.press('Enter')
      const w = await watching
      const profile = await stopProfile(tab.cdp, { distDir, n: 10 })
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
        shown,
        profile,
      }
    }
    const search = await change(RARE_WORD)
    await sleep(1_000)
    const cleared = await change('')
    return { held: health.buffer, received: health.received, gapped: health.missed, offered: fill.offered, heapMB: round((await tab.heapAfterGc()) / 2 ** 20), search, cleared }
  } finally {
    await page.context().close()
  }
}
