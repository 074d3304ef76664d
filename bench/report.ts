/** Writes the summary table of a run into BENCHMARKS.md, between the bench:table markers. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const FILE = new URL('../BENCHMARKS.md', import.meta.url)
const START = '<!-- bench:table:start -->'
const END = '<!-- bench:table:end -->'

type R = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const ok = (pass: boolean | null | undefined) => (pass === null || pass === undefined ? '—' : pass ? 'yes' : '**no**')
const fmt = (x: unknown) => (typeof x === 'number' ? x.toLocaleString('en-US') : x === null || x === undefined ? '—' : String(x))

export function summaryRows(r: R): string[][] {
  const rows: string[][] = []
  const ref = r.reference as R | undefined
  if (ref && !ref.error) {
    for (const [k, rate] of [['at50k', '50,000'], ['at100k', '100,000']] as const) {
      const x = ref[k] as R
      // Runs before 3 December's sixth session did not count the reference page's long frames.
      const long = x.longAnimationFrames ? `; long frames ${fmt(x.longAnimationFrames.count)} (${fmt(x.longAnimationFrames.inFirstSecond)} in the first second), max ${fmt(x.longAnimationFrames.maxMs)} ms` : ''
      rows.push([`calibration: the minimal reference page (ring + one repaint per frame, nothing else) at ${rate} lines/s: received, lag p50 / p95, fps, frames over 50 ms`, '—', `${fmt(x.received)} of ${fmt(x.offered)}; ${fmt(x.lagMs.p50)} / ${fmt(x.lagMs.p95)} ms; ${fmt(x.fps)} fps${long}`, '—'])
    }
  }
  for (const [key, rate, lagTarget, fpsTarget] of [['tab50k', '50,000', 100, 55], ['tab100k', '100,000', 250, 50]] as const) {
    const t = r[key] as R | undefined
    if (!t || t.error) continue
    rows.push([`${rate} lines/s × ${t.seconds} s, one tab: lines not received (of which shown as a gap / silently lost)`, '0', `${fmt(t.notReceived)} (${fmt(t.gapped)} / ${fmt(t.lost)}); offered ${fmt(t.offered)} at ${fmt(t.offeredRate)}/s, received ${fmt(t.received)}, evicted by the 100k tab buffer ${fmt(t.evicted)}`, ok(t.notReceived === 0)])
    rows.push([`… lag created → painted p50 / p95 / max`, `p95 ≤ ${lagTarget} ms`, `${fmt(t.lagMs.p50)} / ${fmt(t.lagMs.p95)} / ${fmt(t.lagMs.max)} ms`, ok(t.lagMs.p95 <= lagTarget)])
    rows.push([`… frames per second`, `≥ ${fpsTarget}`, fmt(t.fps), ok(t.fps >= fpsTarget)])
    rows.push([`… long animation frames (> 50 ms): count, max`, key === 'tab50k' ? 'none' : '—', `${fmt(t.longAnimationFrames.count)} (${fmt(t.longAnimationFrames.inFirstSecond)} in the first second), ${fmt(t.longAnimationFrames.maxMs)} ms`, key === 'tab50k' ? ok(t.longAnimationFrames.count === 0) : '—'])
    const parts = t.longAnimationFrames.parts as R | undefined
    if (parts && t.longAnimationFrames.count > 0) rows.push([`… where the long frames' time went: scripts before rendering (forced layout) / animation-frame callbacks / style, layout, paint / rest`, '—', `${fmt(parts.scriptMs)} (${fmt(parts.forcedLayoutMs)}) / ${fmt(parts.frameScriptMs)} / ${fmt(parts.renderMs)} / ${fmt(parts.otherMs)} ms of ${fmt(parts.totalMs)} ms`, '—'])
    rows.push([`… main-thread busy (script / layout+style)`, '—', `${fmt(t.mainThreadBusyPct)} % (${fmt(t.scriptPct)} / ${fmt(t.layoutStylePct)})`, '—'])
    if (key === 'tab50k') {
      const ev = t.click.eventTiming as R[]
      const worst = ev.length ? Math.max(...ev.map((e) => e.durationMs)) : null
      rows.push([`… click answered (Event Timing duration; none over 16 ms = ≤ 16)`, '≤ 100 ms', worst === null ? '≤ 16 ms' : `${fmt(worst)} ms`, ok(worst === null || worst <= 100)])
    }
    rows.push([`… JS heap after GC / DOM elements`, '—', `${fmt(t.heapAfterMB)} MB / ${fmt(t.domElements)}`, '—'])
    const wt = key === 'tab50k' ? (r.warm50k as R | undefined) : undefined
    if (wt && !wt.error) {
      // The same target, in a tab whose code V8 has compiled already (BENCHMARKS.md, "warm tab").
      const lf = wt.longAnimationFrames
      rows.push([`… the same flood in a warm tab (it lived through a 3 s flood before): not received; lag p95; fps; long frames (count, max)`, '0; ≤ 100 ms; ≥ 55; none', `${fmt(wt.notReceived)}; ${fmt(wt.lagMs.p95)} ms; ${fmt(wt.fps)} fps; ${fmt(lf.count)} (${fmt(lf.inFirstSecond)} in the first second), ${fmt(lf.maxMs)} ms`, ok(wt.notReceived === 0 && wt.lagMs.p95 <= 100 && wt.fps >= 55 && lf.count === 0)])
    }
  }
  const w = r.wrap50k as R | undefined
  if (w && !w.error) {
    rows.push([`50,000 lines/s × ${w.seconds} s with wrapped lines (\`&wrap=1\`): not received; lag p95; fps; long frames (count, max)`, '—', `${fmt(w.notReceived)}; ${fmt(w.lagMs.p95)} ms; ${fmt(w.fps)} fps; ${fmt(w.longAnimationFrames.count)}, ${fmt(w.longAnimationFrames.maxMs)} ms`, '—'])
  }
  const tk = r.tasks50k as R | undefined
  if (tk && !tk.error) {
    rows.push([`50,000 lines/s × ${tk.seconds} s with 10,000 tasks polled in the table above the log: not received; lag p95; fps; long frames (count, max)`, '—', `${fmt(tk.notReceived)}; ${fmt(tk.lagMs.p95)} ms; ${fmt(tk.fps)} fps; ${fmt(tk.longAnimationFrames.count)} (${fmt(tk.longAnimationFrames.inFirstSecond)} in the first second), ${fmt(tk.longAnimationFrames.maxMs)} ms`, '—'])
  }
  const rd = r.read50k as R | undefined
  if (rd && !rd.error) {
    rows.push([`reading during a 50,000 lines/s flood: paused halfway up a 1M-line buffer of wrapped lines, ${rd.readSeconds} s: fps; long frames (count, max); main thread busy`, '—', `${fmt(rd.fps)} fps; ${fmt(rd.longAnimationFrames.count)}, ${fmt(rd.longAnimationFrames.maxMs)} ms; ${fmt(rd.mainThreadBusyPct)} % (${fmt(rd.rowsWrapped)} of ${fmt(rd.rowsShown)} rows on screen wrapped)`, '—'])
  }
  const h = r.heap as R | undefined
  if (h && !h.error) {
    const per = h.heapPerHeldLineBytes
    rows.push([`heap per retained line (${fmt(h.held)} lines held, ?buffer=1000000)`, '≤ 300 MB at 1M (≈ 315 B/line)', `${fmt(per)} B/line, ${fmt(h.heapAfterMB)} MB total`, ok(h.held >= 1_000_000 ? h.heapAfterMB <= 300 : per * 1e6 / 2 ** 20 <= 300)])
  }
  const f = r.filter as R | undefined
  if (f && !f.error) {
    rows.push([`search-filter change over ${fmt(f.held)} lines: first screen`, '≤ 50 ms', `${fmt(f.search.firstScreenMs)} ms`, ok(f.search.firstScreenMs <= 50)])
    rows.push([`… complete`, '≤ 250 ms', `${fmt(f.search.completeMs)} ms`, ok(f.search.completeMs <= 250)])
    rows.push([`… longest main-thread block`, '≤ 50 ms', `${fmt(f.search.longestFrameMs)} ms`, ok(f.search.longestFrameMs <= 50)])
    rows.push([`clearing the search: first screen / complete / longest block`, '50 / 250 / 50 ms', `${fmt(f.cleared.firstScreenMs)} / ${fmt(f.cleared.completeMs)} / ${fmt(f.cleared.longestFrameMs)} ms`, ok(f.cleared.firstScreenMs <= 50 && f.cleared.completeMs <= 250 && f.cleared.longestFrameMs <= 50)])
  }
  const k = r.tasks as R | undefined
  if (k && !k.error && k.firstRowsMs !== undefined) rows.push([`task table, 10,000 tasks: first rows on screen after opening the printed URL`, '≤ 2 s', `${fmt(k.firstRowsMs)} ms`, ok(k.firstRowsMs <= 2_000)])
  if (k && !k.error) rows.push([`task table, 10,000 tasks: scripting per poll`, '≤ 8 ms', `${fmt(k.scriptingPerPollMs)} ms (${fmt(k.polls)} polls; with the page's steady cost counted in: ${fmt(k.scriptingPerPollWithSteadyMs)} ms; ${k.longestFrameMs > 0 ? `longest frame ${fmt(k.longestFrameMs)} ms` : 'no frame over 50 ms'})`, ok(k.scriptingPerPollMs <= 8)])
  const g = r.fanout as R | undefined
  if (g && !g.error) {
    rows.push([`gateway, ${g.clients} clients × ${fmt(g.rate)} lines/s: CPU`, '≤ 1 core', `${fmt(g.healthy.cores)} cores (flood generator alone ${fmt(g.floodOnly.cores)}), RSS ${fmt(g.healthy.rssMB)} MB; the 20 readers took ${fmt(g.healthy.readerCores)} cores`, ok(g.healthy.cores <= 1)])
    rows.push([`… every client got every line; lag p95`, 'all lines', `${fmt(g.healthy.minReceived)} of ${fmt(g.healthy.offered)}; p95 ${fmt(g.healthy.lagP95Ms)} ms`, ok(g.healthy.minReceived === g.healthy.offered)])
    rows.push([`… with one stalled client: others' lines, lag p95; stalled got a gap frame`, 'no change; gap', `${fmt(g.withStalled.minReceived)} of ${fmt(g.withStalled.offered)}; p95 ${fmt(g.withStalled.lagP95Ms)} ms; gap frames ${fmt(g.stalledClient.gapFrames)}`, ok(g.withStalled.minReceived === g.withStalled.offered && g.stalledClient.gapFrames > 0)])
  }
  const b = r.bundle as R | undefined
  if (b && !b.error) rows.push(['initial JS, gzipped', '≤ 200 KB', `${fmt(b.initialGzipKB)} KB (${fmt(b.initialRawKB)} KB raw)`, ok(b.initialGzipKB <= 200)])
  return rows
}

const PEERS_START = '<!-- bench:peers:start -->'
const PEERS_END = '<!-- bench:peers:end -->'

/** The `--peers` comparison as Markdown: one row per viewer and rate, then Tailboard's ratios against each peer. */
export function peersTable(r: R): string {
  const p = r.peers as R
  return [
    `Run of ${r.date} (load average at start ${r.loadAtStart?.join(' / ')}): ~200-byte lines written to a file for ${p.seconds} s at each rate; "shown within" counts up to ${p.windowS} s after the flood starts.`,
    '',
    '| viewer | offered lines/s | shown per second during the flood | shown within the window | lag p50 / p95 | fps |',
    '| --- | --- | --- | --- | --- | --- |',
    ...(p.rows as R[]).map((x) => `| ${x.viewer} | ${fmt(x.rate)} | ${fmt(x.shownPerSecond)} | ${fmt(x.shownWithinWindowPct)} % | ${fmt(x.lagMs.p50)} / ${fmt(x.lagMs.p95)} ms | ${fmt(x.fps)} |`),
    '',
    '| offered lines/s | peer | Tailboard shows × more lines per second | peer\'s p95 lag ÷ Tailboard\'s |',
    '| --- | --- | --- | --- |',
    ...(p.ratios as R[]).map((x) => `| ${fmt(x.rate)} | ${x.peer} | ${fmt(x.shownPerSecond)} | ${fmt(x.lagP95)} |`),
  ].join('\n')
}

function replaceBetween(current: string, start: string, end: string, body: string): string {
  const at = current.indexOf(start)
  const stop = current.indexOf(end)
  return at === -1 || stop === -1 ? `${current}\n${start}\n${body}\n${end}\n` : `${current.slice(0, at + start.length)}\n${body}\n${current.slice(stop)}`
}

export function updateBenchmarksMd(r: R): void {
  const rows = summaryRows(r)
  const table = [
    `Run of ${r.date} (Node ${r.node}, ${r.cpus} cores, load average at start ${r.loadAtStart?.join(" / ")}); raw figures in bench/results/.`,
    '',
    '| Measure | Target | Measured | Met |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n')
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`
  // A run without --peers leaves the last peers table as it is (it takes minutes and is run on purpose).
  let next = rows.length > 0 ? replaceBetween(current, START, END, table) : current
  if (r.peers && !(r.peers as R).error) next = replaceBetween(next, PEERS_START, PEERS_END, peersTable(r))
  writeFileSync(FILE, next)
}
