/** Headless Chromium as the e2e tests launch it (system /usr/bin/chromium, software rendering), plus CDP helpers. */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test'
import { findChromium } from '../scripts/ensure-chromium.mjs'
import { installProbe } from './page-probe.ts'

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync']

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium()
  if (!executablePath) throw new Error('no Chromium: run `node scripts/ensure-chromium.mjs` (or set CHROMIUM_PATH)')
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 })
}

export type DashboardTab = { page: Page; cdp: CDPSession; metrics(): Promise<Record<string, number>>; heapAfterGc(): Promise<number> }

/** Opens the dashboard with the probe installed, logs in with the token and waits for the stream to be live. */
export async function openDashboard(browser: Browser, url: string, token: string, query = ''): Promise<DashboardTab> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  // tsx compiles with esbuild's keepNames, which wraps nested functions in __name(): give serialised page code one.
  await page.addInitScript('globalThis.__name ??= (fn) => fn')
  await page.addInitScript(installProbe)
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' })
  await page.goto(`${url}/?token=${encodeURIComponent(token)}${query}`, { timeout: 30_000 })
  await page.getByRole('list', { name: 'Log lines' }).or(page.getByLabel('Log lines')).first().waitFor({ timeout: 20_000 })
  await page.getByRole('status', { name: 'Log stream connection' }).getByText(/live/i).waitFor({ timeout: 20_000 }).catch(() => undefined)
  return {
    page,
    cdp,
    async metrics() {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }
      return Object.fromEntries(metrics.map((m) => [m.name, m.value]))
    },
    async heapAfterGc() {
      await cdp.send('HeapProfiler.collectGarbage')
      await cdp.send('HeapProfiler.collectGarbage')
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      return usedSize
    },
  }
}

/** Opens the Stream health dialog and reads this tab's counters from it (what the user sees). */
export async function readHealth(page: Page): Promise<{ received: number; evicted: number; buffer: number; missed: number }> {
  const dialog = page.getByRole('dialog', { name: 'Stream health' })
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Stream health' }).click()
  await dialog.waitFor({ timeout: 10_000 })
  const value = async (term: string) => {
    const text = await dialog.locator('dt', { hasText: new RegExp(`^${term}`) }).locator('xpath=following-sibling::dd[1]').innerText()
    return Number(text.replace(/,/g, '').match(/\d+/)?.[0] ?? NaN)
  }
  return { received: await value('Received by this tab'), evicted: await value('Evicted'), buffer: await value('Buffer'), missed: await value('Missed') }
}
