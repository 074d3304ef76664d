/**
 * A fake Feldera pipeline manager for tests, the e2e journey and the bench. It speaks `/v0/pipelines/{name}/logs` as
 * the real runner does (protocols.md §2): chunked `text/plain` with one `line\n` per chunk, a `Fresh start` first line,
 * a bounded ring whose overflow turns into a `N prior log lines were discarded` line at catch-up, `Logs have ended\n`
 * when logs end, a whole-buffer replay on every new request, JSON `ErrorResponse`s, and a runner 404 with an empty body.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeFelderaOptions = {
  /** Pipelines that exist (and have runner state) from the start. */
  pipelines?: string[]
  /** When set, requests need `Authorization: Bearer <token>`. */
  token?: string
  /** Ring size in lines (the real one holds 50 000). */
  bufferLines?: number
}

/** A scripted answer for the next request, whatever the pipeline (503s, wrong content types, garbage). */
export type FakeFelderaResponse = { status: number; contentType?: string; body?: string }

type Pipeline = { id: string; lines: string[]; discarded: number; runnerState: boolean; followers: Set<ServerResponse> }

const stamp = () => new Date().toISOString().replace(/(\.\d{3})Z$/, '$1000Z')
const managerLine = (p: Pipeline, name: string, level: string, text: string) =>
  `[manager] ${stamp()} ${level.padStart(5)} pipeline_manager::runner::pipeline_logs: ${text} pipeline-id="${p.id}" pipeline-name="${name}"`

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeFeldera(options: FakeFelderaOptions = {}) {
  const { token, bufferLines = 50_000 } = options
  const pipelines = new Map<string, Pipeline>()
  const queued: FakeFelderaResponse[] = []
  const requests: { pipeline: string; authorization: string | undefined }[] = []

  const addPipeline = (name: string, { runnerState = true } = {}): void => {
    const p: Pipeline = { id: randomUUID(), lines: [], discarded: 0, runnerState, followers: new Set() }
    pipelines.set(name, p)
    p.lines.push(managerLine(p, name, 'INFO', 'Fresh start of pipeline logs'))
  }
  for (const name of options.pipelines ?? []) addPipeline(name)

  const must = (name: string): Pipeline => {
    const p = pipelines.get(name)
    if (!p) throw new Error(`fake feldera: no pipeline ${name}`)
    return p
  }

  const server = createServer((req, res) => {
    const match = /^\/v0\/pipelines\/([^/?]+)\/logs$/.exec(req.url?.split('?')[0] ?? '')
    if (req.method !== 'GET' || !match) return json(res, 404, { message: 'Not found', error_code: 'NotFound', details: null })
    const name = decodeURIComponent(match[1]!)
    requests.push({ pipeline: name, authorization: req.headers.authorization })
    if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
      return json(res, 401, { message: 'Unauthorized', error_code: 'AuthenticationFailed', details: {} })
    }
    const scripted = queued.shift()
    if (scripted) {
      res.writeHead(scripted.status, scripted.contentType ? { 'content-type': scripted.contentType } : {})
      return void res.end(scripted.body ?? '')
    }
    const p = pipelines.get(name)
    if (!p) return json(res, 404, { message: `Unknown pipeline name '${name}'`, error_code: 'UnknownPipelineName', details: { pipeline_name: name } })
    // the manager passes the runner's bare 404 through: no body at all
    if (!p.runnerState) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-encoding': 'identity' })
    if (p.discarded > 0) {
      res.write(`${managerLine(p, name, 'WARN', `... ${p.discarded} prior log lines were discarded due to buffer constraints and are thus not shown.`)}\n`)
    }
    for (const line of p.lines) res.write(`${line}\n`)
    p.followers.add(res)
    res.on('close', () => p.followers.delete(res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    addPipeline,
    /**
     * Appends a line and sends it to every follower as one chunk. `splitAt` (a byte offset) sends it as two chunks
     * instead, cut there (use it to cut a line, or a UTF-8 character, in the middle).
     */
    log(pipeline: string, line: string, { splitAt }: { splitAt?: number } = {}): void {
      const p = must(pipeline)
      p.lines.push(line)
      if (p.lines.length > bufferLines) {
        p.lines.shift()
        p.discarded++
      }
      const bytes = Buffer.from(`${line}\n`)
      for (const res of p.followers) {
        if (splitAt === undefined) res.write(bytes)
        else {
          res.write(bytes.subarray(0, splitAt))
          res.write(bytes.subarray(splitAt))
        }
      }
    },
    /** The runner lost or dropped its followers: their streams end without `Logs have ended`. */
    dropFollowers(pipeline: string): void {
      const p = must(pipeline)
      for (const res of p.followers) res.end()
      p.followers.clear()
    },
    /** The pipeline is deleted (or the runner restarts): `Logs have ended`, and the logs are cleared. */
    endLogs(pipeline: string, { remove = false } = {}): void {
      const p = must(pipeline)
      for (const res of p.followers) res.end('Logs have ended\n')
      p.followers.clear()
      if (remove) pipelines.delete(pipeline)
      else {
        p.lines = [managerLine(p, pipeline, 'INFO', 'Fresh start of pipeline logs')]
        p.discarded = 0
      }
    },
    /** false: the runner has no state for the pipeline, so the manager answers 404 with an empty body. */
    setRunnerState(pipeline: string, runnerState: boolean): void {
      must(pipeline).runnerState = runnerState
    },
    /** Answers the next requests with these, in order. */
    queueResponses(...responses: FakeFelderaResponse[]): void {
      queued.push(...responses)
    },
    followers: (pipeline: string): number => must(pipeline).followers.size,
    requests,
    close: (): Promise<void> =>
      new Promise((resolve) => {
        for (const p of pipelines.values()) for (const res of p.followers) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
export type FakeFeldera = Awaited<ReturnType<typeof startFakeFeldera>>

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

/** A pipeline-generated line as the runner forwards it, with an ANSI-coloured level as tracing prints it. */
export function felderaPipelineLine(pipeline: string, level: 'INFO' | 'WARN' | 'ERROR' | 'DEBUG', text: string, at = new Date()): string {
  const colour = { INFO: 32, WARN: 33, ERROR: 31, DEBUG: 34 }[level]
  return `[${pipeline}] ${at.toISOString().replace(/Z$/, '000Z')} \x1b[${colour}m${level.padStart(5)}\x1b[0m dbsp_adapters::server: ${text}`
}
