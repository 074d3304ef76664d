/**
 * One hosted-Beam log stream over the realtime WebSocket: `LOGS_QUERY` backfill (one reply), then `LOGS_ADD_STREAM`
 * from the last `@timestamp`. Hits are sorted within each frame; on a resume, hits at or before the resume point that
 * were already emitted are dropped (whether the bound is inclusive is unknown, so dedupe on `(@timestamp, msg)`,
 * counting each message, since two identical messages may share a timestamp).
 */
import WebSocket from 'ws'
import { z } from 'zod'
import type { NewLogLine } from '../../protocol.ts'
import { detectLevel } from '../../logs/detect-level.ts'
import type { AttemptContext, AttemptResult } from '../backoff.ts'
import { micros, pythonNow } from './python-time.ts'

export type BeamStream = { objectType: string; objectId: string; name?: string }
export type BeamLogOptions = {
  source: string
  realtimeUrl: string
  token: string
  stream: BeamStream
  backfillLines: number
  emit(lines: NewLogLine[]): void
  /**
   * Beam checks the token only when a command arrives, after the WebSocket opened, and a live subscription with
   * nothing new to send stays silent. So the connection counts as established at the first valid `logs` frame, or
   * once `LOGS_ADD_STREAM` has stood this long without an `{"error"}` reply.
   */
  acceptAfterMs?: number
}

const hitSchema = z.looseObject({ _source: z.looseObject({ '@timestamp': z.string(), msg: z.string() }) })
const framesSchema = z.looseObject({ logs: z.looseObject({ hits: z.looseObject({ hits: z.array(z.unknown()) }) }) })

/** Returns an `attempt` for the retry loop; state (the resume point) lives across attempts. */
export function beamLogStream({ source, realtimeUrl, token, stream, backfillLines, emit, acceptAfterMs = 3_000 }: BeamLogOptions) {
  const process = stream.name ?? stream.objectId
  // the resume point: the last emitted `@timestamp` (or the end of an empty backfill), and how many times each
  // message was emitted at it, since the replay from it is inclusive and identical messages may share a timestamp
  let lastTs: string | null = null
  let lastKey = -Infinity
  let atLast = new Map<string, number>()
  const command = (action: string, extra: Record<string, unknown>) =>
    JSON.stringify({ token, streamType: 'LOGS_STREAM', action, stream: action === 'LOGS_ADD_STREAM', objectType: stream.objectType, objectId: stream.objectId, ...extra })

  return ({ signal, connected, healthy }: AttemptContext) =>
    new Promise<AttemptResult>((resolve, reject) => {
      const ws = new WebSocket(realtimeUrl, { handshakeTimeout: 10_000 })
      let phase: 'query' | 'live' = 'live'
      let queryEnd = ''
      let accepted = false
      let acceptTimer: NodeJS.Timeout | undefined
      // the resume point of this connection: hits not after it that were already emitted are dropped
      let resumeKey = lastKey
      let atResume = new Map(atLast)
      const accept = () => {
        clearTimeout(acceptTimer)
        if (accepted) return
        accepted = true
        connected()
      }
      const fail = (err: Error) => {
        clearTimeout(acceptTimer)
        ws.terminate()
        reject(err)
      }
      const abort = () => {
        clearTimeout(acceptTimer)
        ws.terminate()
        resolve('done')
      }
      signal.addEventListener('abort', abort, { once: true })
      const addStream = (from: string) => {
        resumeKey = lastKey
        atResume = new Map(atLast)
        ws.send(command('LOGS_ADD_STREAM', { startingTimestamp: from }))
        if (!accepted) acceptTimer = setTimeout(accept, acceptAfterMs)
      }

      ws.on('unexpected-response', (req, res) => {
        req.destroy()
        fail(new Error(`HTTP ${res.statusCode} at the Beam realtime handshake`))
      })
      ws.on('error', (err) => {
        clearTimeout(acceptTimer)
        reject(err)
      })
      ws.on('open', () => {
        if (lastTs === null && backfillLines > 0) {
          phase = 'query'
          queryEnd = pythonNow()
          ws.send(command('LOGS_QUERY', { size: backfillLines, endingTimestamp: queryEnd }))
        } else addStream(lastTs ?? pythonNow())
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
        accept() // a valid reply: the token was good
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
          if (h.key < resumeKey) continue
          if (h.key === resumeKey) {
            const already = atResume.get(h.msg) ?? 0
            if (already > 0) {
              atResume.set(h.msg, already - 1)
              continue
            }
          }
          if (h.key > lastKey) {
            lastKey = h.key
            lastTs = h.ts
            atLast = new Map()
          }
          if (h.key === lastKey) atLast.set(h.msg, (atLast.get(h.msg) ?? 0) + 1)
          const text = h.msg.replace(/\r?\n$/, '')
          const line: NewLogLine = { ts: new Date(Date.parse(h.ts)).toISOString(), level: detectLevel(text), source, process, text }
          if (stream.objectType === 'BETA9_TASK') line.taskId = stream.objectId
          lines.push(line)
        }
        if (lines.length > 0) {
          healthy()
          emit(lines)
        }
        if (phase === 'query') {
          phase = 'live'
          // An empty backfill still fixes the resume point: the live stream starts where the query ended, not at
          // the (later) time its reply came, or lines logged in between would be lost.
          if (lastTs === null) {
            lastTs = queryEnd
            lastKey = micros(queryEnd)
            atLast = new Map()
          }
          addStream(lastTs)
        }
      })
      ws.on('close', (code) => {
        clearTimeout(acceptTimer)
        signal.removeEventListener('abort', abort)
        resolve({ again: `the Beam realtime connection closed (code ${code})` })
      })
    })
}
