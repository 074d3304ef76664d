/**
 * The built-in demo used when no config file is given: real Node child processes (see `demo/*.mjs`) that log in
 * several formats, crash and restart, plus a steady trickle of tasks covering every lifecycle the console shows.
 */
import { fileURLToPath } from 'node:url'
import { isTerminalStatus } from '../../protocol.ts'
import { createLocalSource, type LocalSource, type LocalWorkspaceContext } from './local-source.ts'
import type { ServiceSpec } from './supervisor.ts'
import type { TaskSpec } from './task-runner.ts'

const DEMO_DIR = fileURLToPath(new URL('./demo/', import.meta.url))
const script = (name: string, ...args: string[]): string[] => [process.execPath, `${DEMO_DIR}${name}`, ...args]

/** The demo services: access logs, JSON logs, logfmt with stack traces, and one that crashes now and then. */
export function demoServices(): ServiceSpec[] {
  return [
    { name: 'api', restart: 'always', command: script('api.mjs') },
    { name: 'worker', restart: 'always', command: script('worker.mjs') },
    { name: 'scheduler', restart: 'on-failure', command: script('scheduler.mjs') },
    { name: 'billing', restart: 'on-failure', command: script('billing.mjs') },
  ]
}

/** One demo task of `kind` (see `demo/task.mjs`); `seed` varies its output. */
export function demoTask(kind: string, seed: number): TaskSpec {
  const base = { name: kind, command: script('task.mjs', kind, String(seed)), config: { kind, seed } }
  switch (kind) {
    case 'etl:daily':
      return { ...base, maxRetries: 2, retryDelayMs: 1_500 } // fails its first attempt, then succeeds
    case 'ingest-events':
      return { ...base, maxRetries: 1, retryDelayMs: 1_000 } // fails every attempt: RETRY, then FAILED
    case 'stuck-migration':
      return { ...base, timeoutMs: 6_000 } // ignores SIGTERM: TIMEOUT only after the grace period's SIGKILL
    case 'slow-export':
      return { ...base, timeoutMs: 3_000 }
    case 'cleanup-cache':
      return { ...base, expiresAfterMs: 1_500 } // queued behind a burst, so it EXPIREs
    case 'send-report:ok':
      return { ...base, name: 'send-report', command: script('task.mjs', 'send-report', String(seed), 'ok') }
    default:
      return base
  }
}

/** The task trickle, one entry per tick; an entry with several kinds is a burst. */
const CYCLE: string[][] = [
  ['build'], ['etl:daily'], ['send-report'], ['resize-images'], ['stuck-migration'], ['ingest-events'],
  ['resize-images', 'resize-images', 'resize-images', 'resize-images', 'cleanup-cache'],
  ['render-thumbnails'], ['slow-export'], ['send-report:ok'],
]
/** The task that runs until someone cancels it, so there is always something to cancel. */
const HANGING = 'train-model'
/** The trickle pauses while this many tasks wait, so a slow machine does not build an endless queue. */
const MAX_QUEUED = 8

export type DemoWorkspaceOptions = {
  id?: string
  /** Time between two entries of the task trickle. */
  taskIntervalMs?: number
  concurrency?: number
  /** SIGTERM → SIGKILL grace for tasks. */
  graceMs?: number
}

/** Starts the demo's task trickle on `ctx`; returns its disposer. */
export function runDemoTrickle(ctx: LocalWorkspaceContext, taskIntervalMs: number): () => void {
  let seed = 1
  let step = 0
  let hangingId = ''
  const submit = (kind: string) => ctx.submit(demoTask(kind, seed++))
  const ensureHanging = (): void => {
    const hanging = ctx.runner.get(hangingId)
    if (!hanging || isTerminalStatus(hanging.status)) hangingId = submit(HANGING).id
  }
  // tasks are visible within a second or two of start
  ensureHanging()
  for (const kind of ['build', 'etl:daily', 'send-report:ok']) submit(kind)
  const trickle = setInterval(() => {
    const queued = ctx.runner.list().filter((t) => t.status === 'PENDING').length
    if (queued >= MAX_QUEUED) return
    for (const kind of CYCLE[step++ % CYCLE.length]!) submit(kind)
  }, taskIntervalMs)
  const keeper = setInterval(ensureHanging, 1_000)
  return () => {
    clearInterval(trickle)
    clearInterval(keeper)
  }
}

/** Creates the demo workspace source (id `demo` by default). Nothing runs until `start(sink)`. */
export function createDemoWorkspace(options: DemoWorkspaceOptions = {}): LocalSource {
  const { id = 'demo', taskIntervalMs = 2_500, concurrency = 4, graceMs = 3_000 } = options
  return createLocalSource({
    id,
    services: demoServices(),
    runner: { concurrency, graceMs, maxFinished: 2_000 },
    serviceGraceMs: 2_000,
    schedule: (ctx) => runDemoTrickle(ctx, taskIntervalMs),
  })
}
