import type { Config } from '../config.ts'
import { createBeamSource } from './beam/beam-source.ts'
import { createBeta9Source } from './beta9/beta9-source.ts'
import { createDmbSource } from './dmb/dmb-source.ts'
import { createFelderaSource } from './feldera/feldera-source.ts'
import { createFileSource } from './file/file-source.ts'
import { createDemoWorkspace } from './local/demo-workspace.ts'
import { scheduleFromConfig } from './local/config-schedules.ts'
import { createLocalSource } from './local/local-source.ts'
import type { Source } from './source.ts'

/** One `Source` per configured upstream; no config means the built-in demo workspace. Secrets are revealed only here. */
export function createSources(config: Config | null): Source[] {
  if (!config) return [createDemoWorkspace()]
  return config.sources.map((source): Source => {
    switch (source.kind) {
      case 'local':
        return createLocalSource({
          id: source.id,
          services: source.services,
          runner: { concurrency: source.concurrency, graceMs: source.cancelGraceSeconds * 1000 },
          schedule: source.schedules.length > 0 ? scheduleFromConfig(source.schedules) : undefined,
        })
      case 'file':
        return createFileSource({ id: source.id, paths: source.paths, from: source.from, pollMs: source.pollMs })
      case 'beam':
        return createBeamSource({
          id: source.id, apiUrl: source.apiUrl, realtimeUrl: source.realtimeUrl, token: source.token?.reveal() ?? '',
          streams: source.streams, taskIds: source.taskIds, backfillLines: source.backfillLines,
        })
      case 'beta9':
        return createBeta9Source({ id: source.id, url: source.url, workspace: source.workspace, token: source.token?.reveal(), logFilters: source.logFilters })
      case 'feldera':
        return createFelderaSource({ id: source.id, url: source.url, pipelines: source.pipelines, token: source.token?.reveal(), tenant: source.tenant })
      case 'dmb':
        return createDmbSource({
          id: source.id, url: source.url, token: source.token?.reveal(), timezone: source.timezone, project: source.project, pingMs: source.pingSeconds * 1000,
        })
    }
  })
}
