import { describe, expect, it } from 'vitest'
import type { Task, TaskList } from '@server/protocol'
import { shareTasks } from './share-tasks'

const task = (id: string, status = 'RUNNING', extra: Partial<Task> = {}): Task =>
  ({ source: 'demo', id, name: id, status, createdAt: 'c', startedAt: null, endedAt: null, ...extra })
const list = (...tasks: Task[]): TaskList => ({ tasks })

describe('shareTasks', () => {
  it('returns the previous list when nothing changed', () => {
    const before = list(task('a'), task('b'))
    expect(shareTasks(before, list(task('a'), task('b')))).toBe(before)
  })

  it('keeps unchanged tasks and takes changed, new and reordered ones', () => {
    const before = list(task('a'), task('b'))
    const after = shareTasks(before, list(task('c'), task('a'), task('b', 'COMPLETE'))) as TaskList
    expect(after).not.toBe(before)
    expect(after.tasks[1]).toBe(before.tasks[0])
    expect(after.tasks[2]?.status).toBe('COMPLETE')
    expect(after.tasks[0]?.id).toBe('c')
  })

  it('keeps tasks that moved down when new ones arrived on top', () => {
    const before = list(task('c'), task('b'), task('a'))
    const after = shareTasks(before, list(task('e'), task('d'), task('c'), task('b'), task('a', 'FAILED'))) as TaskList
    expect(after.tasks[2]).toBe(before.tasks[0])
    expect(after.tasks[3]).toBe(before.tasks[1])
    expect(after.tasks[4]?.status).toBe('FAILED')
  })

  it('notices a field that appears or disappears', () => {
    const before = list(task('a'))
    const after = shareTasks(before, list(task('a', 'RUNNING', { cancelRequestedAt: 'now' }))) as TaskList
    expect(after.tasks[0]?.cancelRequestedAt).toBe('now')
    const back = shareTasks(after, list(task('a'))) as TaskList
    expect(back.tasks[0]?.cancelRequestedAt).toBeUndefined()
  })
})
