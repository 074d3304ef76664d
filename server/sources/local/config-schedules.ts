import type { LocalSourceConfig } from '../../config.ts'
import type { LocalWorkspaceContext } from './local-source.ts'
import type { TaskSpec } from './task-runner.ts'

/** Turns a config's `schedules` into a running trickle of tasks: one submission per schedule every `everySeconds`. */
export function scheduleFromConfig(schedules: LocalSourceConfig['schedules']) {
  return (ctx: LocalWorkspaceContext): (() => void) => {
    const timers = schedules.map((s) => {
      const spec: TaskSpec = {
        name: s.name,
        command: s.command,
        cwd: s.cwd,
        env: s.env,
        maxRetries: s.maxRetries,
        timeoutMs: s.timeoutSeconds === undefined ? undefined : s.timeoutSeconds * 1000,
        expiresAfterMs: s.expiresAfterSeconds === undefined ? undefined : s.expiresAfterSeconds * 1000,
        config: { schedule: s },
      }
      ctx.submit(spec)
      return setInterval(() => ctx.submit(spec), s.everySeconds * 1000)
    })
    return () => timers.forEach(clearInterval)
  }
}
