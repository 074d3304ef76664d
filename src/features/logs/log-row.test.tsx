import type { LogLine } from '@server/protocol'
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { firstLine, formatTime, processColor } from './log-format'
import { createLogModel, type GapMarker, type LogView } from './log-model'
import { LogRow, type LogRowData } from './log-row'

const line = (patch: Partial<LogLine> = {}): LogLine => ({
  seq: 1,
  ts: '2024-05-01T10:11:12.345Z',
  level: 'error',
  source: 'local',
  process: 'api',
  text: 'boom',
  ...patch,
})

/** A real published view (model, ring, ANSI stripping, gap markers) holding `rows` in order. */
function viewOf(rows: Array<LogLine | GapMarker>): LogView {
  const model = createLogModel(16)
  for (const r of rows) {
    if ('seq' in r) model.addLines([r])
    else model.addGap({ from: r.from, to: r.to, count: r.count, reason: r.reason })
  }
  return model.snapshot()
}

const aria = (index: number) => ({ 'aria-posinset': index + 1, 'aria-setsize': 1, role: 'listitem' as const })

function renderRow(rows: Array<LogLine | GapMarker>, index = 0, patch: Partial<LogRowData> = {}) {
  const data: LogRowData = {
    view: viewOf(rows), timeZone: 'utc', wrap: false, range: null, expanded: new Set(), highlight: null, current: null, hovered: null, onCopyLine: () => {}, ...patch,
  }
  return render(<LogRow index={index} style={{}} ariaAttributes={aria(index)} {...data} />)
}
const message = () => screen.getByRole('listitem').querySelector('span.flex-1') as HTMLElement

describe('LogRow', () => {
  it('shows time (UTC), level, process and text in an accessible list item', () => {
    renderRow([line({ text: '\x1b[31mboom\x1b[0m happened' })], 0, { hovered: 1 })
    const row = screen.getByRole('listitem')
    expect(message().title).toBe('boom happened')
    expect(row.textContent).toBe('10:11:12.345errorapiboom happenedcopy')
    expect(row.dataset).toMatchObject({ level: 'error', process: 'api', seq: '1' })
    expect(screen.getByText('error').className).toMatch(/red/)
    expect(screen.getByText('api').style.color).toMatch(/^rgb\(/) // jsdom normalises the hsl() colour
  })

  it('carries the row actions and tooltips only while hovered or selected, and hover follows the pointer', async () => {
    const { rerender } = renderRow([line({ taskId: 't-1' })], 0, { onTaskClick: () => {} })
    const row = screen.getByRole('listitem')
    expect(row.textContent).toBe('10:11:12.345errorapiboom')
    expect(screen.queryByRole('button', { name: 'Copy line' })).toBeNull()
    expect(message().title).toBe('')
    const { viewState } = await import('./view-state')
    fireEvent.mouseEnter(row)
    expect(viewState.getState().hovered).toBe(1)
    fireEvent.mouseLeave(row)
    expect(viewState.getState().hovered).toBeNull()
    // Leaving clears the hover even when the row's line changed under the pointer meanwhile.
    fireEvent.mouseEnter(row)
    viewState.setState({ hovered: 999 })
    fireEvent.mouseLeave(row)
    expect(viewState.getState().hovered).toBeNull()
    // A move over a row whose line changed under a still pointer points the new line.
    viewState.setState({ hovered: 999 })
    fireEvent.mouseMove(row)
    expect(viewState.getState().hovered).toBe(1)
    viewState.setState({ hovered: null })
    const data = { view: viewOf([line({ taskId: 't-1' })]), timeZone: 'utc', wrap: false, expanded: new Set<number>(), highlight: null, current: null, onCopyLine: () => {}, onTaskClick: () => {} } as const
    rerender(<LogRow index={0} style={{}} ariaAttributes={aria(0)} {...data} range={[1, 1]} hovered={null} />)
    expect(screen.getByRole('button', { name: 'Show task t-1' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Copy line' })).toBeTruthy()
  })

  it('shows the first line of a multi-line record with a count of the rest', () => {
    renderRow([line({ text: 'Traceback:\n  at a\n  at b\n' })], 0, { hovered: 1 })
    expect(screen.getByRole('listitem').textContent).toContain('Traceback: (+2 lines)')
    expect(message().title).toBe('Traceback:\n  at a\n  at b\n')
    expect(screen.getByRole('button', { name: 'Expand line' })).toBeTruthy()
  })

  it('shows every line of an expanded record, and JSON pretty-printed', () => {
    renderRow([line({ text: 'Traceback:\n  at a\n  at b\n' })], 0, { expanded: new Set([1]) })
    expect(screen.getByRole('button', { name: 'Collapse line' }).getAttribute('aria-expanded')).toBe('true')
    expect(screen.getByRole('listitem').textContent).toContain('Traceback:\n  at a\n  at b')
    renderRow([line({ seq: 2, text: '{"level":"info","msg":"hi","n":1}' })], 0, { expanded: new Set([2]) })
    expect(screen.getAllByRole('listitem')[1]!.textContent).toContain('{\n  "level": "info",\n  "msg": "hi",\n  "n": 1\n}')
  })

  it('marks find matches inside coloured text without losing the colours', () => {
    renderRow([line({ text: 'ok \x1b[31mtimeout here\x1b[0m and TIMEOUT' })], 0, { highlight: /timeout/gi })
    const marks = [...screen.getByRole('listitem').querySelectorAll('mark')].map((m) => m.textContent)
    expect(marks).toEqual(['timeout', 'TIMEOUT'])
    expect(screen.getByRole('listitem').querySelector('mark')!.parentElement!.style.color).toMatch(/rgb/)
  })

  it('marks the selected range and shows the zone the user chose', () => {
    renderRow([line({ seq: 5 })], 0, { range: [4, 6], timeZone: 'local' })
    expect(screen.getByRole('listitem').getAttribute('aria-selected')).toBe('true')
    expect(screen.getByRole('listitem').querySelector('time')!.textContent).toBe(formatTime('2024-05-01T10:11:12.345Z', 'local'))
    renderRow([line({ seq: 9 })], 0, { range: [4, 6] })
    expect(screen.getAllByRole('listitem')[1]!.getAttribute('aria-selected')).toBe('false')
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

  it('formats times in the viewer zone when asked', () => {
    const d = new Date('2024-05-01T10:11:12.345Z')
    const hh = String(d.getHours()).padStart(2, '0')
    expect(formatTime('2024-05-01T10:11:12.345Z', 'local')).toBe(`${hh}:${String(d.getMinutes()).padStart(2, '0')}:12.345`)
  })

  it('splits the first line off', () => {
    expect(firstLine('one')).toEqual({ first: 'one', more: 0 })
    expect(firstLine('one\r\ntwo')).toEqual({ first: 'one', more: 1 })
    expect(firstLine('one\n')).toEqual({ first: 'one', more: 0 })
  })

  it('gives each process a stable colour', () => {
    expect(processColor('api')).toMatch(/^hsl\(\d+ 70% 68%\)$/)
    expect(processColor('api')).not.toBe(processColor('worker'))
  })
})
