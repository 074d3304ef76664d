import type { LogLine } from '@server/protocol'
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { firstLine, formatTime, processColor } from './log-format'
import type { GapMarker, LogView } from './log-model'
import { LogRow } from './log-row'

const line = (patch: Partial<LogLine> = {}): LogLine => ({
  seq: 1,
  ts: '2024-05-01T10:11:12.345Z',
  level: 'error',
  source: 'local',
  process: 'api',
  text: 'boom',
  ...patch,
})

function viewOf(rows: Array<LogLine | GapMarker>): LogView {
  const at = (i: number) => rows[i]
  return {
    length: rows.length,
    lineCount: rows.filter((r) => 'seq' in r).length,
    offset: 0,
    generation: 0,
    refiltering: false,
    lineAt: (i) => {
      const r = at(i)
      return r && 'seq' in r ? r : undefined
    },
    plainAt: (i) => {
      const r = at(i)
      return r && 'seq' in r ? r.text.replace(/\x1b\[[0-9;]*m/g, '') : undefined
    },
    gapAt: (i) => {
      const r = at(i)
      return r && !('seq' in r) ? r : undefined
    },
  }
}

const aria = (index: number) => ({ 'aria-posinset': index + 1, 'aria-setsize': 1, role: 'listitem' as const })

function renderRow(rows: Array<LogLine | GapMarker>, index = 0) {
  return render(<LogRow index={index} style={{}} ariaAttributes={aria(index)} view={viewOf(rows)} />)
}

describe('LogRow', () => {
  it('shows time (UTC), level, process and text in an accessible list item', () => {
    renderRow([line({ text: '\x1b[31mboom\x1b[0m happened' })])
    const row = screen.getByRole('listitem')
    expect(row).toHaveProperty('title', 'boom happened')
    expect(row.textContent).toBe('10:11:12.345errorapiboom happened')
    expect(screen.getByText('error').className).toMatch(/red/)
    expect(screen.getByText('api').style.color).toMatch(/^rgb\(/) // jsdom normalises the hsl() colour
  })

  it('shows the first line of a multi-line record with a count of the rest', () => {
    renderRow([line({ text: 'Traceback:\n  at a\n  at b\n' })])
    expect(screen.getByRole('listitem').textContent).toContain('Traceback: (+2 lines)')
    expect(screen.getByRole('listitem').title).toBe('Traceback:\n  at a\n  at b\n')
  })

  it('renders a gap marker with the number of missing lines', () => {
    renderRow([{ from: 10, to: 14, count: 5, reason: 'evicted', beforeAbs: 0 }])
    expect(screen.getByRole('listitem').textContent).toBe('⚠ 5 lines missing (evicted)')
  })

  it('says the count is unknown when the gateway cannot know it', () => {
    renderRow([{ from: 10, to: 10, count: null, reason: 'the gateway restarted', beforeAbs: 0 }])
    expect(screen.getByRole('listitem').textContent).toContain('An unknown number of lines missing')
  })

  it('renders hostile text literally', () => {
    renderRow([line({ text: '<img src=x onerror="alert(1)"><script>alert(2)</script>' })])
    expect(screen.getByRole('listitem').querySelector('img, script')).toBeNull()
    expect(screen.getByRole('listitem').textContent).toContain('<img src=x onerror="alert(1)">')
  })

  it('renders an empty row for a line evicted since the view was published', () => {
    renderRow([], 0)
    expect(screen.getByRole('listitem').textContent).toBe('')
  })
})

describe('row formatting', () => {
  it('formats times as HH:MM:SS.mmm in UTC', () => {
    expect(formatTime('2024-05-01T10:11:12Z')).toBe('10:11:12.000')
    expect(formatTime('2024-05-01T10:11:12.123456Z')).toBe('10:11:12.123')
    expect(formatTime('2024-05-01T12:11:12.5+02:00')).toBe('10:11:12.500')
    expect(formatTime('not a time')).toBe('not a time')
  })

  it('splits the first line off', () => {
    expect(firstLine('one')).toEqual({ first: 'one', more: 0 })
    expect(firstLine('one\r\ntwo')).toEqual({ first: 'one', more: 1 })
    expect(firstLine('one\n')).toEqual({ first: 'one', more: 0 })
  })

  it('gives each process a stable colour', () => {
    expect(processColor('api')).toBe(processColor('api'))
    expect(processColor('api')).not.toBe(processColor('worker'))
  })
})
