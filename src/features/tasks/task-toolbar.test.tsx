import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { STATUS_KINDS, type StatusKind } from './task-status'
import { TaskToolbar } from './task-toolbar'

const counts = (some: Partial<Record<StatusKind, number>> = {}) =>
  Object.fromEntries(STATUS_KINDS.map((k) => [k, some[k] ?? 0])) as Record<StatusKind, number>

const chips = () => within(screen.getByRole('group', { name: 'Status filter' })).getAllByRole('button').map((b) => b.getAttribute('data-status-chip') ?? 'all')

function toolbar(c: Record<StatusKind, number>, statuses: StatusKind[] = []) {
  return <TaskToolbar counts={c} statuses={statuses} onStatusesChange={() => {}} q="" onSearch={() => {}} />
}

describe('TaskToolbar', () => {
  it('keeps its chips where they are as polls change the counts: a kind at zero keeps its chip', () => {
    const { rerender } = render(toolbar(counts({ running: 4 })))
    const before = chips()
    expect(before).toEqual(['all', 'running', 'retry', 'pending', 'failed', 'timeout', 'expired', 'cancelled', 'complete'])
    rerender(toolbar(counts({ running: 2, failed: 1, retry: 3 })))
    expect(chips()).toEqual(before)
    rerender(toolbar(counts()))
    expect(chips()).toEqual(before)
  })

  it('adds "Other" last, only while some task has a status no upstream documents (or it is picked)', () => {
    const { rerender } = render(toolbar(counts({ unknown: 2 })))
    expect(chips().at(-1)).toBe('unknown')
    rerender(toolbar(counts()))
    expect(chips()).not.toContain('unknown')
    rerender(toolbar(counts(), ['unknown']))
    expect(chips().at(-1)).toBe('unknown')
  })

  it('shows a large count compact, with the exact one in the tooltip', () => {
    render(toolbar(counts({ complete: 12_345, failed: 1 })))
    const complete = screen.getByRole('button', { name: /^Complete/ })
    expect(complete.textContent).toBe('Complete 12.3K')
    expect(complete.title).toBe('12,345 complete tasks')
    expect(screen.getByRole('button', { name: /^Failed/ }).title).toBe('1 failed task')
  })
})
