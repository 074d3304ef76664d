/**
 * Follows files like `tail -F`, by polling: globs are re-expanded every poll so new files join, a partial last line
 * waits until it is complete, a shrinking file is read again from the start, and a replaced file (new inode) is read
 * to its end before the new one is opened. Polling, not fs.watch: it behaves the same on every file system.
 */
import { open, stat, type FileHandle } from 'node:fs/promises'
import { basename, relative } from 'node:path'
import type { NewLogLine } from '../../protocol.ts'
import { detectLevel } from '../../logs/detect-level.ts'
import { createLineSplitter, type LineSplitter } from '../../logs/line-splitter.ts'
import { createRecordGrouper, type RecordGrouper } from '../../logs/record-grouper.ts'
import type { LogSink, Source } from '../source.ts'
import { expandGlob, globBase } from './glob.ts'
import { createIsoStamp } from '../../logs/iso-stamp.ts'

export type FileSourceOptions = {
  id: string
  /** Absolute files or globs. */
  paths: string[]
  /** Where files found at start begin; files that appear later are always read from their start. */
  from?: 'end' | 'start'
  pollMs?: number
  /** Opens a file for reading; tests inject failures here (root reads even a `chmod 000` file). */
  openFile?: (path: string) => Promise<FileHandle>
}

type Tracked = { path: string; process: string; handle: FileHandle; ino: number; pos: number; splitter: LineSplitter; grouper: RecordGrouper }

/** Most bytes read from one file per poll, so one huge file cannot starve the others. */
const MAX_READ_PER_POLL = 4 * 1024 * 1024
const CHUNK = 64 * 1024

/** Creates a file source; polling starts on `start`. */
export function createFileSource({ id, paths, from = 'end', pollMs = 500, openFile = (path) => open(path, 'r') }: FileSourceOptions): Source {
  const stamp = createIsoStamp()
  const files = new Map<string, Tracked>()
  let sink: LogSink | null = null
  let batch: NewLogLine[] = []
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let stopped = false
  let firstPoll = true
  const buf = Buffer.allocUnsafe(CHUNK)

  let flushScheduled: NodeJS.Immediate | null = null
  const flush = () => {
    if (flushScheduled) clearImmediate(flushScheduled)
    flushScheduled = null
    if (batch.length > 0) sink?.lines(batch)
    batch = []
  }
  // records the grouper lets go on its idle timer, between polls
  const onRecord = (process: string) => (text: string) => {
    batch.push({ ts: stamp(), level: detectLevel(text), source: id, process, text })
    flushScheduled ??= setImmediate(flush)
  }
  const event = (t: Tracked, text: string) => batch.push({ ts: stamp(), level: 'warn', source: id, process: t.process, text, marker: 'event' })

  const track = async (path: string, process: string, start: number): Promise<Tracked> => {
    const handle = await openFile(path)
    const info = await handle.stat().catch(async (err: unknown) => {
      await handle.close().catch(() => {})
      throw err
    })
    const t: Tracked = {
      path, process, handle, ino: info.ino, pos: start === -1 ? info.size : start, splitter: createLineSplitter(),
      grouper: createRecordGrouper({ onRecord: onRecord(process), idleMs: 50 }),
    }
    files.set(path, t)
    return t
  }

  const read = async (t: Tracked, { toEnd = false } = {}) => {
    let total = 0
    while (toEnd || total < MAX_READ_PER_POLL) {
      const { bytesRead } = await t.handle.read(buf, 0, CHUNK, t.pos)
      if (bytesRead === 0) break
      t.pos += bytesRead
      total += bytesRead
      for (const line of t.splitter.push(buf.subarray(0, bytesRead))) t.grouper.push(line)
    }
  }

  // A file that is gone or replaced: what was written before the switch still belongs to it, partial line included.
  const finish = async (t: Tracked) => {
    await read(t, { toEnd: true }).catch(() => {})
    for (const line of t.splitter.end()) t.grouper.push(line)
    t.grouper.dispose()
    await t.handle.close().catch(() => {})
    files.delete(t.path)
  }

  const describe = (err: unknown) => `${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message}`.trim()

  /** One poll over every path; returns what could not be read (one file failing never stops the others). */
  const pollOnce = async (): Promise<string[]> => {
    const problems: string[] = []
    const seen = new Set<string>()
    for (const pattern of paths) {
      const base = pattern.split('/').some((s) => /[*?]/.test(s)) ? globBase(pattern) : null
      let matches: string[]
      try {
        matches = await expandGlob(pattern)
      } catch (err) {
        problems.push(`${pattern}: ${describe(err)}`)
        continue
      }
      for (const path of matches) {
        if (seen.has(path)) continue
        const info = await stat(path).catch(() => null)
        if (!info?.isFile()) continue
        seen.add(path)
        const process = base ? relative(base, path) : basename(path)
        try {
          let t = files.get(path)
          if (t && info.ino !== t.ino) {
            await finish(t)
            t = await track(path, process, 0)
            event(t, `${process} was replaced (rotated); following the new file from its start`)
          } else if (t && info.size < t.pos) {
            t.pos = 0
            t.splitter = createLineSplitter() // the held partial line belonged to the old contents
            event(t, `${process} was truncated; reading it again from the start`)
          }
          t ??= await track(path, process, firstPoll && from === 'end' ? -1 : 0)
          await read(t)
        } catch (err) {
          problems.push(`${process}: ${describe(err)}`)
        }
      }
    }
    // gone (or no longer matched): what was written before still belongs to it
    for (const t of [...files.values()]) if (!seen.has(t.path)) await finish(t).catch((err: unknown) => problems.push(`${t.process}: ${describe(err)}`))
    firstPoll = false
    return problems
  }

  let lastState = ''
  const tick = async () => {
    let state: Parameters<LogSink['state']>[0] = 'connected'
    let message: string | null = null
    try {
      const problems = await pollOnce()
      if (problems.length > 0) {
        state = 'error'
        message = `cannot read ${problems.join('; ')} — retrying in ${pollMs}ms (other files are still followed)`
      }
    } catch (err) {
      state = 'error'
      message = `${describe(err)} — retrying in ${pollMs}ms`
    }
    flush()
    // said once per change, not every poll
    if (`${state}\u0000${message}` !== lastState) {
      lastState = `${state}\u0000${message}`
      sink?.state(state, message)
    }
    if (!stopped) timer = setTimeout(() => void (running = tick()), pollMs)
  }

  return {
    id,
    kind: 'file',
    start(s) {
      sink = s
      s.state('connecting', null)
      running = tick()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      for (const t of [...files.values()]) {
        t.grouper.dispose()
        await t.handle.close().catch(() => {})
      }
      files.clear()
      flush()
      sink?.state('stopped', null)
      sink = null
    },
  }
}
