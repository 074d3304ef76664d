/**
 * The gateway alone: CPU and memory with N WebSocket clients on one flood, and one stalled client (it stops reading)
 * that must cost the others nothing and get a `gap` frame once it reads again. The N clients live in two worker
 * threads (bench/fanout-reader.mjs) and count lines without parsing the JSON (they would otherwise take the cores the
 * gateway is measured on).
 */
import { Worker } from 'node:worker_threads'
import { connectCounter, type Counter } from './fanout-counter.mjs'
import { coresBetween, type GatewayChild } from './gateway-control.ts'
import { percentile, round } from './stats.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function summarise(clients: ReaderCounts[], offered: number) {
  const lags = clients.flatMap((c) => c.lags)
  return {
    offered,
    minReceived: Math.min(...clients.map((c) => c.lines)),
    maxReceived: Math.max(...clients.map((c) => c.lines)),
    gapFrames: clients.reduce((s, c) => s + c.gaps, 0),
    lagP50Ms: round(percentile(lags, 50)),
    lagP95Ms: round(percentile(lags, 95)),
    lagMaxMs: round(Math.max(...lags)),
  }
}

/** What one client of bench/fanout-reader.mjs counted. */
type ReaderCounts = Pick<Counter, 'lines' | 'frames' | 'gaps' | 'lags'>
type Readers = { start(): void; report(): Promise<ReaderCounts[]>; close(): void }

/** `n` clients spread over two worker threads; resolves once all are connected. */
async function startReaders(gateway: GatewayChild, n: number): Promise<Readers> {
  const workers = [Math.ceil(n / 2), Math.floor(n / 2)]
    .filter((k) => k > 0)
    .map((k) => new Worker(new URL('./fanout-reader.mjs', import.meta.url), { workerData: { url: gateway.url, token: gateway.token, clients: k } }))
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('fan-out readers did not connect in 30 s')), 30_000)
          w.once('error', reject)
          w.once('message', () => (clearTimeout(timer), resolve()))
        }),
    ),
  )
  return {
    start: () => workers.forEach((w) => w.postMessage('start')),
    report: async () =>
      (await Promise.all(workers.map((w) => new Promise<ReaderCounts[]>((resolve) => (w.once('message', resolve), w.postMessage('report')))))).flat(),
    close: () => workers.forEach((w) => (w.postMessage('close'), setTimeout(() => void w.terminate(), 1_000).unref())),
  }
}

/** One measured phase: flood for `seconds` while the readers count; returns gateway CPU/memory and the counts. */
async function phase(gateway: GatewayChild, readers: Readers | null, extra: Counter[], rate: number, seconds: number, during?: () => Promise<void>) {
  readers?.start()
  for (const c of extra) Object.assign(c, { lines: 0, frames: 0, gaps: 0, lags: [], counting: true })
  const u0 = await gateway.usage()
  const b0 = process.cpuUsage()
  const bt0 = performance.now()
  const flood = gateway.flood(rate, seconds)
  await during?.()
  const { offered } = await flood
  const u1 = await gateway.usage()
  const b1 = process.cpuUsage(b0)
  const readerCores = round((b1.user + b1.system) / 1000 / (performance.now() - bt0), 2)
  await sleep(1_500)
  const counts = (await readers?.report()) ?? []
  // readerCores: the bench process holding every client (all its threads).
  const wallMs = u1.at - u0.at
  return {
    cores: round(coresBetween(u0, u1), 2),
    // Kernel time is mostly the sockets' copies: it says how much of the gateway's CPU is the sending itself.
    systemCores: round((u1.cpu.system - u0.cpu.system) / 1000 / wallMs, 2),
    readerCores, rssMB: round(u1.mem.rss / 2 ** 20), heapMB: round(u1.mem.heapUsed / 2 ** 20), offered, counts }
}

export async function runFanout(gateway: GatewayChild, { clients: n, rate, seconds }: { clients: number; rate: number; seconds: number }) {
  let readers: Readers | null = null
  let stalled: Counter | null = null
  try {
    const { counts: _noReaders, ...alone } = await phase(gateway, null, [], rate, Math.min(5, seconds))
    readers = await startReaders(gateway, n)
    await sleep(500)
    const { counts, ...p } = await phase(gateway, readers, [], rate, seconds)
    const healthy = { ...p, ...summarise(counts, p.offered) }

    stalled = await connectCounter(gateway.url, gateway.token)
    await sleep(200)
    // Stop reading: the kernel buffers fill, then the gateway's send buffer; it must skip this client from then on.
    const socket = (stalled.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
    socket.pause()
    const { counts: others, ...q } = await phase(gateway, readers, [stalled], rate, seconds, async () => {
      // 4 s of 10: past the gateway's buffer and ring (a gap is due), short of two heartbeats (5 s apart), after which
      // the gateway would take the silent socket for dead and close it.
      await sleep(seconds * 400)
      socket.resume()
    })
    // The heartbeat (every 5 s) retries skipped clients even when no flush comes.
    await sleep(5_500)
    const withStalled = { ...q, ...summarise(others, q.offered) }
    return {
      clients: n,
      rate,
      seconds,
      floodOnly: alone,
      healthy,
      withStalled,
      stalledClient: { lines: stalled.lines, frames: stalled.frames, gapFrames: stalled.gaps, resumedAfterS: round(seconds * 0.4) },
    }
  } finally {
    readers?.close()
    stalled?.ws.terminate()
  }
}
