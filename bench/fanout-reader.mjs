/**
 * A worker thread holding some of the fan-out bench's WebSocket clients (bench/fanout-run.ts): the readers get a core
 * of their own instead of sharing the bench's main thread, where one busy thread falling behind looked like the
 * gateway failing them. Clients count lines without parsing the JSON or checking UTF-8.
 * workerData: { url, token, clients }. Messages in: 'start' (reset and count), 'report', 'close'; out: 'ready', the
 * counts ({ lines, frames, gaps, lags }[], see ReaderCounts in fanout-run.ts).
 * Plain JavaScript: worker threads do not get tsx's loader.
 */
import { parentPort, workerData } from 'node:worker_threads'
import WebSocket from 'ws'

const SEQ = Buffer.from('"seq":')
const TS = Buffer.from('"ts":"')
const GAP = Buffer.from('{"type":"gap"')
const { url, token, clients } = workerData

function connect() {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/logs/stream`, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false, skipUTF8Validation: true })
  const c = { ws, lines: 0, frames: 0, gaps: 0, lags: [], counting: false }
  ws.on('message', (data) => {
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

const all = await Promise.all(Array.from({ length: clients }, connect))
parentPort.on('message', (m) => {
  if (m === 'start') for (const c of all) Object.assign(c, { lines: 0, frames: 0, gaps: 0, lags: [], counting: true })
  else if (m === 'report') parentPort.postMessage(all.map(({ lines, frames, gaps, lags }) => ({ lines, frames, gaps, lags })))
  else {
    for (const c of all) c.ws.terminate()
    parentPort.close()
  }
})
parentPort.postMessage('ready')
