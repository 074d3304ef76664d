/**
 * DMB/DUMB `/ws/logs`: plain-text frames parsed into records, continuation frames joined to the record before them,
 * the byte-exact `{"type":"ping"}` heartbeat, and a gap marker on every reconnect because DMB keeps no history.
 */
import WebSocket from 'ws'
import type { NewLogLine } from '../../protocol.ts'
import { detectLevel } from '../../logs/detect-level.ts'
import { describeError, scrubSecrets, startRetryLoop, type AttemptContext, type BackoffOptions } from '../backoff.ts'
import type { LogSink, Source } from '../source.ts'
import { parseDmbFrame } from './dmb-lines.ts'
import { loopLifecycle } from '../loop-lifecycle.ts'
import { createIsoStamp } from '../../logs/iso-stamp.ts'

export type DmbSourceOptions = {
  id: string
  /** DMB base URL (http(s) or ws(s)); `/ws/logs` is appended. */
  url: string
  /** DUMB access token, sent as `?token=`. */
  token?: string
  /** Zone of DMB's zone-less stamps; default: the gateway's own. */
  timezone?: string
  /** Process for DMB's own lines. */
  project?: string
  pingMs?: number
  /** How long the last record waits for continuation frames before it is sent. */
  holdMs?: number
  backoff?: BackoffOptions
}

// DMB compares the frame with this exact string: `{"type": "ping"}` (with a space) gets no answer.
const PING = '{"type":"ping"}'
/** Pings without a pong before the connection counts as dead. */
const MISSED_PONGS = 2

/** Creates a DMB/DUMB source; nothing connects until `start`. */
export function createDmbSource(options: DmbSourceOptions): Source {
  const stamp = createIsoStamp()
  const { id, token, timezone, project = 'dmb', pingMs = 10_000, holdMs = 100 } = options
  const url = new URL(options.url.replace(/^http/, 'ws').replace(/\/+$/, '') + '/ws/logs')
  if (token) url.searchParams.set('token', token)
  const scrub = (text: string) => scrubSecrets(text, [token])

  function attempts(out: LogSink) {
    let everConnected = false
    let pending: NewLogLine | null = null
    let holdTimer: NodeJS.Timeout | null = null
    const flush = () => {
      if (holdTimer) clearTimeout(holdTimer)
      holdTimer = null
      if (pending) out.lines([pending])
      pending = null
    }

    const onFrame = (frame: string) => {
      const record = parseDmbFrame(frame, { project, zone: timezone })
      if (record) {
        flush()
        pending = { ...record, source: id }
      } else if (pending) {
        pending.text += `\n${frame}`
      } else {
        // a continuation whose record already went out: better its own line than dropped
        out.lines([{ ts: stamp(), level: detectLevel(frame), source: id, process: project, text: frame }])
        return
      }
      if (holdTimer) clearTimeout(holdTimer)
      holdTimer = setTimeout(flush, holdMs)
    }

    return ({ signal, connected, healthy }: AttemptContext) =>
      new Promise<{ again: string }>((resolve, reject) => {
        const ws = new WebSocket(url, { handshakeTimeout: 10_000 })
        let missed = 0
        let pinger: NodeJS.Timeout | null = null
        const finish = (outcome: () => void) => {
          if (pinger) clearInterval(pinger)
          signal.removeEventListener('abort', abort)
          flush()
          outcome()
        }
        const abort = () => {
          ws.terminate()
          finish(() => resolve({ again: 'stopped' }))
        }
        signal.addEventListener('abort', abort)
        ws.on('unexpected-response', (req, res) => {
          req.destroy()
          const why = res.statusCode === 403 ? (token ? ': the DUMB token was refused' : ': DUMB requires a token (set tokenEnv)') : ''
          finish(() => reject(new Error(`HTTP ${res.statusCode} at the WebSocket handshake${why}`)))
        })
        ws.on('error', (err) => finish(() => reject(err)))
        ws.on('open', () => {
          connected()
          if (everConnected) out.gap(null, 'DMB keeps no history: lines logged while Tailboard was reconnecting are lost')
          everConnected = true
          pinger = setInterval(() => {
            // DMB answers every exact ping: two in a row unanswered means the socket is dead even if TCP says not
            if (missed++ >= MISSED_PONGS) return ws.terminate()
            ws.send(PING)
          }, pingMs)
        })
        ws.on('message', (data, isBinary) => {
          healthy() // a pong or a log line: DMB is really there, not just a socket that accepts and closes
          const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString()
          if (text === 'pong') missed = 0
          else onFrame(text)
        })
        ws.on('close', (code) => {
          const why = missed > MISSED_PONGS ? `no pong for ${MISSED_PONGS} pings` : `the DMB connection closed (code ${code})`
          finish(() => resolve({ again: why }))
        })
      })
  }

  return {
    id,
    kind: 'dmb',
    ...loopLifecycle((s) => [
      startRetryLoop({
        attempt: attempts(s),
        report: (state, message) => s.state(state, message),
        describe: (err) => scrub(describeError(err)),
        backoff: options.backoff,
      }),
    ]),
  }
}
