/**
 * One hosted-Beam log stream over the realtime WebSocket: `LOGS_QUERY` backfill (one reply), then `LOGS_ADD_STREAM`
 * from the last `@timestamp`. Hits are sorted within each frame; on a resume, hits at or before the resume point that
 * were already emitted are dropped (whether the bound is inclusive is unknown, so dedupe on `(@timestamp, msg)`).
 */
import WebSocket from 'ws'
import { z } from 'zod'
import type { NewLogLine } from '../../protocol.ts'
import { detectLevel } from '../../logs/detect-level.ts'
import type { AttemptContext, AttemptResult } from '../backoff.ts'

export type BeamStream = { objectType: string; objectId: string; name?: string }
export type BeamLogOptions = { source: string; realtimeUrl: string; token: string; stream: BeamStream; backfillLines: number; emit(lines: NewLogLine[]): void }

const hitSchema = z.looseObject({ _source: z.looseObject({ '@timestamp': z.string(), msg: z.string() }) })
const framesSchema = z.looseObject({ logs: z.looseObject({ hits: z.looseObject({ hits: z.array(z.unknown()) }) }) })

/** Microseconds since the epoch of Python's `isoformat()` output (Date alone would lose the micros). */
export function micros(ts: string): number {
  const ms = Date.parse(ts)
  if (Number.isNaN(ms)) return NaN
  return Math.floor(ms / 1000) * 1_000_000 + Number((/\.(\d+)/.exec(ts)?.[1] ?? '').padEnd(6, '0').slice(0, 6))
}

/** Returns an `attempt` for the retry loop; state (the resume point) lives across attempts. */
export function beamLogStream({ source, realtimeUrl, token, stream, backfillLines, emit }: BeamLogOptions) {
  const process = stream.name ?? stream.objectId
  let lastTs: string | null = null
  let lastKey = -Infinity
  let atLast = new Set<string>()
  const command = (action: string, extra: Record<string, unknown>) =>
    JSON.stringify({ token, streamType: 'LOGS_STREAM', action, stream: action === 'LOGS_ADD_STREAM', objectType: stream.objectType, objectId: stream.objectId, ...extra })

  return ({ signal, connected }: AttemptContext) =>
    new Promise<AttemptResult>((resolve, reject) => {
      const ws = new WebSocket(realtimeUrl, { handshakeTimeout: 10_000 })
      let phase: 'query' | 'live' = 'live'
      // the resume point of this connection: hits not after it that were already emitted are dropped
      let resumeKey = lastKey
      let atResume = new Set(atLast)
      const fail = (err: Error) => {
        ws.terminate()
        reject(err)
      }
      const abort = () => {
        ws.terminate()
        resolve('done')
      }
      signal.addEventListener('abort', abort, { once: true })
      const addStream = (from: string) => {
        resumeKey = lastKey
        atResume = new Set(atLast)
        ws.send(command('LOGS_ADD_STREAM', { startingTimestamp: from }))
      }

      ws.on('unexpected-response', (req, res) => {
        req.destroy()
        fail(new Error(`HTTP ${res.statusCode} at the Beam realtime handshake`))
      })
      ws.on('error', (err) => reject(err))
      ws.on('open', () => {
        connected()
        if (lastTs === null && backfillLines > 0) {
          phase = 'query'
          ws.send(command('LOGS_QUERY', { size: backfillLines, endingTimestamp: new Date().toISOString().replace('Z', '000+00:00') }))
        } else addStream(lastTs ?? new Date().toISOString().replace('Z', '000+00:00'))
      })
      ws.on('message', (data) => {
        let value: unknown
        try {
          value = JSON.parse(String(data))
        } catch {
          return fail(new Error(`Beam sent a frame that is not JSON: ${String(data).slice(0, 80)}`))
        }
        const obj = (value ?? {}) as Record<string, unknown>
        if (obj.type === 'ping') return // realtime keepalive, nothing to answer
        if ('error' in obj) return fail(new Error(`Beam: ${String(obj.error)}`))
        const parsed = framesSchema.safeParse(value)
        if (!parsed.success) return // unknown frames are tolerated, as the CLI does ("Unable to parse data")
        const hits = parsed.data.logs.hits.hits.flatMap((h) => {
          const hit = hitSchema.safeParse(h)
          if (!hit.success) return []
          const ts = hit.data._source['@timestamp']
          const key = micros(ts)
          return Number.isNaN(key) ? [] : [{ ts, key, msg: hit.data._source.msg }]
        })
        hits.sort((a, b) => a.key - b.key)
        const lines: NewLogLine[] = []
        for (const h of hits) {
          if (h.key < resumeKey || (h.key === resumeKey && atResume.has(h.msg))) continue
          if (h.key > lastKey) {
            lastKey = h.key
            lastTs = h.ts
            atLast = new Set()
          }
          if (h.key === lastKey) atLast.add(h.msg)
          const text = h.msg.replace(/\r?\n$/, '')
          const line: NewLogLine = { ts: new Date(Date.parse(h.ts)).toISOString(), level: detectLevel(text), source, process, text }
          if (stream.objectType === 'BETA9_TASK') line.taskId = stream.objectId
          lines.push(line)
        }
        if (lines.length > 0) emit(lines)
        if (phase === 'query') {
          phase = 'live'
          addStream(lastTs ?? new Date().toISOString().replace('Z', '000+00:00'))
        }
      })
      ws.on('close', (code) => {
        signal.removeEventListener('abort', abort)
        resolve({ again: `the Beam realtime connection closed (code ${code})` })
      })
    })
}
