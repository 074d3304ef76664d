/**
 * A `ws` client on the gateway's log stream that counts lines, frames and gap frames without parsing the JSON or
 * checking UTF-8 (the fan-out bench's readers would otherwise take the cores the gateway is measured on), with the
 * lag of the newest line of each frame. Plain JavaScript: the reader worker threads do not get tsx's loader.
 */
import WebSocket from 'ws'

const SEQ = Buffer.from('"seq":')
const TS = Buffer.from('"ts":"')
const GAP = Buffer.from('{"type":"gap"')

/** Connects; counting starts when `counting` is set (reset the counts with it). */
export function connectCounter(url, token) {
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
