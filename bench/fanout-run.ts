/**
 * The gateway alone: CPU and memory with N WebSocket clients on one flood, and one stalled client (it stops reading)
 * that must cost the others nothing and get a `gap` frame once it reads again. Clients count lines without parsing
 * the JSON (they would otherwise take the cores the gateway is measured on).
 */
import WebSocket from 'ws'
import { coresBetween, type GatewayChild } from './gateway-control.ts'
import { percentile, round } from './stats.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const SEQ = Buffer.from('"seq":')
const TS = Buffer.from('"ts":"')
const GAP = Buffer.from('{"type":"gap"')

type Counter = { ws: WebSocket; lines: number; frames: number; gaps: number; lags: number[]; counting: boolean }

function connect(gateway: GatewayChild): Promise<Counter> {
  const ws = new WebSocket(`${gateway.url.replace('http', 'ws')}/api/logs/stream`, { headers: { authorization: `Bearer ${gateway.token}` }, perMessageDeflate: false, skipUTF8Validation: true })
  const c: Counter = { ws, lines: 0, frames: 0, gaps: 0, lags: [], counting: false }
  ws.on('message', (data: Buffer) => {
    if (!c.counting) return
    c.frames++
    if (data.subarray(0, GAP.length).equals(GAP)) return void c.gaps++
    for (let i = data.indexOf(SEQ); i !== -1; i = data.indexOf(SEQ, i + 6)) c.lines++
    const ts = data.lastIndexOf(TS)
    if (ts !== -1) c.lags.push(Date.now() - Date.parse(data.toString('latin1', ts + 6, ts + 30)))
  })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(c))
    ws.once('error', reject)
  })
}

function summarise(clients: Counter[], offered: number) {
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

/** One measured phase: flood for `seconds` while `clients` count; returns gateway CPU/memory and per-client counts. */
async function phase(gateway: GatewayChild, clients: Counter[], rate: number, seconds: number, during?: () => Promise<void>) {
  for (const c of clients) Object.assign(c, { lines: 0, frames: 0, gaps: 0, lags: [], counting: true })
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
  // readerCores: the bench process holding every client; near 1.0 it, not the gateway, is what falls behind.
  return { cores: round(coresBetween(u0, u1), 2), readerCores, rssMB: round(u1.mem.rss / 2 ** 20), heapMB: round(u1.mem.heapUsed / 2 ** 20), offered }
}

export async function runFanout(gateway: GatewayChild, { clients: n, rate, seconds }: { clients: number; rate: number; seconds: number }) {
  const clients: Counter[] = []
  try {
    const alone = await phase(gateway, [], rate, Math.min(5, seconds))
    for (let i = 0; i < n; i++) clients.push(await connect(gateway))
    await sleep(500)
    const p = await phase(gateway, clients, rate, seconds)
    const healthy = { ...p, ...summarise(clients, p.offered) }

    const stalled = await connect(gateway)
    await sleep(200)
    // Stop reading: the kernel buffers fill, then the gateway's send buffer; it must skip this client from then on.
    ;(stalled.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause()
    const q = await phase(gateway, [...clients, stalled], rate, seconds, async () => {
      await sleep(seconds * 600)
      ;(stalled.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    })
    // The heartbeat (every 5 s) retries skipped clients even when no flush comes.
    await sleep(5_500)
    const withStalled = { ...q, ...summarise(clients, q.offered) }
    return {
      clients: n,
      rate,
      seconds,
      floodOnly: alone,
      healthy,
      withStalled,
      stalledClient: { lines: stalled.lines, frames: stalled.frames, gapFrames: stalled.gaps, resumedAfterS: round(seconds * 0.6) },
    }
  } finally {
    for (const c of clients) c.ws.terminate()
  }
}
