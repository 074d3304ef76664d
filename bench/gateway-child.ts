/**
 * The gateway under test, in its own process (forked by bench/gateway-control.ts) so its CPU and memory can be read
 * apart from the browser and the load clients. Options arrive as JSON in argv[2]; commands over IPC.
 */
import { startGateway } from '../server/gateway.ts'
import { createFileSource } from '../server/sources/file/file-source.ts'
import { createFloodSource } from '../server/sources/flood/flood-source.ts'

export type ChildOptions = {
  staticDir: string | null
  hubCapacity: number
  lineBytes: number
  taskCount: number
  maxBufferedBytes?: number
  /** Tail this file (the `--peers` comparison: every viewer reads the same file) next to the idle flood source. */
  file?: string
}
export type ChildCommand =
  | { id: number; cmd: 'flood'; rate: number; seconds: number }
  | { id: number; cmd: 'emit'; count: number }
  | { id: number; cmd: 'usage' }
  | { id: number; cmd: 'stop' }

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions
const flood = createFloodSource({ lineBytes: options.lineBytes, taskCount: options.taskCount })
const gateway = await startGateway({
  host: '127.0.0.1',
  port: 0,
  config: null,
  staticDir: options.staticDir,
  // 100 ms polls: the file source reads at most 4 MB a poll, and a 50k lines/s flood writes 10 MB/s.
  sources: options.file ? [flood, createFileSource({ id: 'file', paths: [options.file], from: 'end', pollMs: 100 })] : [flood],
  hub: { capacity: options.hubCapacity, ...(options.maxBufferedBytes ? { maxBufferedBytes: options.maxBufferedBytes } : {}) },
})
const send = (msg: unknown) => process.send?.(msg)

process.on('message', async (raw) => {
  const m = raw as ChildCommand
  try {
    if (m.cmd === 'flood') send({ id: m.id, ok: await flood.run({ rate: m.rate, seconds: m.seconds }) })
    else if (m.cmd === 'emit') {
      flood.emit(m.count)
      send({ id: m.id, ok: flood.offered })
    } else if (m.cmd === 'usage') send({ id: m.id, ok: { cpu: process.cpuUsage(), mem: process.memoryUsage(), at: performance.now(), offered: flood.offered } })
    else if (m.cmd === 'stop') {
      await gateway.close()
      send({ id: m.id, ok: true })
      process.exit(0)
    }
  } catch (e) {
    send({ id: m.id, error: String(e) })
  }
})
// The parent went away (crash, Ctrl-C): never outlive it.
process.on('disconnect', () => process.exit(0))
send({ ready: { url: gateway.url, token: gateway.token } })
