import { appendFileSync, mkdirSync, mkdtempSync, renameSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { NewLogLine, SourceState } from '../../protocol.ts'
import type { LogSink, Source } from '../source.ts'
import { createFileSource } from './file-source.ts'

let source: Source | undefined
afterEach(async () => {
  await source?.stop()
  source = undefined
})

function recorder() {
  const lines: NewLogLine[] = []
  const states: SourceState[] = []
  const sink: LogSink = { lines: (b) => void lines.push(...b), gap: () => {}, state: (s) => void states.push(s) }
  return { sink, lines, states, texts: () => lines.filter((l) => !l.marker).map((l) => l.text) }
}

const dir = () => mkdtempSync(join(tmpdir(), 'tailboard-file-'))

function follow(paths: string[], from: 'end' | 'start' = 'end') {
  const rec = recorder()
  source = createFileSource({ id: 'files', paths, from, pollMs: 20 })
  source.start(rec.sink)
  return rec
}

describe('file source', () => {
  it('starts at the end by default, holds a partial last line and a cut UTF-8 character until complete', async () => {
    const d = dir()
    const file = join(d, 'app.log')
    writeFileSync(file, 'old line\n')
    const rec = follow([file])
    await vi.waitFor(() => expect(rec.states).toContain('connected'))
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
    await vi.waitFor(() => expect(rec.states).toContain('connected'))
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
    await vi.waitFor(() => expect(rec.states).toContain('connected'))
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
    await vi.waitFor(() => expect(rec.states).toContain('connected'))
    appendFileSync(join(d, 'api', 'out.log'), 'from api\n')
    appendFileSync(join(d, 'skip.txt'), 'ignored\n')
    writeFileSync(join(d, 'worker.log'), 'from a new worker file\n')
    await vi.waitFor(() => expect(rec.lines.map((l) => `${l.process}: ${l.text}`).sort()).toEqual(['api/out.log: from api', 'worker.log: from a new worker file']))
  })
})
