/**
 * `npm run bench` — the performance benchmark of issue 6. Runs the real gateway (a child process with the flood
 * source) and the built dashboard in headless Chromium; writes bench/results/<date>.json and the table in
 * BENCHMARKS.md. Flags: --smoke (a few seconds at a low rate; exits 1 if a line was lost), --only=a,b (scenarios:
 * reference,tab50k,warm50k,tab100k,wrap50k,read50k,tasks50k,heap,filter,fanout,tasks,bundle,profile), --seconds=N (flood length), --no-write.
 * --peers adds frontail and log.io against Tailboard on one flood written to a file (bench/peers/; --peer-rates=a,b,
 * --peer-seconds=N, --peer-window=S); `--peers --only=peers` runs that comparison alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { Browser } from '@playwright/test'
import { launchBrowser } from './browser.ts'
import { buildDashboard } from './build.ts'
import { bundleSize } from './bundle-size.ts'
import { launchCdpBrowser, type CdpBrowser, type CdpPage } from './cdp-browser.ts'
import { runFanout } from './fanout-run.ts'
import { runFilterChange } from './filter-run.ts'
import { runPeers } from './peers/peers-run.ts'
import { runReference } from './reference-run.ts'
import { startGatewayChild, type GatewayChild } from './gateway-control.ts'
import { runReadDuringFlood } from './read-run.ts'
import { peersTable, updateBenchmarksMd } from './report.ts'
import { runTabFlood } from './tab-run.ts'
import { runTaskTable, waitForTaskTable } from './tasks-run.ts'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const smoke = flag('smoke')
const seconds = Number(option('seconds') ?? 30)
const ALL = ['reference', 'tab50k', 'warm50k', 'tab100k', 'wrap50k', 'read50k', 'tasks50k', 'heap', 'filter', 'fanout', 'tasks', 'bundle', 'profile']
const only = new Set(option('only')?.split(',') ?? (smoke ? ['smoke'] : ALL))
if (flag('peers')) only.add('peers')
// A hard stop for the whole run: no loop here may outlive it.
const deadline = setTimeout(() => {
  console.error('bench: overall time limit reached, stopping')
  process.exit(2)
}, Number(option('limit-min') ?? 30) * 60_000)
deadline.unref()

const { cpus, loadavg } = await import('node:os')
const results: Record<string, unknown> = { date: new Date().toISOString(), smoke, node: process.version, cpus: cpus().length, loadAtStart: loadavg().map((x) => Math.round(x * 100) / 100) }
let failed = false

async function withGateway<T>(opts: Parameters<typeof startGatewayChild>[0], fn: (g: GatewayChild) => Promise<T>): Promise<T> {
  const gateway = await startGatewayChild(opts)
  try {
    return await fn(gateway)
  } finally {
    await gateway.stop()
  }
}

async function scenario(name: string, fn: () => Promise<unknown>): Promise<void> {
  if (!only.has(name)) return
  const started = Date.now()
  console.log(`bench: ${name}…`)
  try {
    results[name] = await fn()
    console.log(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`, JSON.stringify(results[name], (k, v) => (k === 'profile' || k === 'worst' ? undefined : v)))
  } catch (e) {
    failed = true
    results[name] = { error: e instanceof Error ? e.stack : String(e) }
    console.error(`bench: ${name} failed:`, e)
  }
}

// Flooded pages run on a bare DevTools connection (cdp-browser.ts: Playwright's network tracing of every WebSocket
// message would load the machine the page runs on); the filter and task-table runs use Playwright's locators.
let browser: Browser | null = null
let floodBrowser: CdpBrowser | null = null
try {
  const dist = await buildDashboard()
  if (only.has('filter') || only.has('tasks')) browser = await launchBrowser()
  if ([...only].some((s) => !['filter', 'tasks', 'fanout', 'bundle'].includes(s))) floodBrowser = await launchCdpBrowser()
  const tab = (rate: number, secs: number, profile = false, query = '') => withGateway({ staticDir: dist }, (g) => runTabFlood(floodBrowser!, g, { rate, seconds: secs, profile, distDir: dist, query }))

  await scenario('smoke', async () => {
    const r = await tab(2_000, 3)
    if (r.notReceived !== 0) failed = true
    return r
  })
  await scenario('reference', async () => ({ at50k: await runReference(floodBrowser!, { rate: 50_000, seconds }), at100k: await runReference(floodBrowser!, { rate: 100_000, seconds }) }))
  await scenario('tab50k', () => tab(50_000, seconds))
  // The same flood in a tab that has already lived through one: its first frames no longer wait on V8 compiling the
  // code a flood runs (BENCHMARKS.md, "warm tab").
  await scenario('warm50k', () => withGateway({ staticDir: dist }, (g) => runTabFlood(floodBrowser!, g, { rate: 50_000, seconds, distDir: dist, warmUp: { rate: 50_000, seconds: 3 } })))
  await scenario('tab100k', () => tab(100_000, seconds))
  // Wrapped lines have heights of their own: the path a user takes to read long lines and tracebacks mid-incident.
  await scenario('wrap50k', () => tab(50_000, Math.min(seconds, 10), false, '&wrap=1'))
  // Reading mid-incident: paused halfway up a 1M-line buffer of wrapped lines (~400 bytes: 3 text lines each) while the
  // flood goes on below.
  await scenario('read50k', () =>
    withGateway({ staticDir: dist, lineBytes: 400 }, (g) => runReadDuringFlood(floodBrowser!, g, { rate: 50_000, readSeconds: smoke ? 2 : 8, query: '&wrap=1&buffer=1000000' })),
  )
  // An incident with both panels busy: 10,000 tasks polled in the table above the log while the flood goes on. The
  // flood starts once the table has filled and settled.
  const taskTableFilled = async (page: CdpPage) => {
    await waitForTaskTable(page)
    await new Promise((r) => setTimeout(r, 3_000))
  }
  await scenario('tasks50k', () =>
    withGateway({ staticDir: dist, taskCount: 10_000 }, (g) => runTabFlood(floodBrowser!, g, { rate: 50_000, seconds: Math.min(seconds, 15), distDir: dist, settle: taskTableFilled })),
  )
  await scenario('profile', async () => ({ at50k: (await tab(50_000, 8, true)).profile, at100k: (await tab(100_000, 8, true)).profile }))
  // A 1M-line tab: the app's `?buffer=` link parameter when it has one, else a build with MAX_LOG_LINES patched.
  const million = async () =>
    readFileSync(new URL('../src/features/logs/log-store.ts', import.meta.url), 'utf8').includes("get('buffer')")
      ? { dist, query: '&buffer=1000000' }
      : { dist: await buildDashboard({ bufferLines: 1_000_000 }), query: '' }
  await scenario('heap', async () => {
    const m = await million()
    // 1M lines at 50k/s (the rate the tab keeps up with); the hub keeps 100k for replay.
    return withGateway({ staticDir: m.dist }, (g) => runTabFlood(floodBrowser!, g, { rate: 50_000, seconds: smoke ? 2 : 20, distDir: m.dist, query: m.query }))
  })
  await scenario('filter', async () => {
    const m = await million()
    return withGateway({ staticDir: m.dist }, (g) => runFilterChange(browser!, g, { lines: 1_000_000, rate: 50_000, distDir: m.dist, query: m.query }))
  })
  await scenario('tasks', () => withGateway({ staticDir: dist, taskCount: 10_000 }, (g) => runTaskTable(browser!, g, { distDir: dist })))
  await scenario('fanout', () => withGateway({ staticDir: null, hubCapacity: 100_000 }, (g) => runFanout(g, { clients: 20, rate: 50_000, seconds: smoke ? 3 : 10 })))
  await scenario('bundle', async () => bundleSize(dist))
  await scenario('peers', () =>
    runPeers(floodBrowser!, {
      rates: (option('peer-rates') ?? '1000,10000,50000').split(',').map(Number),
      seconds: Number(option('peer-seconds') ?? 10),
      windowS: Number(option('peer-window') ?? 60),
      distDir: dist,
    }),
  )
} catch (e) {
  failed = true
  console.error('bench: failed:', e)
} finally {
  await browser?.close().catch(() => undefined)
  await floodBrowser?.close().catch(() => undefined)
}

if (!flag('no-write') && !smoke) {
  mkdirSync(new URL('results/', import.meta.url), { recursive: true })
  const file = new URL(`results/${results.date as string}.json`.replace(/:/g, '-'), import.meta.url)
  writeFileSync(file, JSON.stringify(results, null, 2))
  updateBenchmarksMd(results)
  console.log(`bench: wrote ${file.pathname} and BENCHMARKS.md`)
}
if (results.peers && !(results.peers as { error?: string }).error) console.log(`\n${peersTable(results)}\n`)
console.log(smoke ? `bench smoke: ${failed ? 'FAILED' : 'ok'}` : 'bench: done')
process.exit(failed ? 1 : 0)
