import { createFakeWebSocketClass } from '@/testing/fake-web-socket'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LogPanel } from './log-panel'

const FakeWebSocket = createFakeWebSocketClass()
const line = (seq: number, process: string, level: 'info' | 'warn', text: string) => ({
  seq,
  ts: '2024-05-01T10:00:00.000Z',
  level,
  source: 'local',
  process,
  text,
})

beforeEach(() => {
  vi.stubGlobal('WebSocket', FakeWebSocket)
  window.history.replaceState(null, '', '/?tab=logs&level=warn&q=boom')
})
afterEach(() => vi.unstubAllGlobals())

// One journey: the module-level store is shared by every test in this file.
describe('LogPanel', () => {
  it('streams lines into the store and keeps its filters in the URL', async () => {
    render(<LogPanel />)
    expect(screen.getByLabelText('Minimum level')).toHaveProperty('value', 'warn')
    expect(screen.getByLabelText('Search logs')).toHaveProperty('value', 'boom')
    expect(screen.getByRole('list', { name: 'Log lines' })).toBeTruthy()

    act(() => {
      FakeWebSocket.last()
        .open()
        .receive({ type: 'hello', cursor: 0, oldest: 0, capacity: 100 })
        .receive({ type: 'lines', lines: [line(0, 'api', 'info', 'boom'), line(1, 'api', 'warn', 'boom!'), line(2, 'db', 'warn', 'ok')] })
    })
    expect(screen.getByRole('status', { name: 'Log stream connection' }).textContent).toBe('Live')
    await waitFor(() => expect(screen.getByText('1 of 3 lines')).toBeTruthy())

    fireEvent.change(screen.getByLabelText('Minimum level'), { target: { value: '' } })
    expect(window.location.search).toBe('?tab=logs&q=boom')
    await waitFor(() => expect(screen.getByText('2 of 3 lines')).toBeTruthy())

    fireEvent.click(screen.getByRole('button', { name: 'Process' }))
    const group = screen.getByRole('group', { name: 'Process' })
    fireEvent.click(within(group).getByRole('checkbox', { name: /db\s*1/ }))
    expect(window.location.search).toBe('?tab=logs&q=boom&proc=db')
    await waitFor(() => expect(screen.getByText('0 of 3 lines')).toBeTruthy())

    fireEvent.click(screen.getByRole('button', { name: 'Regex' }))
    fireEvent.change(screen.getByLabelText('Search logs'), { target: { value: 'bo(' } })
    expect((await screen.findByRole('alert')).textContent).toMatch(/Invalid regex/)
    expect(screen.getByText('0 of 3 lines')).toBeTruthy()
  })
})
