import { LEVEL_INDEX } from '@server/levels'
import { LEVELS, type Level, type LogLine } from '@server/protocol'
import { NameTable } from './name-table'

/**
 * A fixed-capacity ring of log lines. Every pushed line gets an absolute index (`pushed` before the push); the line
 * with absolute index `a` lives in slot `a % capacity`, so callers may keep parallel per-slot arrays of derived fields.
 */
export type LineRing = HeldFields & {
  readonly capacity: number
  /** Lines currently held. */
  readonly size: number
  /** Absolute index of the oldest held line (lines before it were evicted or cleared). */
  readonly start: number
  /** Lines ever pushed: the absolute index the next line will get. */
  readonly pushed: number
  /** Lines ever dropped to make room (clear() does not count). */
  readonly evicted: number
  readonly oldestSeq: number | undefined
  readonly newestSeq: number | undefined
  /**
   * Appends a batch, overwriting the oldest lines when full. Returns how many lines were evicted, counting the head of
   * a batch larger than the capacity, which is never held.
   */
  push(batch: readonly LogLine[]): number
  /** The line at logical index `i` (0 = oldest, size - 1 = newest), or undefined when out of range. */
  get(i: number): LogLine | undefined
  /** The line with absolute index `abs`, or undefined when it is no longer (or not yet) held. */
  getAbsolute(abs: number): LogLine | undefined
  /** Drops every line (and the references to them). Absolute indexes keep counting up. */
  clear(): void
  /** Distinct sources, processes and task ids the ring keeps a copy of (it forgets those no held line uses). */
  readonly nameCount: number
}

/**
 * One field of a held line, read without building the line: the hot loops (re-filter, eviction counts, seq lookups)
 * go through these. `abs` must be held.
 */
export type HeldFields = {
  seqAt(abs: number): number
  levelAt(abs: number): Level
  /** The level's index in LEVELS. */
  levelIndexAt(abs: number): number
  sourceAt(abs: number): string
  processAt(abs: number): string
  taskIdAt(abs: number): string | undefined
  isGapMarkerAt(abs: number): boolean
}

// stream and marker share one byte: two bits each, 0 = absent.
const STREAMS = [undefined, 'stdout', 'stderr'] as const
const MARKERS = [undefined, 'gap', 'event'] as const
const STREAM_CODE = { stdout: 1, stderr: 2 } as const
const MARKER_CODE = { gap: 1, event: 2 } as const
const GAP_MARKER = MARKER_CODE.gap << 2
// Lines read as objects (the rows on screen, a copy) are kept for a while, so reading the same held line twice gives
// the same object (per-line caches such as prettyJson's are keyed by it).
const BUILT_LINES = 1024

/**
 * Creates a ring that allocates its storage once; pushing never copies the held lines.
 *
 * The lines are held by column, not as one object per line: every held line object was one more thing for each
 * major garbage collection to mark (those pauses make long frames during a flood) and ~47 bytes of heap. What is left
 * per line is its text and its timestamp string; names (source, process, task id) are interned numbers.
 * @throws RangeError when `capacity` is not a positive integer
 */
export function createLineRing(capacity: number): LineRing {
  if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`)
  const seq = new Float64Array(capacity)
  const level = new Uint8Array(capacity)
  const streamMarker = new Uint8Array(capacity)
  const sourceIds = new Int32Array(capacity)
  const processIds = new Int32Array(capacity)
  const taskIds = new Int32Array(capacity) // -1: none
  const ts = new Array<string>(capacity).fill('')
  const text = new Array<string>(capacity).fill('')
  const names = new NameTable()
  const builtAbs = new Float64Array(BUILT_LINES).fill(-1)
  const built = new Array<LogLine | undefined>(BUILT_LINES).fill(undefined)
  let pushed = 0
  let size = 0
  let evicted = 0

  const held = (abs: number) => abs >= pushed - size && abs < pushed

  function build(abs: number): LogLine {
    const k = abs % BUILT_LINES
    if (builtAbs[k] === abs) return built[k]!
    const s = abs % capacity
    const line: LogLine = {
      seq: seq[s]!,
      ts: ts[s]!,
      level: LEVELS[level[s]!]!,
      source: names.name(sourceIds[s]!),
      process: names.name(processIds[s]!),
      text: text[s]!,
    }
    if (taskIds[s]! >= 0) line.taskId = names.name(taskIds[s]!)
    const sm = streamMarker[s]!
    if (sm & 3) line.stream = STREAMS[sm & 3]
    if (sm >> 2) line.marker = MARKERS[sm >> 2]
    builtAbs[k] = abs
    built[k] = line
    return line
  }

  // Names only grow with new distinct names; when the table is much larger than what the held lines use (task ids
  // come and go), it is rebuilt from them.
  function compactNames(): void {
    const next = new NameTable()
    for (let a = pushed - size; a < pushed; a++) {
      const s = a % capacity
      sourceIds[s] = next.id(names.name(sourceIds[s]!))
      processIds[s] = next.id(names.name(processIds[s]!))
      if (taskIds[s]! >= 0) taskIds[s] = next.id(names.name(taskIds[s]!))
    }
    names.replaceWith(next)
  }

  return {
    capacity,
    get size() {
      return size
    },
    get start() {
      return pushed - size
    },
    get pushed() {
      return pushed
    },
    get evicted() {
      return evicted
    },
    get oldestSeq() {
      return size === 0 ? undefined : seq[(pushed - size) % capacity]
    },
    get newestSeq() {
      return size === 0 ? undefined : seq[(pushed - 1) % capacity]
    },
    get nameCount() {
      return names.size
    },
    push(batch) {
      const n = batch.length
      // Lines of an oversized batch that would be overwritten within this push are skipped, but still counted, so
      // absolute indexes stay aligned with slots.
      for (let i = Math.max(0, n - capacity); i < n; i++) {
        const line = batch[i]!
        const s = (pushed + i) % capacity
        seq[s] = line.seq
        ts[s] = line.ts
        level[s] = LEVEL_INDEX[line.level]
        sourceIds[s] = names.id(line.source)
        processIds[s] = names.id(line.process)
        taskIds[s] = line.taskId === undefined ? -1 : names.id(line.taskId)
        text[s] = line.text
        streamMarker[s] = (line.stream ? STREAM_CODE[line.stream] : 0) | (line.marker ? MARKER_CODE[line.marker] << 2 : 0)
      }
      const dropped = Math.max(0, size + n - capacity)
      pushed += n
      size = Math.min(capacity, size + n)
      evicted += dropped
      if (names.size > Math.max(4096, 4 * names.sizeAfterCompaction)) compactNames()
      return dropped
    },
    get: (i) => (i >= 0 && i < size ? build(pushed - size + i) : undefined),
    getAbsolute: (abs) => (held(abs) ? build(abs) : undefined),
    seqAt: (abs) => seq[abs % capacity]!,
    levelAt: (abs) => LEVELS[level[abs % capacity]!]!,
    levelIndexAt: (abs) => level[abs % capacity]!,
    sourceAt: (abs) => names.name(sourceIds[abs % capacity]!),
    processAt: (abs) => names.name(processIds[abs % capacity]!),
    taskIdAt: (abs) => {
      const id = taskIds[abs % capacity]!
      return id < 0 ? undefined : names.name(id)
    },
    isGapMarkerAt: (abs) => (streamMarker[abs % capacity]! & 12) === GAP_MARKER,
    clear() {
      ts.fill('')
      text.fill('')
      builtAbs.fill(-1)
      built.fill(undefined)
      size = 0
      compactNames()
    },
  }
}
