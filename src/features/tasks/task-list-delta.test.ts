import type { Task, TaskList } from '@server/protocol'
import { createListVersions } from '@server/tasks/list-versions'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchTasks } from './task-api'
import { changedTasks } from './changed-tasks'
import { applyTaskAnswer } from './task-list-delta'

const task = (id: string, status = 'RUNNING'): Task => ({ source: 'local', id, name: `job ${id}`, status, createdAt: '2026-11-23T10:00:00.000Z', startedAt: null, endedAt: null })

/** A fetch that answers `/api/tasks` the way the gateway does (its own versions code), from `lists` in turn. */
function gatewayFetch(lists: TaskList[]) {
  const versions = createListVersions()
  const urls: string[] = []
  let poll = 0
  const fetch = vi.fn(async (input: string | URL | Request) => {
    const url = new URL(String(input), 'http://127.0.0.1')
    urls.push(url.pathname + url.search)
    const list = lists[Math.min(poll++, lists.length - 1)]!
    const query = JSON.stringify({ limit: Number(url.searchParams.get('limit')) })
    return new Response(JSON.stringify(versions.answer(query, list, url.searchParams.get('since'))), { status: 200, headers: { 'content-type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  return { urls }
}

afterEach(() => vi.unstubAllGlobals())

describe('fetchTasks with deltas', () => {
  it('asks for the changes since the list it holds and rebuilds the same list the gateway has', async () => {
    const lists = [
      { tasks: [task('b'), task('a')] },
      { tasks: [task('b', 'COMPLETE'), task('a')] },
      { tasks: [task('c'), task('b', 'COMPLETE')], errors: [{ source: 'beta9', message: 'unreachable' }] },
      { tasks: [task('c'), task('b', 'COMPLETE')] },
    ]
    const { urls } = gatewayFetch(lists)
    let held: TaskList | undefined
    for (const expected of lists) {
      const before = held
      held = await fetchTasks({ limit: 100 }, { previous: held })
      expect({ ...held, version: undefined }).toEqual({ ...expected, version: undefined })
      // Unchanged tasks keep their objects, so memoised rows skip re-rendering.
      if (before) for (const t of held.tasks) {
        const old = before.tasks.find((o) => o.id === t.id)
        if (old && old.status === t.status) expect(t).toBe(old)
      }
    }
    expect(urls[0]).toBe('/api/tasks?limit=100')
    expect(urls.slice(1).every((u) => /&since=[\w-]+$/.test(u))).toBe(true)
  })

  it('asks for the whole list again when the delta does not fit what the tab holds', async () => {
    const { urls } = gatewayFetch([{ tasks: [task('a')] }, { tasks: [task('a', 'COMPLETE')] }])
    const first = await fetchTasks({ limit: 100 })
    // The tab holds a list with the right version but other tasks (it cannot happen unless something is wrong).
    const held = await fetchTasks({ limit: 100 }, { previous: { ...first, tasks: [task('z')] } })
    expect(held.tasks).toEqual([task('a', 'COMPLETE')])
    expect(urls).toHaveLength(3)
    expect(urls[2]).toBe('/api/tasks?limit=100')
  })
})

describe('fetchTasks when a delta is malformed', () => {
  it('asks for the whole list instead of failing every poll', async () => {
    const answers = [
      { tasks: [task('a')], version: 'v1' },
      { delta: true, base: 'v1', version: 'v2', changed: [{ id: 'a' }] }, // not a task
      { tasks: [task('a', 'COMPLETE')], version: 'v3' },
    ]
    const urls: string[] = []
    vi.stubGlobal('fetch', vi.fn(async (input: string) => {
      urls.push(String(input))
      return new Response(JSON.stringify(answers[urls.length - 1]), { status: 200, headers: { 'content-type': 'application/json' } })
    }))
    const first = await fetchTasks({ limit: 10 })
    expect(await fetchTasks({ limit: 10 }, { previous: first })).toEqual({ tasks: [task('a', 'COMPLETE')], version: 'v3' })
    expect(urls).toEqual(['/api/tasks?limit=10', '/api/tasks?limit=10&since=v1', '/api/tasks?limit=10'])
  })
})

describe('applyTaskAnswer', () => {
  const previous: TaskList = { tasks: [task('b'), task('a')], version: 'v1' }

  it('returns a whole list as it is', () => {
    const list = { tasks: [task('x')], version: 'v9' }
    expect(applyTaskAnswer(previous, list)).toBe(list)
  })

  it('refuses a delta against another base, an unknown key in the order, or a change to a task it does not hold', () => {
    expect(applyTaskAnswer(previous, { delta: true, base: 'v0', version: 'v2', changed: [] })).toBeNull()
    expect(applyTaskAnswer(undefined, { delta: true, base: 'v1', version: 'v2', changed: [] })).toBeNull()
    expect(applyTaskAnswer(previous, { delta: true, base: 'v1', version: 'v2', changed: [], order: ['local/b', 'local/q'] })).toBeNull()
    expect(applyTaskAnswer(previous, { delta: true, base: 'v1', version: 'v2', changed: [task('q')] })).toBeNull()
  })

  it('keeps the task array itself when nothing changed', () => {
    expect(applyTaskAnswer(previous, { delta: true, base: 'v1', version: 'v1', changed: [] })?.tasks).toBe(previous.tasks)
  })

  it('puts each changed task in its old place, poll after poll, and tells which tasks it replaced', () => {
    let held: TaskList = { tasks: ['c', 'b', 'a'].map((id) => task(id)), version: 'v1' }
    for (const [n, change] of [['v2', task('b', 'COMPLETE')], ['v3', task('c', 'FAILED')], ['v4', task('b', 'FAILED')]] as const) {
      const next = applyTaskAnswer(held, { delta: true, base: held.version!, version: n, changed: [change, change] })!
      expect(next.tasks.map((t) => `${t.id} ${t.status}`)).toEqual(
        held.tasks.map((t) => (t.id === change.id ? `${t.id} ${change.status}` : `${t.id} ${t.status}`)))
      const replaced = held.tasks.find((t) => t.id === change.id)!
      // What the view and the failure badge are told is what a walk over both lists finds.
      expect(changedTasks(held.tasks, next.tasks)).toEqual({ added: [change], removed: [replaced] })
      expect(changedTasks(held.tasks.slice(), next.tasks)).toEqual({ added: [change], removed: [replaced] })
      held = next
    }
  })
})

describe('shareTasks after a whole list', () => {
  it('keeps the task objects but takes the new version when a gateway restart sends the same tasks', async () => {
    const { shareTasks } = await import('./share-tasks')
    const held: TaskList = { tasks: [task('a')], version: 'v1' }
    const shared = shareTasks(held, { tasks: [task('a')], version: 'other-run' }) as TaskList
    expect(shared.version).toBe('other-run')
    expect(shared.tasks).toBe(held.tasks)
    expect(shareTasks(held, { tasks: [task('a')], version: 'v1' })).toBe(held)
  })
})

describe('shareTasks after a delta', () => {
  it('keeps the held list for an empty delta, and takes the new one when only the source errors changed', async () => {
    const { shareTasks } = await import('./share-tasks')
    const held: TaskList = { tasks: [task('a')], version: 'v1' }
    const empty = applyTaskAnswer(held, { delta: true, base: 'v1', version: 'v1', changed: [] })!
    expect(shareTasks(held, empty)).toBe(held)
    const failing = applyTaskAnswer(held, { delta: true, base: 'v1', version: 'v1', changed: [], errors: [{ source: 'beta9', message: 'unreachable' }] })!
    expect(shareTasks(held, failing)).toBe(failing)
  })
})
