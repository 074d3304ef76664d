/**
 * Builds the dashboard for the bench into its own folder (never `dist/`, which others may be rebuilding). The `1m`
 * variant is the same app with the browser buffer (`MAX_LOG_LINES` in src/features/logs/log-store.ts) raised to
 * 1,000,000 at build time — a bench-only transform, since the app has no setting for it yet.
 */
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'vite'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

function bufferLines(lines: number): Plugin {
  return {
    name: 'bench-buffer-lines',
    transform(code, id) {
      if (!id.endsWith('features/logs/log-store.ts')) return null
      const out = code.replace(/export const MAX_LOG_LINES = [\d_]+/, `export const MAX_LOG_LINES = ${lines}`)
      if (out === code) throw new Error('bench: MAX_LOG_LINES not found in log-store.ts; update bench/build.ts')
      return { code: out, map: null }
    },
  }
}

/** Builds into bench/.dist (or bench/.dist-<lines> with a bigger buffer) and returns the folder. */
export async function buildDashboard({ bufferLines: lines }: { bufferLines?: number } = {}): Promise<string> {
  const outDir = fileURLToPath(new URL(lines ? `.dist-${lines}` : '.dist', import.meta.url))
  await build({
    root: ROOT,
    configFile: `${ROOT}/vite.config.ts`,
    logLevel: 'warn',
    plugins: lines ? [bufferLines(lines)] : [],
    build: { outDir, emptyOutDir: true },
  })
  return outDir
}
