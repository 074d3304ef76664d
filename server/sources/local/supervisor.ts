/**
 * Keeps long-lived services running as child processes (one process group each) with a restart policy and
 * exponential backoff, and reports their lifecycle as log lines of the service.
 */
import { spawnGroupChild, type ChildExit, type ChildSpec, type GroupChild, type LocalLine } from './child.ts'

export type RestartPolicy = 'always' | 'on-failure' | 'never'

export type ServiceSpec = ChildSpec & { name: string; restart: RestartPolicy }

/** Restart delays of a supervised service (not the upstream reconnect backoff of `../backoff.ts`). */
export type RestartBackoffOptions = {
  initialMs?: number
  maxMs?: number
  /** A service that stayed up this long restarts with `initialMs` again. */
  resetAfterMs?: number
}

export type SupervisorOptions = {
  services: ServiceSpec[]
  onLine(line: LocalLine): void
  backoff?: RestartBackoffOptions
  /** SIGTERM → SIGKILL grace on stop. */
  graceMs?: number
}

export type ServiceStatus = {
  name: string
  state: 'starting' | 'running' | 'backoff' | 'exited' | 'stopped'
  pid?: number
  restarts: number
}

export type Supervisor = {
  start(): void
  /** Stops every service (SIGTERM to each group, SIGKILL after the grace) and resolves once all have exited. */
  stop(): Promise<void>
  status(): ServiceStatus[]
}

type Service = ServiceStatus & {
  spec: ServiceSpec
  child?: GroupChild
  startedAt: number
  nextDelayMs: number
  timer?: NodeJS.Timeout
}

const secs = (ms: number): string => `${+(ms / 1000).toFixed(1)}s`

/** Creates a supervisor; services start on `start()`. */
export function createSupervisor({ services, onLine, backoff = {}, graceMs = 5_000 }: SupervisorOptions): Supervisor {
  const { initialMs = 500, maxMs = 30_000, resetAfterMs = 10_000 } = backoff
  const all: Service[] = services.map((spec) => ({
    name: spec.name, spec, state: 'starting', restarts: 0, startedAt: 0, nextDelayMs: initialMs,
  }))
  const exits = new Set<Promise<void>>()
  let stopping = false

  const say = (s: Service, level: LocalLine['level'], text: string): void => onLine({ process: s.name, level, text, marker: 'event' })

  const launch = (s: Service): void => {
    s.timer = undefined
    s.state = 'running'
    s.startedAt = Date.now()
    const child = spawnGroupChild(s.spec, { process: s.name }, onLine)
    s.child = child
    s.pid = child.pid
    if (child.pid !== undefined) say(s, 'info', `service started (pid ${child.pid})`)
    const exit = child.exited.then((e) => onExit(s, e))
    exits.add(exit)
    void exit.finally(() => exits.delete(exit))
  }

  const onExit = (s: Service, exit: ChildExit): void => {
    s.child?.killGroup('SIGKILL') // leftovers of the old instance must not compete with the next one
    s.child = undefined
    const how = exit.error ? `failed to start: ${exit.error}` : exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`
    if (stopping) {
      s.state = 'stopped'
      say(s, 'info', `service stopped (${how})`)
      return
    }
    const failed = exit.code !== 0
    if (s.spec.restart === 'never' || (s.spec.restart === 'on-failure' && !failed)) {
      s.state = 'exited'
      say(s, failed ? 'error' : 'info', `${how}, not restarting (restart: ${s.spec.restart})`)
      return
    }
    if (Date.now() - s.startedAt >= resetAfterMs) s.nextDelayMs = initialMs
    const delay = s.nextDelayMs
    s.nextDelayMs = Math.min(delay * 2, maxMs)
    s.state = 'backoff'
    s.restarts++
    say(s, failed ? 'error' : 'warn', `${how}, restarting in ${secs(delay)}`)
    s.timer = setTimeout(() => launch(s), delay)
  }

  return {
    start() {
      if (stopping) throw new Error('supervisor is stopped')
      for (const s of all) if (s.state === 'starting') launch(s)
    },
    async stop() {
      stopping = true
      const grace: NodeJS.Timeout[] = []
      for (const s of all) {
        clearTimeout(s.timer)
        if (s.state !== 'running') s.state = 'stopped'
        const child = s.child
        if (!child) continue
        child.killGroup('SIGTERM')
        grace.push(setTimeout(() => child.killGroup('SIGKILL'), graceMs))
      }
      await Promise.all([...exits])
      grace.forEach(clearTimeout)
    },
    status: () => all.map(({ name, state, pid, restarts }) => ({ name, state, restarts, ...(pid !== undefined && { pid }) })),
  }
}
