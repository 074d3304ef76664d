import { taskListSchema } from '@server/protocol'
import { describe, expect, it } from 'vitest'
import { createTaskListParser } from './task-list-parser'

const task = (id: string, patch: Record<string, unknown> = {}) => ({
  source: 'local', id, name: `job ${id}`, status: 'RUNNING', createdAt: '2026-11-23T10:00:00.000Z', startedAt: null, endedAt: null, ...patch,
})
// Each is a change to task "b" of a list the parser has already seen (so "b" is known and valid before).
const variants: Array<Record<string, unknown> | null | string> = [
  task('b'),
  task('b', { status: 'COMPLETE', endedAt: '2026-11-23T10:01:00.000Z' }),
  task('b', { attempt: 2, failureReason: 'OOM', containerId: 'c-1', cancelRequestedAt: '2026-11-23T10:00:30.000Z' }),
  task('b', { extra: 'stripped like zod strips it' }),
  task('b', { attempt: 1.5 }),
  task('b', { attempt: '2' }),
  task('b', { status: 7 }),
  task('b', { startedAt: undefined }),
  task('b', { endedAt: 0 }),
  task('b', { name: null }),
  { ...task('b'), createdAt: undefined },
  null,
  'task',
]

describe('createTaskListParser', () => {
  it('gives the same verdict and the same data as taskListSchema, for a first list and for a changed one', () => {
    for (const changed of variants) {
      const parser = createTaskListParser()
      const first = { tasks: [task('a'), task('b')] }
      expect(parser.safeParse(first)).toEqual(taskListSchema.safeParse(first))
      const list = { tasks: [task('a'), changed], next: 'cursor-2', errors: [{ source: 'beta9', message: 'unreachable' }] }
      const fast = parser.safeParse(list)
      const zod = taskListSchema.safeParse(list)
      expect({ changed, ok: fast.success }).toEqual({ changed, ok: zod.success })
      if (fast.success && zod.success) expect(fast.data).toEqual(zod.data)
    }
  })

  it('rejects a bad envelope and says which task is wrong', () => {
    const parser = createTaskListParser()
    expect(parser.safeParse({ tasks: 'none' }).success).toBe(false)
    expect(parser.safeParse({ tasks: [], next: 5 }).success).toBe(false)
    expect(parser.safeParse(null).success).toBe(false)
    const bad = parser.safeParse({ tasks: [task('a'), task('b', { status: 7 })] })
    expect(bad.success).toBe(false)
    if (!bad.success) expect(bad.error.issues[0]!.message).toMatch(/^tasks\[1\]: /)
  })

  it('reuses the objects of unchanged tasks and gives changed ones new objects', () => {
    const parser = createTaskListParser()
    const one = parser.safeParse({ tasks: [task('a'), task('b')] })
    const two = parser.safeParse({ tasks: [task('c'), task('a'), task('b', { status: 'COMPLETE' })] })
    if (!one.success || !two.success) throw new Error('both lists are valid')
    expect(two.data.tasks[1]).toBe(one.data.tasks[0])
    expect(two.data.tasks[2]).not.toBe(one.data.tasks[1])
    expect(two.data.tasks[2]!.status).toBe('COMPLETE')
    // Only the latest list is remembered: a task that left and came back is checked again.
    const three = parser.safeParse({ tasks: [task('a')] })
    const four = parser.safeParse({ tasks: [task('a'), task('c')] })
    if (!three.success || !four.success) throw new Error('both lists are valid')
    expect(four.data.tasks[1]).not.toBe(two.data.tasks[0])
  })
})
