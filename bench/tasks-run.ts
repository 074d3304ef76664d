/**
 * The task table with 10,000 tasks (50 change status per poll): main-thread scripting per poll update, from CDP
 * `Performance.getMetrics` (ScriptDuration) over blocks with polls minus as many blocks as long without, and the
 * longest animation frame meanwhile.
 */
import type { Browser, Route } from '@playwright/test'
import { openDashboard } from './browser.ts'
import type { GatewayChild } from './gateway-control.ts'
import type { ProbeData } from './page-probe.ts'
import { startProfile, stopProfile } from './profile.ts'
import { round } from './stats.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any // in-page callbacks only

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits until the task table lists all 10,000 tasks, on a Playwright page or a bare-DevTools one. */
export function waitForTaskTable(page: { waitForFunction(fn: () => boolean, arg: undefined, options: { timeout: number }): Promise<unknown> }) {
  return page.waitForFunction(() => Number(document.querySelector('[aria-label="Task list"]')?.getAttribute('aria-rowcount')) > 10_000, undefined, { timeout: 30_000 })
}

/** Pairs of blocks (polling, quiet) the measurement alternates. */
const BLOCKS = 3

export async function runTaskTable(browser: Browser, gateway: GatewayChild, { distDir, seconds = 24 }: { distDir: string; seconds?: number }) {
  // Issue 2's "the task table fills within 2 s of opening the printed URL", here with 10,000 tasks: from the
  // navigation (token exchange included) to the first task row on screen.
  const opened = Date.now()
  const tab = await openDashboard(browser, gateway.url, gateway.token)
  const { page } = tab
  try {
    await page.locator('[aria-label="Task list"] [role="row"]:has([role="cell"])').first().waitFor({ timeout: 20_000 })
    const firstRowsMs = Date.now() - opened
    await waitForTaskTable(page)
    // Let the page settle first. Scripting is measured over blocks of the same length that alternate: polling as
    // usual, then every list request held (so no poll lands), three times over, so that the machine's swings within a
    // minute fall on both kinds alike. The difference divided by the polls is the cost of a poll update; the quiet
    // blocks give the page's steady cost, reported apart.
    let polls = 0
    page.on('response', (r) => r.url().includes('/api/tasks?') && polls++)
    await sleep(3_000)
    await page.evaluate(() => (window as unknown as { __bench: { reset(): void } }).__bench.reset())
    const held: Route[] = []
    const hold = (route: Route) => void held.push(route)
    const blockMs = (seconds * 1000) / BLOCKS
    const sum = { script: 0, task: 0, quietScript: 0, quietTask: 0, polls: 0 }
    for (let block = 0; block < BLOCKS; block++) {
      const pollsBefore = polls
      const m0 = await tab.metrics()
      await sleep(blockMs)
      const m1 = await tab.metrics()
      sum.polls += polls - pollsBefore
      sum.script += m1.ScriptDuration! - m0.ScriptDuration!
      sum.task += m1.TaskDuration! - m0.TaskDuration!
      await page.route(/\/api\/tasks\?/, hold)
      await sleep(2_500) // a poll already under way lands here
      const q0 = await tab.metrics()
      await sleep(blockMs)
      const q1 = await tab.metrics()
      sum.quietScript += q1.ScriptDuration! - q0.ScriptDuration!
      sum.quietTask += q1.TaskDuration! - q0.TaskDuration!
      await page.unroute(/\/api\/tasks\?/, hold)
      await Promise.all(held.splice(0).map((r) => r.continue().catch(() => undefined)))
      await sleep(1_000) // the released poll lands between blocks
    }
    // Frames of the whole measurement: the profile below starts with a long frame of its own (the profiler's start:
    // 172 ms measured in a page whose frames are otherwise all under 50 ms).
    const loafs = await page.evaluate(() => (window as unknown as { __bench: ProbeData }).__bench.loafs.map((l) => l.duration))
    await startProfile(tab.cdp)
    await sleep(4_500)
    const profile = await stopProfile(tab.cdp, { distDir, n: 12 })
    const perPoll = (withPolls: number, quiet: number) => (sum.polls > 0 ? round(((withPolls - quiet) * 1000) / sum.polls) : null)
    return {
      tasks: 10_000,
      firstRowsMs,
      polls: sum.polls,
      scriptingPerPollMs: perPoll(sum.script, sum.quietScript),
      mainThreadPerPollMs: perPoll(sum.task, sum.quietTask),
      /** Scripting of the polling blocks divided by their polls, the page's steady cost included (the earlier figure). */
      scriptingPerPollWithSteadyMs: perPoll(sum.script, 0),
      steadyScriptingPerSecondMs: round((sum.quietScript * 1000) / seconds),
      /** Longest animation frame while measuring (polling and quiet blocks). */
      longestFrameMs: round(Math.max(0, ...loafs)),
      note: `per poll = (scripting with polls − scripting with list requests held) ÷ polls, over ${BLOCKS} alternating pairs of equal blocks; no log flood running`,
      profile,
    }
  } finally {
    await page.context().close()
  }
}
