import type { Config } from '../config.ts'
import { createDemoWorkspace } from './local/demo-workspace.ts'
import { scheduleFromConfig } from './local/config-schedules.ts'
import { createLocalSource } from './local/local-source.ts'
import type { Source } from './source.ts'

/** One `Source` per configured upstream; no config means the built-in demo workspace. */
export function createSources(config: Config | null): Source[] {
  if (!config) return [createDemoWorkspace()]
  return config.sources.map((source) => {
    switch (source.kind) {
      case 'local':
        return createLocalSource({
          id: source.id,
          services: source.services,
          runner: { concurrency: source.concurrency, graceMs: source.cancelGraceSeconds * 1000 },
          schedule: source.schedules.length > 0 ? scheduleFromConfig(source.schedules) : undefined,
        })
    }
  })
}
