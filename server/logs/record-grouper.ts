/**
 * Joins multi-line records (stack traces, Python tracebacks, indented continuations) into one text so a trace stays
 * one LogLine. Lines are never held indefinitely: a record goes out when the next record starts, after `idleMs` of
 * silence, or when it reaches `maxLines`/`maxChars`. Use one grouper per stream.
 */

export type GrouperTimers = {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

export type RecordGrouperOptions = {
  /** Receives each complete record; lines are joined with `\n`. */
  onRecord(text: string): void
  /** Silence after which a held record is emitted. */
  idleMs?: number
  maxLines?: number
  maxChars?: number
  /** Defaults read the globals at call time, so `vi.useFakeTimers()` applies. */
  timers?: GrouperTimers
}

export type RecordGrouper = {
  push(line: string): void
  /** Emits the held record now (stream end, process exit). */
  flush(): void
  /** Emits the held record and cancels the idle timer. */
  dispose(): void
}

const STARTS_WITH_SPACE = /^[ \t]/
const CONTINUATION = /^(?:at |Caused by:|Suppressed:|\.\.\. ?\d+ (?:more|common frames omitted)|During handling of the above exception|The above exception was the direct cause)/
const TRACEBACK = /^Traceback \(most recent call last\):/

const defaultTimers: GrouperTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
}

/** Creates a grouper for one stream. */
export function createRecordGrouper({
  onRecord,
  idleMs = 50,
  maxLines = 500,
  maxChars = 64 * 1024,
  timers = defaultTimers,
}: RecordGrouperOptions): RecordGrouper {
  let lines: string[] = []
  let chars = 0
  // 'body': inside a Python traceback, every line belongs until the non-indented `XxxError: msg` line.
  // 'after': that line was seen; blank lines and chained-exception banners may still follow.
  let traceback: 'none' | 'body' | 'after' = 'none'
  let lastPushAt = 0
  let timer: unknown = null

  const emit = (): void => {
    if (lines.length === 0) return
    const text = lines.length === 1 ? lines[0]! : lines.join('\n')
    lines = []
    chars = 0
    traceback = 'none'
    onRecord(text)
  }

  // One timer per idle period rather than one per line: it re-arms itself for the remainder if lines kept coming.
  const onTimer = (): void => {
    timer = null
    if (lines.length === 0) return
    const idle = timers.now() - lastPushAt
    if (idle >= idleMs) emit()
    else timer = timers.setTimeout(onTimer, idleMs - idle)
  }

  const belongs = (line: string, startsTraceback: boolean): boolean => {
    if (lines.length === 0) return false
    if (traceback === 'body') {
      if (line === '' || STARTS_WITH_SPACE.test(line)) return true
      traceback = 'after' // the final `ValueError: msg` line closes the traceback and still belongs to it
      return true
    }
    if (startsTraceback) {
      traceback = 'body'
      return true
    }
    if (traceback === 'after' && line === '') return true
    return STARTS_WITH_SPACE.test(line) || CONTINUATION.test(line)
  }

  return {
    push(line) {
      lastPushAt = timers.now()
      const startsTraceback = TRACEBACK.test(line)
      if (!belongs(line, startsTraceback) || lines.length >= maxLines || chars + line.length > maxChars) {
        emit()
        if (startsTraceback) traceback = 'body'
      }
      lines.push(line)
      chars += line.length + 1
      if (timer === null) timer = timers.setTimeout(onTimer, idleMs)
    },
    flush: emit,
    dispose() {
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
      emit()
    },
  }
}
