import { describe, expect, it } from 'vitest'
import type { Task, TaskList, TaskListDelta } from '../protocol.ts'
import { createListVersions } from './list-versions.ts'

const task = (id: string, status = 'RUNNING'): Task => ({ source: 'local', id, name: `job ${id}`, status, createdAt: '2026-11-23T10:00:00.000Z', startedAt: null, endedAt: null })
const Q = '{"limit":10000}'
const full = (answer: unknown) => answer as TaskList & { version: string }
const delta = (answer: unknown) => answer as TaskListDelta

describe('createListVersions', () => {
  it('answers a first poll with the whole list and a version', () => {
    const answer = full(createListVersions().answer(Q, { tasks: [task('a')], next: 'c2' }, null))
    expect(answer).toEqual({ tasks: [task('a')], next: 'c2', version: expect.any(String) })
  })

  it('answers a poll from a known version with only the changed tasks, and the order only when it changed', () => {
    const versions = createListVersions()
    const v1 = full(versions.answer(Q, { tasks: [task('b'), task('a')] }, null)).version
    const two = delta(versions.answer(Q, { tasks: [task('b', 'COMPLETE'), task('a')] }, v1))
    expect(two).toEqual({ delta: true, base: v1, version: expect.any(String), changed: [task('b', 'COMPLETE')] })
    const three = delta(versions.answer(Q, { tasks: [task('c'), task('b', 'COMPLETE')], errors: [{ source: 'beta9', message: 'down' }] }, two.version))
    expect(three).toMatchObject({ base: two.version, changed: [task('c')], order: ['local/c', 'local/b'], errors: [{ source: 'beta9', message: 'down' }] })
  })

  it('keeps the version of an unchanged list, so quiet polls do not use up the kept versions', () => {
    const versions = createListVersions(2)
    const v1 = full(versions.answer(Q, { tasks: [task('a')] }, null)).version
    for (let i = 0; i < 5; i++) expect(delta(versions.answer(Q, { tasks: [task('a')] }, v1))).toEqual({ delta: true, base: v1, version: v1, changed: [] })
  })

  it('answers with the whole list when the version is unknown, evicted, or from another query', () => {
    const versions = createListVersions(2)
    expect(full(versions.answer(Q, { tasks: [task('a')] }, 'never-given')).tasks).toEqual([task('a')])
    const v1 = full(versions.answer(Q, { tasks: [task('a')] }, null)).version
    expect(full(versions.answer('{"limit":5}', { tasks: [task('a')] }, v1)).tasks).toEqual([task('a')])
    versions.answer(Q, { tasks: [task('b')] }, null)
    versions.answer(Q, { tasks: [task('c')] }, null)
    expect(full(versions.answer(Q, { tasks: [task('a')] }, v1))).toMatchObject({ tasks: [task('a')], version: expect.any(String) })
  })

  it('answers a list holding one key twice as a whole list without a version (a delta could not tell them apart)', () => {
    const versions = createListVersions()
    const twice = { tasks: [task('a'), task('a', 'FAILED')] }
    expect(versions.answer(Q, twice, null)).toEqual(twice)
  })
})
