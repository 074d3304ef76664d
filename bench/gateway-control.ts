/** Parent side of bench/gateway-child.ts: fork it, send commands, read CPU/memory, always stop it. */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ChildOptions } from './gateway-child.ts'
import type { FloodResult } from '../server/sources/flood/flood-source.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export type Usage = { cpu: NodeJS.CpuUsage; mem: NodeJS.MemoryUsage; at: number; offered: number }

export type GatewayChild = {
  url: string
  token: string
  flood(rate: number, seconds: number): Promise<FloodResult>
  emit(count: number): Promise<number>
  usage(): Promise<Usage>
  stop(): Promise<void>
}

const live = new Set<ChildProcess>()
// Whatever happens to the bench, no gateway is left behind.
process.on('exit', () => live.forEach((c) => c.kill('SIGKILL')))

/** Starts a gateway with a flood source; resolves once it listens on 127.0.0.1. */
export async function startGatewayChild(options: Partial<ChildOptions> = {}): Promise<GatewayChild> {
  const opts: ChildOptions = { staticDir: 'dist', hubCapacity: 100_000, lineBytes: 200, taskCount: 0, ...options }
  const child = fork(fileURLToPath(new URL('gateway-child.ts', import.meta.url)), [JSON.stringify(opts)], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  live.add(child)
  child.once('exit', () => live.delete(child))
  let nextId = 1
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('gateway child did not start in 30 s')), 30_000)
    child.once('exit', (code) => reject(new Error(`gateway child exited with ${code}`)))
    child.on('message', (raw) => {
      const m = raw as { ready?: { url: string; token: string }; id?: number; ok?: unknown; error?: string }
      if (m.ready) {
        clearTimeout(timer)
        return resolve(m.ready)
      }
      const w = m.id === undefined ? undefined : waiting.get(m.id)
      if (!w) return
      waiting.delete(m.id!)
      if (m.error) w.reject(new Error(m.error))
      else w.resolve(m.ok)
    })
  })
  const { url, token } = await ready
  child.on('exit', () => waiting.forEach((w) => w.reject(new Error('gateway child exited'))))
  const call = <T>(msg: object, timeoutMs = 120_000) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++
      const timer = setTimeout(() => reject(new Error(`gateway child: no answer to ${JSON.stringify(msg)}`)), timeoutMs)
      waiting.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v as T)), reject: (e) => (clearTimeout(timer), reject(e)) })
      child.send({ ...msg, id })
    })
  return {
    url,
    token,
    flood: (rate, seconds) => call<FloodResult>({ cmd: 'flood', rate, seconds }, seconds * 1000 + 60_000),
    emit: (count) => call<number>({ cmd: 'emit', count }),
    usage: () => call<Usage>({ cmd: 'usage' }),
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((r) => child.once('exit', () => r()))
      await call({ cmd: 'stop' }, 5_000).catch(() => child.kill('SIGKILL'))
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    },
  }
}

/** CPU used between two usage readings, in cores (1.0 = one core fully busy). */
export const coresBetween = (a: Usage, b: Usage) => (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 1000 / (b.at - a.at)
