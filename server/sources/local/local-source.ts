/**
 * The embedded local workspace as a Source: supervised services plus a task runner, their output batched to the sink
 * and stamped with the gateway's receive time.
 */
import type { NewLogLine, Task } from '../../protocol.ts'
import type { LogSink, Source, TaskProvider } from '../source.ts'
import type { LocalLine } from './child.ts'
import { createLocalTaskProvider, toTask } from './local-tasks.ts'
import { createSupervisor, type RestartBackoffOptions, type ServiceSpec } from './supervisor.ts'
import { createTaskRunner, type TaskRunner, type TaskSpec } from './task-runner.ts'
import { createIsoStamp } from '../../logs/iso-stamp.ts'

/** Handed to `schedule` so a workspace can submit tasks while it runs. */
export type LocalWorkspaceContext = {
  /** Submits a spec, or a template by name. @throws on an unknown template name */
  submit(task: TaskSpec | string): Task
  runner: TaskRunner
}

export type LocalSourceOptions = {
  id: string
  services?: ServiceSpec[]
  /** Named task specs that `submit('name')` runs. */
  taskTemplates?: Record<string, TaskSpec>
  runner?: { concurrency?: number; graceMs?: number; maxFinished?: number }
  backoff?: RestartBackoffOptions
  /** Grace for services on stop. */
  serviceGraceMs?: number
  /** Started with the source; returns its own disposer (e.g. the demo's task trickle). */
  schedule?: (ctx: LocalWorkspaceContext) => () => void
}

export type LocalSource = Source & {
  readonly kind: 'local'
  readonly tasks: TaskProvider
  /** Submits a task (a spec, or a template by name). @throws on an unknown template name or after stop */
  submit(task: TaskSpec | string): Task
}

/** Most lines per sink call; a bigger backlog is flushed at once instead of waiting for the next tick. */
const MAX_BATCH = 2_000

/** Creates the local workspace source. Nothing is spawned until `start(sink)` (or an explicit `submit`). */
export function createLocalSource(options: LocalSourceOptions): LocalSource {
  const { id, services = [], taskTemplates = {} } = options
  let sink: LogSink | null = null
  let batch: NewLogLine[] = []
  let scheduled: NodeJS.Immediate | null = null
  const stamp = createIsoStamp()

  const flush = (): void => {
    if (scheduled) clearImmediate(scheduled)
    scheduled = null
    if (batch.length === 0) return
    const lines = batch
    batch = []
    sink?.lines(lines)
  }

  const onLine = (line: LocalLine): void => {
    if (!sink) return // nobody listens yet: the hub has no cursor to give these lines
    // The runner and supervisor hand over a fresh object per line: stamp it in place rather than copy it.
    const stamped = line as LocalLine & NewLogLine
    stamped.ts = stamp()
    stamped.source = id
    batch.push(stamped)
    if (batch.length >= MAX_BATCH) flush()
    else scheduled ??= setImmediate(flush)
  }

  const runner = createTaskRunner({ onLine, ...options.runner })
  const supervisor = createSupervisor({ services, onLine, backoff: options.backoff, graceMs: options.serviceGraceMs })
  const provider = createLocalTaskProvider(id, runner)

  const submit = (task: TaskSpec | string): Task => {
    const spec = typeof task === 'string' ? taskTemplates[task] : task
    if (!spec) throw new Error(`unknown task template: ${String(task)}`)
    const t = runner.submit(spec)
    return toTask(id, t)
  }

  let stopSchedule: (() => void) | null = null

  return {
    id,
    kind: 'local',
    tasks: provider,
    submit,
    start(s) {
      sink = s
      s.state('connected')
      supervisor.start()
      stopSchedule = options.schedule?.({ submit, runner }) ?? null
    },
    async stop() {
      stopSchedule?.()
      stopSchedule = null
      await Promise.all([runner.stop(), supervisor.stop()])
      flush()
      sink?.state('stopped')
      sink = null
    },
  }
}
