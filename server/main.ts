import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from './config.ts'
import { startGateway } from './gateway.ts'

const USAGE = `usage: npm start -- [--port N] [--host ADDR] [--config FILE]
  --port, PORT             port to listen on (default 7420; 0 picks a free one)
  --host, HOST             address to bind (default 127.0.0.1)
  --config, TAILBOARD_CONFIG  sources to connect (JSON; see README). Without it the demo workspace runs.
  TAILBOARD_TOKEN          fixed access token (default: a new random one each start)`

function fail(message: string): never {
  console.error(`tailboard: ${message}`)
  process.exit(2)
}

function parse() {
  try {
    return parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean' } } }).values
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`)
  }
}

const args = parse()
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}
const portText = args.port ?? process.env.PORT ?? '7420'
const port = Number(portText)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port/PORT must be a port number, got "${portText}"`)
const host = args.host ?? process.env.HOST ?? '127.0.0.1'
const configFile = args.config ?? process.env.TAILBOARD_CONFIG
let config = null
try {
  config = configFile ? loadConfig(configFile) : null
} catch (err) {
  if (err instanceof ConfigError) fail(err.message)
  throw err
}
const staticDir = fileURLToPath(new URL('../dist', import.meta.url))
if (!existsSync(staticDir)) console.warn('tailboard: dist/ is missing; run `npm run build` to serve the dashboard (the API works without it)')

const gateway = await startGateway({ host, port, token: process.env.TAILBOARD_TOKEN || undefined, config, staticDir }).catch((err: NodeJS.ErrnoException) =>
  fail(err.code === 'EADDRINUSE' ? `port ${port} on ${host} is in use: pass --port N (or PORT=N), or 0 for any free port` : (err.stack ?? String(err))),
)
console.log(`Tailboard is running ${config ? `with ${configFile}` : 'the demo workspace'}.`)
console.log(`Open: ${gateway.url}/?token=${gateway.token}`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1)
    stopping = true
    console.log('tailboard: stopping (child processes get SIGTERM)…')
    void gateway.close().then(() => process.exit(0))
  })
}
