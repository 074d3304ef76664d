import type { NewLogLine, SourceState } from '../protocol.ts'
import type { LogSink } from '../sources/source.ts'

/** A `LogSink` that keeps everything a source reports, for source tests. */
export function recorder() {
  const lines: NewLogLine[] = []
  const gaps: { count: number | null; reason: string }[] = []
  const states: { state: SourceState; error: string | null | undefined }[] = []
  const sink: LogSink = {
    lines: (batch) => void lines.push(...batch),
    gap: (count, reason) => void gaps.push({ count, reason }),
    state: (state, error) => void states.push({ state, error }),
  }
  return {
    sink,
    lines,
    gaps,
    states,
    /** Texts of the lines, markers included. */
    texts: () => lines.map((l) => l.text),
    stateNames: () => states.map((s) => s.state),
    lastState: () => states.at(-1),
  }
}
export type Recorder = ReturnType<typeof recorder>
