import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

export type RunningGateway = { url: string; token: string; process: ChildProcess; output: () => string; stop(): Promise<void> }

/**
 * Starts the real gateway exactly as `npm start` does (tsx server/main.ts), on 127.0.0.1 and a free port, and
 * resolves once it prints its URL. Tests always `stop()` it; its demo child processes go with it.
 */
export async function startGatewayProcess({ token = 'e2e-token', port = 0, args = [] as string[], env = {} as Record<string, string> } = {}): Promise<RunningGateway> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--host', '127.0.0.1', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, TAILBOARD_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start in 20 s:\n${output}`)), 20_000)
    child.stdout.on('data', () => {
      const match = /Open: (http:\/\/[^/\s]+)\/\?token=/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`gateway exited with ${code}:\n${output}`))
    })
  })
  await waitUntilStreaming(url, token)
  return {
    url,
    token,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
        child.once('exit', () => {
          clearTimeout(kill)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

/** A workspace command that runs `script` in Node (no shell, the same on every machine). */
export const nodeCommand = (script: string) => [process.execPath, '-e', script]

/**
 * The gateway on a config file of its own (`config` written as tailboard.json into a temporary folder, the way a user
 * passes `--config`); `stop()` also removes the folder.
 */
export async function startConfiguredGateway(config: object): Promise<RunningGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'tailboard-e2e-'))
  const file = join(dir, 'tailboard.json')
  writeFileSync(file, JSON.stringify(config))
  const removeDir = () => rmSync(dir, { recursive: true, force: true })
  let gateway: RunningGateway
  try {
    gateway = await startGatewayProcess({ args: ['--config', file] })
  } catch (e) {
    removeDir()
    throw e
  }
  return { ...gateway, stop: () => gateway.stop().finally(removeDir) }
}

/** Waits until every source reports lines, so a journey's clock starts on a running workspace, not a booting one. */
async function waitUntilStreaming(url: string, token: string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/sources`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null)
    const body = res?.ok ? ((await res.json()) as { sources: Array<{ totalLines: number }> }) : null
    if (body && body.sources.length > 0 && body.sources.every((s) => s.totalLines > 0)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the gateway started but its sources produced no lines within 15 s')
}
