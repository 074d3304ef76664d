import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CancelResult, Task } from '@server/protocol'
import { TaskTable } from './task-table'

const task = (id: string, status: string, over: Partial<Task> = {}): Task => ({
  source: 'demo', id, name: `job-${id}`, status, createdAt: `2025-01-01T00:00:0${id.slice(-1)}.000Z`, startedAt: null, endedAt: null, ...over,
})

/** A gateway in memory: GET /api/tasks answers `tasks`, POST /api/tasks/cancel answers `cancel(body)`. */
function fakeGateway(initial: Task[], cancel: (ids: string[]) => CancelResult[]) {
  const state = { tasks: initial, posted: [] as unknown[] }
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input)
    if (url.startsWith('/api/tasks/cancel')) {
      const body = JSON.parse(String(init?.body)) as { tasks: { id: string }[] }
      state.posted.push(body)
      return Response.json({ results: cancel(body.tasks.map((t) => t.id)) })
    }
    if (url.startsWith('/api/tasks?')) return Response.json({ tasks: state.tasks })
    return Response.json({ error: { code: 'not-found', message: 'no' } }, { status: 404 })
  })
  return state
}

function renderTable() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(<QueryClientProvider client={client}><TaskTable /></QueryClientProvider>)
  return client
}

const row = (name: string) => screen.getByRole('row', { name })

beforeAll(() => {
  // jsdom has <dialog> but not its modal methods
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) { this.open = true }
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) { this.open = false }
})
beforeEach(() => window.history.replaceState(null, '', '/'))
afterEach(() => vi.restoreAllMocks())

describe('TaskTable', () => {
  it('shows every status, ERROR as a failure and an unknown one verbatim, and offers cancel only while in flight', async () => {
    fakeGateway([task('1', 'RUNNING'), task('2', 'ERROR'), task('3', 'WARMING_UP'), task('4', 'PENDING'), task('5', 'RETRY'), task('6', 'COMPLETE')], () => [])
    renderTable()
    await screen.findByRole('row', { name: 'job-1 1' })
    expect(within(row('job-2 2')).getByText('ERROR').getAttribute('data-status-kind')).toBe('failed')
    expect(within(row('job-3 3')).getByText('WARMING_UP').getAttribute('data-status-kind')).toBe('unknown')
    const cancellable = screen.getAllByRole('button', { name: /^Cancel job-/ }).map((b) => b.getAttribute('aria-label'))
    expect(cancellable.sort()).toEqual(['Cancel job-1 1', 'Cancel job-4 4', 'Cancel job-5 5'])
    expect(screen.getByRole('button', { name: /Failed 1/ })).toBeTruthy()
  })

  it('cancels one task: the dialog names it, the row says Cancelling… until a poll shows CANCELLED', async () => {
    const gateway = fakeGateway([task('1', 'RUNNING')], (ids) => ids.map((id) => ({ source: 'demo', id, outcome: 'requested', status: 'RUNNING' })))
    const client = renderTable()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Cancel job-1 1' }))
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toContain('job-1 1 on demo is RUNNING')
    expect(dialog.textContent).toContain('1 RUNNING → CANCELLED')
    await user.type(within(dialog).getByLabelText('Reason (optional)'), 'incident 7')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel task' }))
    await screen.findByText('Cancelling…')
    expect(gateway.posted).toEqual([{ tasks: [{ source: 'demo', id: '1' }], reason: 'incident 7' }])
    gateway.tasks = [task('1', 'CANCELLED')]
    await client.invalidateQueries()
    await screen.findByText('Cancelled ✓')
  })

  it('bulk cancel leaves finished tasks out, counts them, and keeps failures selected', async () => {
    fakeGateway([task('1', 'RUNNING'), task('2', 'COMPLETE'), task('3', 'PENDING')], (ids) =>
      ids.map((id) => (id === '3' ? { source: 'demo', id, outcome: 'failed', error: 'upstream said 503' } : { source: 'demo', id, outcome: 'cancelled' })))
    renderTable()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('checkbox', { name: 'Select job-3 3' }))
    await user.keyboard('{Shift>}')
    await user.click(screen.getByRole('checkbox', { name: 'Select job-1 1' }))
    await user.keyboard('{/Shift}')
    expect(screen.getByText('1 already finished, left out')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Cancel 2 tasks' }))
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toContain('1 selected task already finished and is left out.')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel 2 tasks' }))
    const results = await screen.findByRole('status', { name: 'Cancel results' })
    expect(results.textContent).toContain('1 cancelled · 1 failed')
    expect(within(row('job-3 3')).getByRole('alert').textContent).toContain('Cancel failed: upstream said 503')
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Select job-3 3' })).toHaveProperty('checked', true))
    expect(screen.getByRole('checkbox', { name: 'Select job-1 1' })).toHaveProperty('checked', false)
  })

  it('keeps the last data on screen, marked stale, when the gateway cannot be reached', async () => {
    const gateway = fakeGateway([task('1', 'RUNNING')], () => [])
    const client = renderTable()
    await screen.findByRole('row', { name: 'job-1 1' })
    vi.mocked(fetch).mockRejectedValue(new TypeError('Failed to fetch'))
    await client.refetchQueries()
    expect((await screen.findByRole('alert')).textContent).toContain('Stale: the gateway cannot be reached (retrying)')
    expect(row('job-1 1')).toBeTruthy()
    expect(gateway.tasks).toHaveLength(1)
  })
})
