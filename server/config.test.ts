import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

function write(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tailboard-config-')), 'tailboard.json')
  writeFileSync(file, content)
  return file
}

describe('loadConfig', () => {
  it('reads a valid file, fills defaults and resolves cwd against the file', () => {
    const file = write(JSON.stringify({ sources: [{ id: 'local', kind: 'local', services: [{ name: 'api', command: ['node', 'api.js'], cwd: 'svc' }] }] }))
    const config = loadConfig(file)
    expect(config.bufferLines).toBe(100_000)
    const [source] = config.sources
    expect(source?.services[0]).toMatchObject({ restart: 'on-failure', cwd: join(file, '..', 'svc') })
  })

  it('names the file, the field and what was expected', () => {
    const file = write(JSON.stringify({ sources: [{ id: 'local', kind: 'local', services: [{ name: 'api', command: 'node api.js' }] }] }))
    expect(() => loadConfig(file)).toThrow(ConfigError)
    expect(() => loadConfig(file)).toThrow(new RegExp(`${file}[\\s\\S]*sources\\[0\\]\\.services\\[0\\]\\.command: .*expected array`))
  })

  it('rejects unknown fields, unknown kinds and duplicate ids', () => {
    expect(() => loadConfig(write('{"sources":[{"id":"a","kind":"local","servces":[]}]}'))).toThrow(/servces/)
    expect(() => loadConfig(write('{"sources":[{"id":"a","kind":"kafka"}]}'))).toThrow(/sources\[0\]\.kind/)
    expect(() => loadConfig(write('{"sources":[{"id":"a","kind":"local"},{"id":"a","kind":"local"}]}'))).toThrow(/"a" is used twice/)
  })

  it('reports a file that is missing or not JSON', () => {
    expect(() => loadConfig('/nonexistent/tailboard.json')).toThrow(/cannot read config file \/nonexistent\/tailboard.json: ENOENT/)
    expect(() => loadConfig(write('{ sources: [] '))).toThrow(/is not valid JSON/)
  })
})
