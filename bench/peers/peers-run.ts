/**
 * `npm run bench -- --peers`: frontail and log.io (installed into a temporary folder) and Tailboard on the same
 * flood, written to a file as a service would: ~200-byte lines for `seconds` at each rate. Per viewer and rate: lines
 * shown while the flood lasts (per second), lines shown within `windowS` of its start (share of offered), lag
 * (written → shown) p50/p95 and fps. Tailboard's ratios against each peer close the report.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { execFile } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CdpBrowser } from '../cdp-browser.ts'
import { startGatewayChild } from '../gateway-control.ts'
import { frameStats, percentile, round } from '../stats.ts'
import { runTabFlood } from '../tab-run.ts'
import type { FileFloodResult } from './file-flood.ts'
import { installPeerProbe, type PeerProbeData } from './peer-probe.ts'
import { PEER_VERSIONS, installPeers, startPeer, type PeerName } from './peer-servers.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, localStorage: any // in-page callbacks only

export type PeerRow = { viewer: string; rate: number; offered: number; shownPerSecond: number; shownWithinWindowPct: number; lagMs: { p50: number | null; p95: number | null }; fps: number | null }
type PeerOptions = { rates: number[]; seconds: number; windowS: number; distDir: string }

const FLOOD_SCRIPT = fileURLToPath(new URL('file-flood.ts', import.meta.url))
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Runs bench/peers/file-flood.ts in its own process; the first line is `#<firstN>`. */
function writeFlood(file: string, rate: number, seconds: number, firstN: number): Promise<FileFloodResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', FLOOD_SCRIPT, file, String(rate), String(seconds), String(firstN)], { cwd: ROOT, timeout: seconds * 1000 + 60_000 }, (err, out, stderr) => {
      if (err) return reject(new Error(`file flood failed: ${stderr || err.message}`))
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as FileFloodResult)
      } catch {
        reject(new Error(`file flood printed no result: ${out.slice(0, 200)}`))
      }
    })
  })
}

/** A line the way file-flood.ts writes them, for the warm-up before a flood. */
const primeLine = (n: number) => `#${n} ${Date.now() * 1000} INFO warm-up line before the flood\n`

async function runPeer(browser: CdpBrowser, name: PeerName, installDir: string, rate: number, o: PeerOptions): Promise<PeerRow> {
  const file = join(installDir, `${name}-${rate}.log`)
  writeFileSync(file, '')
  const peer = await startPeer(name, installDir, file)
  const page = await browser.newPage({ width: 1400, height: 900 })
  try {
    await page.addInitScript('globalThis.__name ??= (fn) => fn')
    await page.addInitScript((entries: Record<string, string>) => Object.entries(entries).forEach(([k, v]) => localStorage.setItem(k, v)), peer.localStorage)
    await page.addInitScript(installPeerProbe)
    await page.goto(peer.url, { timeout: 30_000 })
    // Warm-up: write line #0 until the page shows it, so the flood starts on a connected, watching page.
    const warm = Date.now()
    for (;;) {
      appendFileSync(file, primeLine(0))
      if (await page.waitForFunction(() => window.__peer.shown > 0, undefined, { timeout: 2_000 }).then(() => true, () => false)) break
      if (Date.now() - warm > 30_000) throw new Error(`${name} showed no line within 30 s`)
    }
    const t0 = await page.evaluate(() => performance.now())
    const result = await writeFlood(file, rate, o.seconds, 1)
    const t1 = await page.evaluate(() => performance.now())
    const windowEnd = result.startedAt + o.windowS * 1000
    // Bounded wait: until every line is shown or the window is over.
    await page.waitForFunction((n) => window.__peer.shown >= n, result.offered + 1, { timeout: Math.max(1, windowEnd - Date.now()), polling: 500 }).catch(() => undefined)
    const probe = (await page.evaluate(() => {
      const p = window.__peer as PeerProbeData
      return { seen: p.seen.slice(1), frames: p.frames }
    })) as Pick<PeerProbeData, 'seen' | 'frames'>
    return summarise(`${name} ${PEER_VERSIONS[name]}`, rate, result, probe.seen, frameStats(probe.frames, t0, t1).fps, windowEnd)
  } finally {
    await page.close()
    await peer.stop()
  }
}

