import type { LogSink, Source } from './source.ts'

type Stoppable = { stop(): Promise<void> }

/**
 * The `start`/`stop` pair of an upstream source whose connections are retry loops: `start` opens them against the
 * sink, `stop` ends every one (aborting attempts and waits) and then reports the source `stopped`.
 */
export function loopLifecycle(open: (sink: LogSink) => Stoppable[]): Pick<Source, 'start' | 'stop'> {
  let sink: LogSink | null = null
  let loops: Stoppable[] = []
  return {
    start(s) {
      sink = s
      loops = open(s)
    },
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()))
      loops = []
      sink?.state('stopped', null)
      sink = null
    },
  }
}
