/** Initial JS of the built dashboard: the entry script plus its modulepreloads, gzipped (level 9) and raw. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export function bundleSize(distDir: string) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const initial = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)].map((m) => m[1]!)
  const size = (file: string) => {
    const bytes = readFileSync(join(distDir, file))
    return { file, rawKB: Math.round(bytes.length / 102.4) / 10, gzipKB: Math.round(gzipSync(bytes, { level: 9 }).length / 102.4) / 10 }
  }
  const files = initial.map(size)
  const all = readdirSync(join(distDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => size(`assets/${f}`))
  const sum = (list: typeof files, key: 'rawKB' | 'gzipKB') => Math.round(list.reduce((s, f) => s + f[key], 0) * 10) / 10
  return { initialGzipKB: sum(files, 'gzipKB'), initialRawKB: sum(files, 'rawKB'), allJsGzipKB: sum(all, 'gzipKB'), files }
}
