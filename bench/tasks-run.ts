/**
 * The task table with 10,000 tasks (50 change status per poll): main-thread scripting per poll update, from CDP
 * `Performance.getMetrics` (ScriptDuration) over several polls, and the longest animation frame meanwhile.
 */
import type { Browser } from '@playwright/test'
import { openDashboard } from './browser.ts'
import type { GatewayChild } from './gateway-control.ts'
import type { ProbeData } from './page-probe.ts'
import { startProfile, stopProfile } from './profile.ts'
import { round } from './stats.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any // in-page callbacks only

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function runTaskTable(browser: Browser, gateway: GatewayChild, { distDir, seconds = 12 }: { distDir: string; seconds?: number }) {
  const tab = await openDashboard(browser, gateway.url, gateway.token)
  const { page } = tab
  try {
    await page.locator('[aria-label="Task list"]').waitFor({ timeout: 20_000 })
    await page.waitForFunction(() => Number(document.querySelector('[aria-label="Task list"]')?.getAttribute('aria-rowcount')) > 10_000, undefined, { timeout: 30_000 })
    // Let the page settle first. The figure is then all scripting in the window divided by the polls in it, so it
    // includes the page's steady per-second cost (the ticking clock): an upper bound on the cost of one poll.
    let polls = 0
    page.on('response', (r) => r.url().includes('/api/tasks?') && polls++)
    await sleep(3_000)
    const idle0 = await tab.metrics()
    const pollsBefore = polls
    await sleep(seconds * 1000)
    const m1 = await tab.metrics()
    const measuredPolls = polls - pollsBefore
    await page.evaluate(() => (window as unknown as { __bench: { reset(): void } }).__bench.reset())
    await startProfile(tab.cdp)
    await sleep(4_500)
    const profile = await stopProfile(tab.cdp, { distDir, n: 12 })
    const probe = await page.evaluate(() => (window as unknown as { __bench: ProbeData }).__bench)
    const script = (m1.ScriptDuration! - idle0.ScriptDuration!) * 1000
    const task = (m1.TaskDuration! - idle0.TaskDuration!) * 1000
    return {
      tasks: 10_000,
      polls: measuredPolls,
      scriptingPerPollMs: measuredPolls > 0 ? round(script / measuredPolls) : null,
      mainThreadPerPollMs: measuredPolls > 0 ? round(task / measuredPolls) : null,
      longestFrameMs: round(Math.max(0, ...probe.loafs.map((l) => l.duration))),
      note: 'includes the idle page cost between polls (1 s clock timers); no log flood running',
      profile,
    }
  } finally {
    await page.context().close()
  }
}
