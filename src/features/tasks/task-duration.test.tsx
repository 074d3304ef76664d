import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Task } from '@server/protocol'
import { TICK_MS } from './clock'
import { durationText, TaskDuration } from './task-duration'

const NOW = Date.parse('2026-12-03T10:00:10.000Z')
const task = (status: string, over: Partial<Task> = {}): Task => ({
  source: 'demo', id: status, name: 'job', status, createdAt: '2026-12-03T10:00:00.000Z', startedAt: '2026-12-03T10:00:00.000Z', endedAt: null, ...over,
})

beforeEach(() => vi.useFakeTimers({ now: NOW }))
afterEach(() => vi.useRealTimers())

describe('TaskDuration', () => {
  it('counts on while the task runs', () => {
    render(<span data-testid="d"><TaskDuration task={task('RUNNING')} /></span>)
    expect(screen.getByTestId('d').textContent).toBe('10.0s')
    act(() => void vi.advanceTimersByTime(TICK_MS * 2))
    expect(screen.getByTestId('d').textContent).toBe('12.0s')
  })

  it('is fixed once the task ended, and unknown for an ended task without an end time', () => {
    render(<>
      <span data-testid="ended"><TaskDuration task={task('COMPLETE', { endedAt: '2026-12-03T10:00:04.000Z' })} /></span>
      <span data-testid="no-end"><TaskDuration task={task('FAILED')} /></span>
      <span data-testid="not-started"><TaskDuration task={task('PENDING', { startedAt: null })} /></span>
    </>)
    act(() => void vi.advanceTimersByTime(TICK_MS * 2))
    expect(screen.getByTestId('ended').textContent).toBe('4.0s')
    expect(screen.getByTestId('no-end').textContent).toBe('—')
    expect(screen.getByTestId('not-started').textContent).toBe('—')
    // None of them listens to the clock.
    expect(vi.getTimerCount()).toBe(0)
  })

  it('gives the drawer the same text', () => {
    expect(durationText(task('RUNNING'), NOW + 1_500)).toBe('11.5s')
    expect(durationText(task('CANCELLED'), NOW)).toBe('—')
  })
})
