import type { LogLine } from '@server/protocol'
import { describe, expect, it } from 'vitest'
import { expandedLineCount, expandedText, isExpandable, lineAsText, prettyJson } from './line-text'

const line = (text: string): LogLine => ({ seq: 1, ts: '2026-11-23T10:00:00.000Z', level: 'info', source: 'local', process: 'worker', text })

describe('JSON and multi-line records', () => {
  it('pretty-prints a JSON object or array line, and nothing else', () => {
    const json = line('{"level":"info","msg":"job done","n":[1,2]}')
    expect(prettyJson(json, json.text)).toBe('{\n  "level": "info",\n  "msg": "job done",\n  "n": [\n    1,\n    2\n  ]\n}')
    expect(isExpandable(json, json.text)).toBe(true)
    for (const text of ['{not json}', 'plain text', '{"unterminated": ', '42']) expect(prettyJson(line(text), text)).toBeNull()
  })

  it('detects JSON after ANSI is stripped, from the plain text', () => {
    const coloured = line('\x1b[32m{"ok":true}\x1b[0m')
    expect(prettyJson(coloured, '{"ok":true}')).toBe('{\n  "ok": true\n}')
  })

  it('expands a stack trace to all of its lines', () => {
    const trace = line('Error: boom\n    at a (x.js:1)\n    at b (y.js:2)\n')
    expect(isExpandable(trace, trace.text)).toBe(true)
    expect(expandedText(trace, trace.text)).toBe('Error: boom\n    at a (x.js:1)\n    at b (y.js:2)')
    expect(expandedLineCount(trace, trace.text)).toBe(3)
    expect(isExpandable(line('one line\n'), 'one line\n')).toBe(false)
  })

  it('copies a line as text with its time, level and process', () => {
    expect(lineAsText(line('x'), 'x')).toBe('2026-11-23T10:00:00.000Z INFO [worker] x')
  })
})
