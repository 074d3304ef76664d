/**
 * A small glob matcher (`*`, `?`, `**`) for the file source: `fs.glob` is not stable in Node 20. Matching is on
 * absolute paths with `/` separators; the walk starts at the pattern's static prefix and never follows symlinked
 * directories (a loop would never end).
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

const MAX_DEPTH = 32
const isMagic = (segment: string) => /[*?]/.test(segment)

/** The folder before the first segment with a wildcard: the walk starts there and process names are relative to it. */
export function globBase(pattern: string): string {
  const segments = pattern.split('/')
  const first = segments.findIndex(isMagic)
  const fixed = first === -1 ? segments.slice(0, -1) : segments.slice(0, first)
  return fixed.join('/') || '/'
}

/** The pattern as an anchored RegExp over the whole path. */
export function globToRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/'
      out += slash ? '(?:.*/)?' : '.*'
      i += slash ? 2 : 1
    } else if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${out}$`)
}

/** Files matching `pattern` (an absolute path, maybe with wildcards). A plain path is returned as is, even if missing. */
export async function expandGlob(pattern: string): Promise<string[]> {
  if (!pattern.split('/').some(isMagic)) return [pattern]
  const base = globBase(pattern)
  const re = globToRegExp(pattern)
  const depth = pattern.includes('**') ? MAX_DEPTH : pattern.split('/').length - base.split('/').length
  const found: string[] = []
  const walk = async (dir: string, level: number): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return // vanished or unreadable: the next poll tries again
    }
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory() && level < depth) await walk(path, level + 1)
      else if ((entry.isFile() || entry.isSymbolicLink()) && re.test(path)) found.push(path)
    }
  }
  await walk(base, 1)
  return found.sort()
}
