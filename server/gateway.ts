import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from './app.ts'
import type { Config } from './config.ts'
import { createAuth, defaultAllowedHosts } from './http/auth.ts'
import { createLogHub, type LogHubOptions } from './logs/log-hub.ts'
import { createSources } from './sources/create-sources.ts'
import type { Source } from './sources/source.ts'
import { createTaskService } from './tasks/task-service.ts'

export type GatewayOptions = {
  host: string
  port: number
  /** Fixed token (TAILBOARD_TOKEN); a random one otherwise. */
  token?: string
  /** null runs the built-in demo workspace. */
  config: Config | null
  staticDir: string | null
  hub?: LogHubOptions
  /** Sources built by the caller (tests, the benchmark) instead of from `config`. */
  sources?: Source[]
}

export type Gateway = { server: Server; url: string; token: string; sources: Source[]; close(): Promise<void> }

/** Builds and starts everything: sources, hub, task service, HTTP + WebSocket server. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const hub = createLogHub({ capacity: options.config?.bufferLines, ...options.hub })
  const sources = options.sources ?? createSources(options.config)
  const tasks = createTaskService(sources)
  const auth = createAuth({ token, allowedHosts: defaultAllowedHosts(options.host) })
  const app = createApp({ auth, hub, tasks, staticDir: options.staticDir })

  const server = createServer(app.handle)
  server.on('upgrade', app.upgrade)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  try {
    for (const source of sources) await source.start(hub.sinkFor(source.id, source.kind))
  } catch (err) {
    // Half-started: stop what runs (child processes above all) before reporting, or they outlive the gateway.
    await Promise.allSettled(sources.map((s) => s.stop()))
    hub.close()
    app.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    throw err
  }

  const { port } = server.address() as AddressInfo
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
  let closing: Promise<void> | null = null
  return {
    server,
    token,
    sources,
    url: `http://${shownHost}:${port}`,
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled(sources.map((s) => s.stop()))
        hub.close()
        app.close()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      })()),
  }
}
