/** A CDP sampling CPU profile of the page, reduced to the functions with the most self time. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CdpSession } from './cdp-browser.ts'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'

const maps = new Map<string, TraceMap | null>()
/** Maps a minified bundle position back to src/ through the build's source map (vite build: sourcemap true). */
function original(distDir: string, file: string, line: number, column: number): string | null {
  if (!maps.has(file)) {
    const path = join(distDir, 'assets', `${file}.map`)
    maps.set(file, existsSync(path) ? new TraceMap(readFileSync(path, 'utf8')) : null)
  }
  const map = maps.get(file)
  if (!map) return null
  const pos = originalPositionFor(map, { line: line + 1, column })
  return pos.source ? `${pos.name ?? '?'} ${pos.source.replace(/^(\.\.\/)+/, '')}:${pos.line}` : null
}

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number }
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export async function startProfile(cdp: CdpSession): Promise<void> {
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
  await cdp.send('Profiler.start')
}

/** Stops the profiler; returns the top `n` functions by self time (ms and % of the profiled wall time). */
export async function stopProfile(cdp: CdpSession, { n = 30, distDir = 'dist' } = {}) {
  const { profile } = await cdp.send<{ profile: Profile }>('Profiler.stop')
  await cdp.send('Profiler.disable')
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame
    const file = f.url.split('/').pop() ?? ''
    const special = f.functionName.startsWith('(') && f.url === ''
    const mapped = special || !file.endsWith('.js') ? null : original(distDir, file, f.lineNumber, f.columnNumber)
    const key = special ? f.functionName : (mapped ?? `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`)
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  const wall = (profile.endTime - profile.startTime) / 1000
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([fn, ms]) => ({ fn, ms: Math.round(ms), pct: Math.round((ms / wall) * 1000) / 10 }))
}
