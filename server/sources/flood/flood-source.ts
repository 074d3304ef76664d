/**
 * A synthetic source for the benchmark (`npm run bench`): it offers lines at a target rate, in batches driven by a
 * timer. Each tick emits `rate × elapsed − offered` lines, so the rate holds when the event loop is late (the batch
 * grows instead). It is idle until `run()` or `emit()` is called, so a benchmark counts only what it asked for.
 */
import type { LogSink, Source, TaskProvider } from '../source.ts'
import { createLineFactory, DEFAULT_MIX, type FloodMix } from './flood-lines.ts'
import { createFloodTasks } from './flood-tasks.ts'

export type FloodSourceOptions = {
  id?: string
  lineBytes?: number
  mix?: FloodMix
  /** Timer period of the generator. */
  tickMs?: number
  /** Fake tasks served by `tasks` (for the task-table benchmark); 0 serves none. */
  taskCount?: number
  now?: () => number
}

export type FloodRun = { rate: number; seconds: number }
export type FloodResult = { offered: number; startedAt: number; endedAt: number; ticks: number; maxBatch: number }

export type FloodSource = Source & {
  /** Lines offered since start (every run and emit). */
  readonly offered: number
  /** Offers `rate` lines/s for `seconds`; resolves when the last line is offered. Rejects if a run is going. */
  run(run: FloodRun): Promise<FloodResult>
  /** Offers `count` lines at once (a warm-up probe). */
  emit(count: number): void
}

/** Creates the flood source. */
export function createFloodSource({ id = 'flood', lineBytes = 200, mix = DEFAULT_MIX, tickMs = 10, taskCount = 0, now = Date.now }: FloodSourceOptions = {}): FloodSource {
  const makeLine = createLineFactory({ source: id, lineBytes, mix })
  const tasks: TaskProvider | undefined = taskCount > 0 ? createFloodTasks(id, taskCount) : undefined
  let sink: LogSink | null = null
  let offered = 0
  let timer: NodeJS.Timeout | null = null
  let finish: (() => void) | null = null

  function emit(count: number): void {
    if (!sink || count <= 0) return
    const t = now()
    const batch = new Array(count)
    for (let i = 0; i < count; i++) batch[i] = makeLine(offered + i, t)
    offered += count
    sink.lines(batch)
  }

  function run({ rate, seconds }: FloodRun): Promise<FloodResult> {
    if (timer) return Promise.reject(new Error('a flood is already running'))
    const startedAt = now()
    const total = Math.round(rate * seconds)
    let sent = 0
    let ticks = 0
    let maxBatch = 0
    return new Promise((resolve) => {
      const done = () => {
        if (timer) clearInterval(timer)
        timer = null
        finish = null
        resolve({ offered: sent, startedAt, endedAt: now(), ticks, maxBatch })
      }
      finish = done
      const tick = () => {
        const due = Math.min(total, Math.floor(((now() - startedAt) / 1000) * rate))
        const n = due - sent
        if (n > 0) {
          emit(n)
          sent += n
          ticks++
          maxBatch = Math.max(maxBatch, n)
        }
        if (sent >= total) done()
      }
      timer = setInterval(tick, tickMs)
    })
  }

  return {
    id,
    kind: 'flood',
    tasks,
    get offered() {
      return offered
    },
    run,
    emit,
    start(s) {
      sink = s
      sink.state('connected')
    },
    async stop() {
      finish?.()
      sink?.state('stopped')
      sink = null
    },
  }
}
