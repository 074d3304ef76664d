import { describe, expect, it } from 'vitest'
import type { Task } from '@server/protocol'
import { clickRow, EMPTY_SELECTION, keepFailed, selectAll, splitSelection } from './task-selection'

const row = (id: string, status = 'RUNNING'): Task => ({ source: 's', id, name: id, status, createdAt: '', startedAt: null, endedAt: null })
const rows = ['a', 'b', 'c', 'd', 'e'].map((id) => row(id, id === 'c' ? 'COMPLETE' : 'RUNNING'))
const keys = (s: { keys: ReadonlySet<string> }) => [...s.keys].sort()

describe('row selection', () => {
  it('toggles on click and selects a range on shift-click, in either direction', () => {
    let s = clickRow(EMPTY_SELECTION, rows, 3, { shift: false })
    s = clickRow(s, rows, 1, { shift: true })
    expect(keys(s)).toEqual(['s/b', 's/c', 's/d'])
    s = clickRow(s, rows, 2, { shift: false })
    expect(keys(s)).toEqual(['s/b', 's/d'])
  })

  it('treats shift-click without a visible anchor as a click', () => {
    const s = clickRow({ keys: new Set(), anchor: 's/gone' }, rows, 4, { shift: true })
    expect(keys(s)).toEqual(['s/e'])
  })

  it('selects all rows matching the filter', () => {
    expect(selectAll(EMPTY_SELECTION, rows.slice(0, 2)).keys.size).toBe(2)
  })

  it('leaves finished and vanished tasks out of the cancel, counting them', () => {
    const byKey = new Map(rows.map((t) => [`s/${t.id}`, t]))
    const { cancellable, leftOut } = splitSelection(new Set(['s/a', 's/c', 's/gone']), byKey)
    expect(cancellable.map((t) => t.id)).toEqual(['a'])
    expect(leftOut).toBe(2)
  })

  it('keeps only the failures selected after a bulk cancel', () => {
    const s = keepFailed([
      { source: 's', id: 'a', outcome: 'cancelled' },
      { source: 's', id: 'b', outcome: 'failed', error: 'boom' },
      { source: 's', id: 'c', outcome: 'already-finished' },
    ])
    expect(keys(s)).toEqual(['s/b'])
  })
})
