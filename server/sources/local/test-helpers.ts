/** Helpers for the local workspace tests (real child processes). */
import { readFileSync } from 'node:fs'
import type { LocalLine } from './child.ts'

/** `node -e <script>` as a command. */
export const nodeScript = (script: string): string[] => [process.execPath, '-e', script]

/**
 * True while `pid` exists and is not a zombie. A zombie has exited and only waits for its parent (or an init that may
 * not reap in a container) to collect it, so it counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw err
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

/** Collects lines in memory. */
export function lineRecorder() {
  const lines: LocalLine[] = []
  return { lines, onLine: (line: LocalLine) => void lines.push(line), texts: () => lines.map((l) => l.text) }
}
