import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 })

describe('gateway start-up', () => {
  it('stops at start on a malformed config, naming the file, the field and what was expected', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tailboard-main-')), 'bad.json')
    writeFileSync(file, JSON.stringify({ sources: [{ id: 'local', kind: 'local', concurrency: 'four' }] }))
    const result = run(['--config', file])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(file)
    expect(result.stderr).toMatch(/sources\[0\]\.concurrency: .*expected number/)
  })

  it('refuses a bad port with a usage hint', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', 'http'], { cwd: ROOT, encoding: 'utf8', timeout: 15_000 })
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/--port\/PORT must be a port number, got "http"/)
  })
})
