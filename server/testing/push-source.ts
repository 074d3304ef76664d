import type { NewLogLine } from '../protocol.ts'
import type { LogSink, Source } from '../sources/source.ts'

/**
 * A source the test drives by hand: it exists to exercise the hub and the gateway with exact line counts. It is a
 * test double for the `Source` seam, not a stand-in for any upstream's wire format.
 */
export function createPushSource(id = 'push'): Source & { push(texts: string[]): void; sink(): LogSink } {
  let sink: LogSink | null = null
  return {
    id,
    kind: 'test',
    start(s) {
      sink = s
      s.state('connected')
    },
    async stop() {
      sink = null
    },
    sink: () => {
      if (!sink) throw new Error('source not started')
      return sink
    },
    push(texts) {
      const ts = new Date().toISOString()
      const lines: NewLogLine[] = texts.map((text) => ({ ts, level: 'info', source: id, process: 'proc', text }))
      sink?.lines(lines)
    },
  }
}