function summarise(viewer: string, rate: number, r: FileFloodResult, seen: Array<[number, number]>, fps: number | null, windowEnd: number): PeerRow {
  const inWindow = seen.filter(([at]) => at <= windowEnd)
  const lags = inWindow.map(([, lag]) => lag)
  return {
    viewer,
    rate,
    offered: r.offered,
    shownPerSecond: Math.round(seen.filter(([at]) => at <= r.endedAt).length / ((r.endedAt - r.startedAt) / 1000)),
    shownWithinWindowPct: round((inWindow.length / r.offered) * 100, 2)!,
    lagMs: { p50: round(percentile(lags, 50)), p95: round(percentile(lags, 95)) },
    fps,
  }
}

async function runTailboard(browser: CdpBrowser, installDir: string, rate: number, o: PeerOptions): Promise<PeerRow> {
  const file = join(installDir, `tailboard-${rate}.log`)
  writeFileSync(file, '')
  const gateway = await startGatewayChild({ staticDir: o.distDir, file })
  try {
    let n = 0
    const r = await runTabFlood(browser, gateway, {
      rate,
      seconds: o.seconds,
      distDir: o.distDir,
      driver: {
        prime: async () => (appendFileSync(file, primeLine(n++)), 1),
        flood: (lineRate, secs) => writeFlood(file, lineRate, secs, n),
      },
    })
    const offered = r.offered - 1
    return {
      viewer: 'Tailboard',
      rate,
      offered,
      shownPerSecond: Math.round(r.shownByFloodEnd / o.seconds),
      // Received by the tab; its follow view paints the newest rows and the rest stay one scroll away.
      shownWithinWindowPct: round(((r.received - 1) / offered) * 100, 2)!,
      lagMs: { p50: r.lagMs.p50, p95: r.lagMs.p95 },
      fps: r.fps,
    }
  } finally {
    await gateway.stop()
  }
}

export async function runPeers(browser: CdpBrowser, o: PeerOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'tailboard-peers-'))
  try {
    const installStarted = Date.now()
    await installPeers(dir)
    console.log(`bench: peers installed into ${dir} in ${((Date.now() - installStarted) / 1000).toFixed(1)} s`)
    const rows: PeerRow[] = []
    for (const rate of o.rates) {
      for (const name of Object.keys(PEER_VERSIONS) as PeerName[]) rows.push(await runPeer(browser, name, dir, rate, o))
      rows.push(await runTailboard(browser, dir, rate, o))
      console.log(`bench: peers at ${rate}/s:`, JSON.stringify(rows.filter((r) => r.rate === rate)))
    }
    return { seconds: o.seconds, windowS: o.windowS, rows, ratios: ratios(rows) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Tailboard ÷ peer for lines shown per second, and peer ÷ Tailboard for p95 lag: above 1 means Tailboard does better. */
function ratios(rows: PeerRow[]) {
  const out: Array<{ rate: number; peer: string; shownPerSecond: number | null; lagP95: number | null }> = []
  for (const t of rows.filter((r) => r.viewer === 'Tailboard')) {
    for (const p of rows.filter((r) => r.rate === t.rate && r.viewer !== 'Tailboard')) {
      out.push({
        rate: t.rate,
        peer: p.viewer,
        shownPerSecond: p.shownPerSecond > 0 ? round(t.shownPerSecond / p.shownPerSecond) : null,
        lagP95: p.lagMs.p95 !== null && t.lagMs.p95 ? round(p.lagMs.p95 / t.lagMs.p95) : null,
      })
    }
  }
  return out
}
