/**
 * One child process in its own process group with stdout/stderr captured as leveled records. Shared by the supervisor
 * (services) and the task runner (tasks).
 */
import { spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import type { Level } from '../../protocol.ts'
import { detectLevel } from '../../logs/detect-level.ts'
import { createLineSplitter } from '../../logs/line-splitter.ts'
import { createRecordGrouper } from '../../logs/record-grouper.ts'

/** A line produced inside the local workspace; the local source adds `source` and `ts`. */
export type LocalLine = {
  process: string
  taskId?: string
  stream?: 'stdout' | 'stderr'
  level: Level
  text: string
  /** `event` on lifecycle lines the workspace itself writes (task status changes, service restarts), for the log view to style. */
  marker?: 'event'
}

export type ChildExit = { code: number | null; signal: NodeJS.Signals | null; error?: string }

export type ChildSpec = { command: string[]; cwd?: string; env?: Record<string, string> }

export type GroupChild = {
  /** `undefined` when the spawn itself failed (then `exited` resolves with `error`). */
  readonly pid: number | undefined
  /** Resolves after the leader exited and its captured output was emitted. */
  readonly exited: Promise<ChildExit>
  /**
   * True from the moment the leader exited (or failed to spawn), while its output may still be draining and before
   * `exited` resolves: a timeout or cancel arriving now is too late to change how it ended.
   */
  readonly hasExited: boolean
  /** Signals the whole process group; false when no member is left. */
  killGroup(signal: NodeJS.Signals): boolean
}

/** How long to wait for stdio to drain after the leader exited; a grandchild may hold the pipes open forever. */
const DRAIN_MS = 200

/**
 * Spawns `command` detached (its own process group, so a group signal reaches grandchildren too) and emits every
 * stdout/stderr record through `onLine` with the given `process`/`taskId`.
 */
export function spawnGroupChild(
  spec: ChildSpec,
  tags: { process: string; taskId?: string },
  onLine: (line: LocalLine) => void,
): GroupChild {
  const [file, ...args] = spec.command
  if (file === undefined) throw new TypeError('command must not be empty')
  const child = spawn(file, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const captures = [capture(child.stdout, 'stdout', tags, onLine), capture(child.stderr, 'stderr', tags, onLine)]
  const pid = child.pid
  let hasExited = pid === undefined

  const exited = new Promise<ChildExit>((resolve) => {
    let spawnError: string | undefined
    child.once('error', (err) => {
      spawnError = err.message
      // a failed spawn never emits 'exit'; 'close' follows on its own
      if (pid === undefined) finish({ code: null, signal: null, error: spawnError })
    })
    const closed = new Promise<void>((r) => child.once('close', () => r()))
    child.once('exit', (code, signal) => {
      hasExited = true
      const drained = new Promise<void>((r) => setTimeout(r, DRAIN_MS).unref())
      void Promise.race([closed, drained]).then(() => finish({ code, signal, error: spawnError }))
    })
    let done = false
    const finish = (exit: ChildExit): void => {
      if (done) return
      done = true
      for (const c of captures) c.end()
      resolve(exit)
    }
  })

  return {
    pid,
    exited,
    get hasExited() {
      return hasExited
    },
    killGroup(signal) {
      if (pid === undefined) return false
      try {
        process.kill(-pid, signal)
        return true
      } catch {
        return false // ESRCH: the whole group is gone
      }
    },
  }
}

function capture(
  stream: Readable,
  name: 'stdout' | 'stderr',
  tags: { process: string; taskId?: string },
  onLine: (line: LocalLine) => void,
): { end(): void } {
  const splitter = createLineSplitter()
  const grouper = createRecordGrouper({
    onRecord: (text) => onLine({ ...tags, stream: name, level: detectLevel(text, 'unknown'), text }),
  })
  stream.on('data', (chunk: Buffer) => {
    for (const line of splitter.push(chunk)) grouper.push(line)
  })
  let ended = false
  const end = (): void => {
    if (ended) return
    ended = true
    for (const line of splitter.end()) grouper.push(line)
    grouper.dispose()
    // a grandchild may keep the pipe open; stop reading so it cannot keep this process busy
    stream.destroy()
  }
  stream.once('end', end)
  return { end }
}
