import { launchBrowser, openDashboard, readHealth } from './browser.ts'
import { buildDashboard } from './build.ts'
import { startGatewayChild } from './gateway-control.ts'
const dist = await buildDashboard()
const browser = await launchBrowser()
const g = await startGatewayChild({ staticDir: dist })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
try {
  const tab = await openDashboard(browser, g.url, g.token, '&buffer=1000000')
  await g.flood(50_000, 20)
  for (let i = 0; i < 30; i++) { const h = await readHealth(tab.page); if (h.received >= 1_000_000) break; await sleep(1000) }
  await tab.page.getByRole('button', { name: 'Stream health' }).click()
  const input = tab.page.getByRole('searchbox', { name: 'Search logs' })
  await input.fill('zebrafish')
  await sleep(50)
  const events: any[] = []
  tab.cdp.on('Tracing.dataCollected', (e: any) => events.push(...e.value))
  const done = new Promise((r) => tab.cdp.once('Tracing.tracingComplete', r))
  await tab.cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink,toplevel', transferMode: 'ReportEvents' })
  await input.press('Enter')
  await sleep(800)
  await tab.cdp.send('Tracing.end')
  await done
  // main thread of the renderer: the thread with most 'RunTask' events... pick tid with CrRendererMain name
  const names = events.filter((e) => e.name === 'thread_name')
  const main = names.find((e) => e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'FunctionCall'))
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X')
  const by = new Map<string, number>()
  for (const e of mine) by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0) / 1000)
  console.log([...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([n, ms]) => `${ms.toFixed(1)} ${n}`).join('\n'))
  const tasks = mine.filter((e) => e.name === 'RunTask').map((e) => e.dur / 1000)
  console.log('tasks', tasks.length, 'sum', tasks.reduce((a, b) => a + b, 0).toFixed(1))
} finally { await g.stop(); await browser.close() }
process.exit(0)
