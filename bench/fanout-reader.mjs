/**
 * A worker thread holding some of the fan-out bench's WebSocket clients (bench/fanout-run.ts): the readers get a core
 * of their own instead of sharing the bench's main thread, where one busy thread falling behind looked like the
 * gateway failing them. Each client is a bench/fanout-counter.mjs counter.
 * workerData: { url, token, clients }. Messages in: 'start' (reset and count), 'report', 'close'; out: 'ready', the
 * counts ({ lines, frames, gaps, lags }[], see ReaderCounts in fanout-run.ts).
 * Plain JavaScript: worker threads do not get tsx's loader.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { connectCounter } from './fanout-counter.mjs'

const { url, token, clients } = workerData

const all = await Promise.all(Array.from({ length: clients }, () => connectCounter(url, token)))
parentPort.on('message', (m) => {
  if (m === 'start') for (const c of all) Object.assign(c, { lines: 0, frames: 0, gaps: 0, lags: [], counting: true })
  else if (m === 'report') parentPort.postMessage(all.map(({ lines, frames, gaps, lags }) => ({ lines, frames, gaps, lags })))
  else {
    for (const c of all) c.ws.terminate()
    parentPort.close()
  }
})
parentPort.postMessage('ready')
