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
    if (source?.kind !== 'local') throw new Error('expected the local source')
    expect(source.services[0]).toMatchObject({ restart: 'on-failure', cwd: join(file, '..', 'svc') })
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

  it('reads each upstream kind with its defaults, resolves file globs and reads tokens from the environment', () => {
    const file = write(JSON.stringify({
      sources: [
        { id: 'files', kind: 'file', paths: ['logs/*.log'] },
        { id: 'beam', kind: 'beam', tokenEnv: 'BEAM_TOKEN', streams: [{ objectId: 't-1' }] },
        { id: 'b9', kind: 'beta9', url: 'http://beta9:1994', workspace: 'ws', tokenEnv: 'BETA9_TOKEN', logFilters: { stub_id: 's' } },
        { id: 'fd', kind: 'feldera', url: 'http://feldera:8080', pipelines: ['orders'] },
        { id: 'dmb', kind: 'dmb', url: 'ws://dmb:8000', tokenEnv: 'DUMB_TOKEN', timezone: 'Europe/Paris' },
      ],
    }))
    const config = loadConfig(file, { BEAM_TOKEN: 'beam-secret', BETA9_TOKEN: 'b9-secret', DUMB_TOKEN: 'dumb-secret' })
    const [files, beam, b9, fd, dmb] = config.sources
    expect(files).toMatchObject({ paths: [join(file, '..', 'logs/*.log')], from: 'end', pollMs: 500 })
    expect(beam).toMatchObject({ apiUrl: 'https://api.beam.cloud', realtimeUrl: 'wss://rt.beam.cloud', backfillLines: 250, streams: [{ objectType: 'BETA9_TASK', objectId: 't-1' }] })
    expect(beam?.kind === 'beam' && beam.token?.reveal()).toBe('beam-secret')
    expect(b9).toMatchObject({ workspace: 'ws', logFilters: { stub_id: 's' } })
    expect(fd?.kind === 'feldera' && fd.token).toBeUndefined()
    expect(dmb).toMatchObject({ project: 'dmb', pingSeconds: 10, timezone: 'Europe/Paris' })
    // the secrets never print
    expect(JSON.stringify(config)).not.toMatch(/secret/)
    expect(`${String(beam?.kind === 'beam' && beam.token)}`).toBe('***')
  })

  it('names the field and the variable when a token is missing, never its value', () => {
    const file = write(JSON.stringify({ sources: [{ id: 'beam', kind: 'beam', tokenEnv: 'BEAM_TOKEN' }] }))
    expect(() => loadConfig(file, {})).toThrow(/sources\[0\]\.tokenEnv: the environment variable BEAM_TOKEN is not set or empty \(it must hold the token of source "beam"\)/)
  })

  it('rejects bad URLs, zones, env names and unknown fields of upstream kinds', () => {
    const bad = (source: object) => () => loadConfig(write(JSON.stringify({ sources: [source] })), { T: 'x' })
    expect(bad({ id: 'f', kind: 'feldera', url: 'ftp://x', pipelines: ['p'] })).toThrow(/sources\[0\]\.url: a https or http URL/)
    expect(bad({ id: 'f', kind: 'feldera', url: 'http://x', pipelines: [] })).toThrow(/sources\[0\]\.pipelines: at least one pipeline name/)
    expect(bad({ id: 'd', kind: 'dmb', url: 'ws://x', timezone: 'Mars/Olympus' })).toThrow(/sources\[0\]\.timezone: an IANA time zone/)
    expect(bad({ id: 'b', kind: 'beam', tokenEnv: 'not a name' })).toThrow(/sources\[0\]\.tokenEnv: the name of an environment variable/)
    expect(bad({ id: 'b', kind: 'beam', tokenEnv: 'T', token: 'inline' })).toThrow(/token/)
    expect(bad({ id: 'b', kind: 'beta9', url: 'http://x', tokenEnv: 'T' })).toThrow(/sources\[0\]\.workspace/)
  })
})
