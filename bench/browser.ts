/**
 * Headless Chromium as the e2e tests launch it (system /usr/bin/chromium, software rendering), and the dashboard
 * opened in it: through Playwright for the runs that need its locators and routing (filter, task table), on a bare
 * DevTools connection for the runs that flood the page (cdp-browser.ts explains why).
 */
import { chromium, type Browser, type Page } from '@playwright/test'
import { findChromium } from '../scripts/ensure-chromium.mjs'
import type { CdpBrowser, CdpPage, CdpSession } from './cdp-browser.ts'
import { installProbe } from './page-probe.ts'
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any // in-page callbacks only

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync']

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium()
  if (!executablePath) throw new Error('no Chromium: run `node scripts/ensure-chromium.mjs` (or set CHROMIUM_PATH)')
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 })
}

export type DashboardTab<P = Page> = { page: P; cdp: CdpSession; metrics(): Promise<Record<string, number>>; heapAfterGc(): Promise<number> }

/** Performance metrics and a heap reading after two full collections, through either kind of session. */
function measuring(cdp: CdpSession) {
  return {
    async metrics() {
      const { metrics } = await cdp.send<{ metrics: Array<{ name: string; value: number }> }>('Performance.getMetrics')
      return Object.fromEntries(metrics.map((m) => [m.name, m.value]))
    },
    async heapAfterGc() {
      await cdp.send('HeapProfiler.collectGarbage')
      await cdp.send('HeapProfiler.collectGarbage')
      const { usedSize } = await cdp.send<{ usedSize: number }>('Runtime.getHeapUsage')
      return usedSize
    },
  }
}

/** Opens the dashboard with the probe installed, logs in with the token and waits for the stream to be live. */
export async function openDashboard(browser: Browser, url: string, token: string, query = ''): Promise<DashboardTab> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  // tsx compiles with esbuild's keepNames, which wraps nested functions in __name(): give serialised page code one.
  await page.addInitScript('globalThis.__name ??= (fn) => fn')
  await page.addInitScript(installProbe)
  const session = await context.newCDPSession(page)
  const cdp: CdpSession = { send: (method, params) => session.send(method as never, params as never) as never }
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' })
  await page.goto(`${url}/?token=${encodeURIComponent(token)}${query}`, { timeout: 30_000 })
  await page.getByRole('list', { name: 'Log lines' }).or(page.getByLabel('Log lines')).first().waitFor({ timeout: 20_000 })
  await page.getByRole('status', { name: 'Log stream connection' }).getByText(/live/i).waitFor({ timeout: 20_000 }).catch(() => undefined)
  return { page, cdp, ...measuring(cdp) }
}

/** The same, on a bare-DevTools page: for runs that flood the page through its WebSocket. */
export async function openFloodDashboard(browser: CdpBrowser, url: string, token: string, query = ''): Promise<DashboardTab<CdpPage>> {
  const page = await browser.newPage({ width: 1400, height: 900 })
  await page.addInitScript('globalThis.__name ??= (fn) => fn')
  await page.addInitScript(installProbe)
  await page.send('Performance.enable', { timeDomain: 'timeTicks' })
  await page.goto(`${url}/?token=${encodeURIComponent(token)}${query}`, { timeout: 30_000 })
  await page.waitForFunction(() => document.querySelector('[aria-label="Log lines"]') !== null, undefined, { timeout: 20_000 })
  const live = () => /live/i.test(document.querySelector('[role="status"][aria-label="Log stream connection"]')?.textContent ?? '')
  await page.waitForFunction(live, undefined, { timeout: 20_000 }).catch(() => undefined)
  return { page, cdp: page, ...measuring(page) }
}

export type HealthCounters = { received: number; evicted: number; buffer: number; missed: number }

/** Opens the Stream health dialog and reads this tab's counters from it (what the user sees). */
export async function readHealth(page: Page | CdpPage): Promise<HealthCounters> {
  return 'getByRole' in page ? readHealthPlaywright(page) : readHealthCdp(page)
}

async function readHealthCdp(page: CdpPage): Promise<HealthCounters> {
  const open = () => document.querySelector('[role="dialog"][aria-label="Stream health"]') !== null
  if (!(await page.evaluate(open))) await page.click('button[aria-label="Stream health"]')
  await page.waitForFunction(open, undefined, { timeout: 10_000 })
  return page.evaluate(() => {
    const dialog = document.querySelector('[role="dialog"][aria-label="Stream health"]')
    const value = (term: string) => {
      const dt = [...dialog.querySelectorAll('dt')].find((d: { textContent: string }) => d.textContent.startsWith(term))
      return Number(((dt?.nextElementSibling?.textContent ?? '') as string).replace(/,/g, '').match(/\d+/)?.[0] ?? NaN)
    }
    return { received: value('Received by this tab'), evicted: value('Evicted'), buffer: value('Buffer'), missed: value('Missed') }
  })
}

async function readHealthPlaywright(page: Page): Promise<HealthCounters> {
  const dialog = page.getByRole('dialog', { name: 'Stream health' })
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Stream health' }).click()
  await dialog.waitFor({ timeout: 10_000 })
  const value = async (term: string) => {
    const text = await dialog.locator('dt', { hasText: new RegExp(`^${term}`) }).locator('xpath=following-sibling::dd[1]').innerText()
    return Number(text.replace(/,/g, '').match(/\d+/)?.[0] ?? NaN)
  }
  return { received: await value('Received by this tab'), evicted: await value('Evicted'), buffer: await value('Buffer'), missed: await value('Missed') }
}
