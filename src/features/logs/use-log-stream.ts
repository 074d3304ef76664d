import { useEffect } from 'react'
import { connectLogSocket, type WebSocketConstructor } from './log-socket'
import { logStore, type LogStore } from './log-store'
import { defaultLogWebSocket } from './worker-websocket'

export type UseLogStreamOptions = {
  /** Stream path or URL; default `/api/logs/stream` on this origin. */
  url?: string
  store?: LogStore
  WebSocketImpl?: WebSocketConstructor
}

/**
 * Connects the log socket to the log store for as long as the calling component is mounted.
 * ⚠️ Call it once (LogPanel does): every call opens its own socket and feeds the same store.
 */
export function useLogStream({ url, store = logStore, WebSocketImpl }: UseLogStreamOptions = {}): void {
  useEffect(() => {
    const { linesReceived, gapReceived, statusChanged, sourceChanged, headReceived } = store.getState().actions
    return connectLogSocket({
      url,
      WebSocketImpl: WebSocketImpl ?? defaultLogWebSocket(),
      resumeAfter: store.getState().newestSeq ?? undefined,
      onFrame: (frame) => (frame.type === 'hello' || frame.type === 'heartbeat') && headReceived(frame.cursor),
      onLines: linesReceived,
      onGap: gapReceived,
      onStatus: statusChanged,
      onSource: sourceChanged,
    })
  }, [url, store, WebSocketImpl])
}
