import { describe, expect, it } from 'vitest'
import { parseFelderaLine } from './feldera-lines.ts'

describe('parseFelderaLine', () => {
  it('reads the timestamp and level of a pipeline line and keeps its ANSI colours', () => {
    const line = '[orders] 2026-01-16T14:13:28.758756Z \x1b[33m WARN\x1b[0m dbsp_adapters::server: slow input'
    expect(parseFelderaLine(line)).toEqual({ kind: 'line', ts: '2026-01-16T14:13:28.758Z', level: 'warn', text: line })
  })

  it('parses NDJSON control-plane lines (FELDERA_LOG_JSON) and tolerates unknown fields', () => {
    const line = JSON.stringify({
      timestamp: '2026-01-16T14:13:28.758756Z', level: 'ERROR', target: 'pipeline_manager::runner', 'feldera-service': 'manager',
      'pipeline-name': 'orders', 'pipeline-id': 'u1', fields: { line: 'runner lost' }, extra: { new: true },
    })
    expect(parseFelderaLine(line)).toEqual({ kind: 'line', ts: '2026-01-16T14:13:28.758Z', level: 'error', text: 'pipeline_manager::runner: runner lost' })
  })

  it('recognises the sentinels', () => {
    expect(parseFelderaLine('Logs have ended')).toEqual({ kind: 'ended' })
    const fresh = '[manager] 2026-01-16T14:13:28.758756Z  INFO pipeline_manager: Fresh start of pipeline logs pipeline-id="u" pipeline-name="o"'
    expect(parseFelderaLine(fresh)).toMatchObject({ kind: 'fresh', level: 'info' })
    const discarded = '[manager] 2026-01-16T14:13:28.758756Z  WARN x: ... 1234 prior log lines were discarded due to buffer constraints and are thus not shown.'
    expect(parseFelderaLine(discarded)).toMatchObject({ kind: 'discarded', count: 1234 })
  })

  it('falls back to level detection and no timestamp for free text and broken JSON', () => {
    expect(parseFelderaLine('thread panicked: ERROR boom')).toEqual({ kind: 'line', ts: null, level: 'error', text: 'thread panicked: ERROR boom' })
    expect(parseFelderaLine('{"timestamp": "2026-01')).toMatchObject({ kind: 'line', ts: null, text: '{"timestamp": "2026-01' })
  })
})
