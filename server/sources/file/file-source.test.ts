import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { recorder } from '../../testing/recorder.ts'
import type { Source } from '../source.ts'
import { createFileSource, type FileSourceOptions } from './file-source.ts'

let source: Source | undefined
afterEach(async () => {
  await source?.stop()
  source = undefined
})

const dir = () => mkdtempSync(join(tmpdir(), 'tailboard-file-'))

function follow(paths: string[], from: 'end' | 'start' = 'end', opts: Partial<FileSourceOptions> = {}) {
  const rec = recorder()
  source = createFileSource({ id: 'files', paths, from, pollMs: 20, ...opts })
  source.start(rec.sink)
  // lines the files hold, without the source's own notices
  return { ...rec, texts: () => rec.lines.filter((l) => !l.marker).map((l) => l.text) }
}

describe('file source', () => {
  it('starts at the end by default, holds a partial last line and a cut UTF-8 character until complete', async () => {
    const d = dir()
    const file = join(d, 'app.log')
    writeFileSync(file, 'old line\n')
    const rec = follow([file])
    await vi.waitFor(() => expect(rec.stateNames()).toContain('connected'))
    appendFileSync(file, 'ERROR first\nsecond par')
    await vi.waitFor(() => expect(rec.texts()).toEqual(['ERROR first']))
    const euro = Buffer.from('t € done\n')
    appendFileSync(file, Buffer.concat([Buffer.from(' '), euro.subarray(0, 4)])) // cut inside the "€"
    appendFileSync(file, euro.subarray(4))
    await vi.waitFor(() => expect(rec.texts()).toEqual(['ERROR first', 'second par t € done']))
    expect(rec.lines[0]).toMatchObject({ source: 'files', process: 'app.log', level: 'error' })
  })

  it('keeps a stack trace as one record and reads from the start when asked', async () => {
    const d = dir()
    const file = join(d, 'svc.log')
    writeFileSync(file, 'boot\nTypeError: boom\n    at a (x.js:1)\n    at b (x.js:2)\nnext\n')
    const rec = follow([file], 'start')
    await vi.waitFor(() => expect(rec.texts()).toEqual(['boot', 'TypeError: boom\n    at a (x.js:1)\n    at b (x.js:2)', 'next']))
    expect(rec.lines[1]?.level).toBe('error')
  })

  it('reads a truncated file again from the start, with a notice', async () => {
    const d = dir()
    const file = join(d, 'app.log')
    writeFileSync(file, '')
    const rec = follow([file])
    await vi.waitFor(() => expect(rec.stateNames()).toContain('connected'))
    appendFileSync(file, 'a long first line\n')
    await vi.waitFor(() => expect(rec.texts()).toEqual(['a long first line']))
    truncateSync(file, 0)
    appendFileSync(file, 'b\n')
    await vi.waitFor(() => expect(rec.texts()).toEqual(['a long first line', 'b']))
    expect(rec.lines.find((l) => l.marker === 'event')?.text).toMatch(/app.log was truncated/)
  })

  it('finishes a rotated file (its partial line too) and follows the new one from its start', async () => {
    const d = dir()
    const file = join(d, 'app.log')
    writeFileSync(file, '')
    const rec = follow([file])
    await vi.waitFor(() => expect(rec.stateNames()).toContain('connected'))
    appendFileSync(file, 'one\n')
    await vi.waitFor(() => expect(rec.texts()).toEqual(['one']))
    appendFileSync(file, 'two\nunfinished')
    renameSync(file, join(d, 'app.log.1'))
    writeFileSync(file, 'three\n')
    await vi.waitFor(() => expect(rec.texts()).toEqual(['one', 'two', 'unfinished', 'three']))
    expect(rec.lines.find((l) => l.marker === 'event')?.text).toMatch(/replaced \(rotated\)/)
  })

  it('follows every file a glob matches, each as its own process, including files created later', async () => {
    const d = dir()
    mkdirSync(join(d, 'api'))
    writeFileSync(join(d, 'api', 'out.log'), '')
    writeFileSync(join(d, 'skip.txt'), '')
    const rec = follow([`${d}/**/*.log`])
    await vi.waitFor(() => expect(rec.stateNames()).toContain('connected'))
    appendFileSync(join(d, 'api', 'out.log'), 'from api\n')
    appendFileSync(join(d, 'skip.txt'), 'ignored\n')
    writeFileSync(join(d, 'worker.log'), 'from a new worker file\n')
    await vi.waitFor(() => expect(rec.lines.map((l) => `${l.process}: ${l.text}`).sort()).toEqual(['api/out.log: from api', 'worker.log: from a new worker file']))
  })

  it('one unreadable file is reported and skipped: the files after it are still read, and it is dropped once gone', async () => {
    const d = dir()
    for (const name of ['a.log', 'b.log', 'c.log']) writeFileSync(join(d, name), '')
    const bad = join(d, 'b.log')
    // as root every file is readable, so the refusal is injected where the source opens files
    const handles = new Map<string, FileHandle>()
    const openFile = async (path: string) => {
      if (path === bad) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' })
      const handle = await open(path, 'r')
      handles.set(path, handle)
      return handle
    }
    const rec = follow([`${d}/*.log`], 'end', { openFile })
    await vi.waitFor(() => expect(rec.lastState()?.state).toBe('error'))
    expect(rec.lastState()?.error).toMatch(/^cannot read b\.log: EACCES EACCES: permission denied, open .*b\.log' — retrying in 20ms \(other files are still followed\)$/)
    appendFileSync(join(d, 'a.log'), 'from a\n')
    appendFileSync(join(d, 'c.log'), 'from c\n')
    await vi.waitFor(() => expect(rec.lines.map((l) => `${l.process}: ${l.text}`).sort()).toEqual(['a.log: from a', 'c.log: from c']))
    // a file that vanishes is finished and closed, the unreadable one notwithstanding
    rmSync(join(d, 'c.log'))
    await vi.waitFor(() => expect(handles.get(join(d, 'c.log'))?.fd).toBe(-1))
    rmSync(bad)
    await vi.waitFor(() => expect(rec.lastState()).toEqual({ state: 'connected', error: null }))
    appendFileSync(join(d, 'a.log'), 'still a\n')
    await vi.waitFor(() => expect(rec.texts()).toContain('still a'))
    expect(rec.stateNames().filter((s) => s === 'error')).toHaveLength(1) // reported once, not every poll
  })
})
