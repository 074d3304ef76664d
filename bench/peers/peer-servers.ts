/**
 * The peers of issue 6, installed into a temporary folder (never as Tailboard dependencies) and started on one file:
 * frontail 4.9.2 (one process: tails the file, serves the page, socket.io 2) and log.io 0.3.4 (a server and a
 * harvester that tails the file and sends lines over TCP; socket.io 0.9). Both listen on 127.0.0.1 only.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export const PEER_VERSIONS = { frontail: '4.9.2', 'log.io': '0.3.4' } as const
export type PeerName = keyof typeof PEER_VERSIONS

export type PeerServer = {
  name: PeerName
  /** The page to open. */
  url: string
  /** localStorage entries the page needs before it loads (log.io: which stream the screen shows). */
  localStorage: Record<string, string>
  stop(): Promise<void>
}

/**
 * `npm install` of both peers into `dir`. Install scripts are skipped: log.io's postinstall only copies its sample
 * config to ~/.log.io (written below instead), and a native build in an old jsdom it pulls in fails on Node 20.
 */
export function installPeers(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{"private":true}')
  const specs = Object.entries(PEER_VERSIONS).map(([name, version]) => `${name}@${version}`)
  return new Promise((resolve, reject) => {
    execFile('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir, timeout: 300_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`installing ${specs.join(', ')} into ${dir} failed: ${stderr || err.message}`)) : resolve(),
    )
  })
}

/** A port that was free a moment ago (the peers take a port number, not 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode} before it answered`)
    const ok = await fetch(url).then((r) => r.ok, () => false)
    if (ok) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
}

const live = new Set<ChildProcess>()
process.on('exit', () => live.forEach((c) => c.kill('SIGKILL')))

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)))
  child.once('exit', (code, signal) => {
    live.delete(child)
    if (code && !signal) console.error(`bench: ${command} ${args[0] ?? ''} exited with ${code}: ${err.trim()}`)
  })
  live.add(child)
  return child
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return
      const exited = new Promise((r) => c.once('exit', r))
      c.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))])
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    }),
  )
}

/** Starts `name` on `file` (which must exist); resolves once its page answers. */
export async function startPeer(name: PeerName, installDir: string, file: string): Promise<PeerServer> {
  const modules = join(installDir, 'node_modules')
  if (name === 'frontail') {
    const port = await freePort()
    // --number 0: nothing from before the flood; --lines 2000 is its default page cap, spelled out.
    const child = run(process.execPath, [join(modules, 'frontail/bin/frontail'), '--host', '127.0.0.1', '--port', String(port), '--number', '0', '--lines', '2000', '--disable-usage-stats', file])
    const url = `http://127.0.0.1:${port}/`
    await waitForHttp(url, child).catch(async (e) => (await stopAll([child]), Promise.reject(e)))
    return { name, url, localStorage: {}, stop: () => stopAll([child]) }
  }
  // log.io reads its three config files from $HOME/.log.io: a home of its own keeps the user's untouched.
  const home = join(installDir, 'home')
  mkdirSync(join(home, '.log.io'), { recursive: true })
  const [logPort, webPort] = [await freePort(), await freePort()]
  const conf = (o: object) => `exports.config = ${JSON.stringify(o)}\n`
  writeFileSync(join(home, '.log.io/log_server.conf'), conf({ host: '127.0.0.1', port: logPort }))
  writeFileSync(join(home, '.log.io/web_server.conf'), conf({ host: '127.0.0.1', port: webPort }))
  writeFileSync(join(home, '.log.io/harvester.conf'), conf({ nodeName: 'bench', logStreams: { flood: [file] }, server: { host: '127.0.0.1', port: logPort } }))
  const env = { ...process.env, HOME: home }
  const server = run(process.execPath, [join(modules, 'log.io/bin/log.io-server')], env)
  const url = `http://127.0.0.1:${webPort}/`
  try {
    await waitForHttp(url, server)
  } catch (e) {
    await stopAll([server])
    throw e
  }
  const harvester = run(process.execPath, [join(modules, 'log.io/bin/log.io-harvester')], env)
  // The harvester announces its node and stream over TCP; give it a moment so the page sees them when it connects.
  await new Promise((r) => setTimeout(r, 1_500))
  // log.io shows a stream only once a screen watches its (stream, node) pair; a user ticks a box, the bench presets it.
  return { name, url, localStorage: { logScreens: JSON.stringify([{ name: 'Screen1', pairIds: ['flood:bench'] }]) }, stop: () => stopAll([harvester, server]) }
}
