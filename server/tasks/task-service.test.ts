import { afterEach, describe, expect, it } from 'vitest'
import type { Source, TaskProvider } from '../sources/source.ts'
import { createLocalSource, type LocalSource } from '../sources/local/local-source.ts'
import { isAlive, nodeScript } from '../sources/local/test-helpers.ts'
import { createTaskService } from './task-service.ts'

const printed = new Set<string>()
const sinkless = {
  lines(lines: Array<{ taskId?: string; text: string }>) {
    for (const l of lines) if (l.taskId && l.text.trim() === 'ready') printed.add(l.taskId)
  },
  gap() {},
  state() {},
}
async function readyPrinted(taskId: string) {
  for (let i = 0; i < 400 && !printed.has(taskId); i++) await new Promise((r) => setTimeout(r, 25))
  if (!printed.has(taskId)) throw new Error(`task ${taskId} never printed ready`)
}
let sources: LocalSource[] = []
afterEach(async () => {
  await Promise.all(sources.map((s) => s.stop()))
  sources = []
  printed.clear()
})

function local(id = 'local', graceMs = 5_000) {
  const source = createLocalSource({ id, runner: { concurrency: 4, graceMs } })
  source.start(sinkless)
  sources.push(source)
  return source
}

const HANG = nodeScript('setInterval(() => {}, 1000)')
const IGNORE_TERM = nodeScript("process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)")

async function running(source: LocalSource, id: string) {
  for (let i = 0; i < 200; i++) {
    const task = await source.tasks.get(id, {})
    if (task?.status === 'RUNNING' && task.pid) return task
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`task ${id} never started`)
}

describe('task service cancel', () => {
  it('verifies a cancel by re-reading: cancelled, and the process is gone', async () => {
    const source = local()
    const service = createTaskService([source])
    const task = source.submit({ name: 'hang', command: HANG })
    const { pid } = await running(source, task.id)
    const [result] = await service.cancel([{ source: 'local', id: task.id }])
    expect(result).toEqual({ source: 'local', id: task.id, outcome: 'cancelled', status: 'CANCELLED' })
    expect(isAlive(pid!)).toBe(false)
  })

  it('answers already-finished, not-found and unknown source per task, in request order', async () => {
    const source = local()
    const service = createTaskService([source])
    const done = source.submit({ name: 'quick', command: nodeScript('') })
    for (let i = 0; i < 200 && (await source.tasks.get(done.id, {}))?.status !== 'COMPLETE'; i++) await new Promise((r) => setTimeout(r, 25))
    const results = await service.cancel([
      { source: 'local', id: done.id },
      { source: 'local', id: 't-does-not-exist' },
      { source: 'nowhere', id: 'x' },
    ])
    expect(results.map((r) => r.outcome)).toEqual(['already-finished', 'not-found', 'not-found'])
    expect(results[0]?.status).toBe('COMPLETE')
  })

  it('answers requested while a task ignores SIGTERM, and force kills it', async () => {
    const source = local('local', 20_000)
    const service = createTaskService([source], { verifyTimeoutMs: 300 })
    const task = source.submit({ name: 'stubborn', command: IGNORE_TERM })
    const { pid } = await running(source, task.id)
    await readyPrinted(task.id) // its SIGTERM handler is installed before it prints
    const [first] = await service.cancel([{ source: 'local', id: task.id }])
    expect(first).toMatchObject({ outcome: 'requested', status: 'RUNNING' })
    expect(isAlive(pid!)).toBe(true)
    const [forced] = await service.cancel([{ source: 'local', id: task.id }], { force: true })
    expect(forced).toMatchObject({ outcome: 'cancelled', status: 'CANCELLED' })
    expect(isAlive(pid!)).toBe(false)
  })

  it('reports an upstream that cannot be reached as failed with its message', async () => {
    const unreachable: TaskProvider = {
      list: async () => ({ tasks: [] }),
      get: async (id) => ({ source: 'remote', id, name: 'job', status: 'RUNNING', createdAt: new Date().toISOString(), startedAt: null, endedAt: null }),
      cancel: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:9')
      },
    }
    const remote: Source = { id: 'remote', kind: 'test', tasks: unreachable, start() {}, stop: async () => {} }
    const [result] = await createTaskService([remote]).cancel([{ source: 'remote', id: 'a' }])
    expect(result).toMatchObject({ outcome: 'failed', error: expect.stringContaining('ECONNREFUSED') })
  })
})

describe('task service list', () => {
  it('lists the sources that answer and names the one that does not, instead of failing the whole table', async () => {
    const good = local('good')
    good.submit({ name: 'ok', command: nodeScript('') })
    const down: Source = {
      id: 'down', kind: 'test', start() {}, stop: async () => {},
      tasks: {
        list: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:9') },
        get: async () => null,
        cancel: async () => [],
      },
    }
    const service = createTaskService([good, down])
    const page = await service.list({ limit: 10 })
    expect(page.tasks.map((t) => t.name)).toEqual(['ok'])
    expect(page.errors).toEqual([{ source: 'down', message: 'connect ECONNREFUSED 127.0.0.1:9' }])
    await expect(service.list({ limit: 10, source: 'down' })).rejects.toThrow(/ECONNREFUSED/)
  })

  it('merges sources newest first and pages with an opaque cursor', async () => {
    const a = local('a')
    const b = local('b')
    for (let i = 0; i < 3; i++) {
      a.submit({ name: `a${i}`, command: nodeScript('') })
      await new Promise((r) => setTimeout(r, 5))
      b.submit({ name: `b${i}`, command: nodeScript('') })
      await new Promise((r) => setTimeout(r, 5))
    }
    const service = createTaskService([a, b])
    const first = await service.list({ limit: 2 })
    expect(first.tasks.map((t) => t.name)).toEqual(['b2', 'a2', 'b1', 'a1'])
    expect(first.next).toBeTruthy()
    const second = await service.list({ limit: 2, cursor: first.next })
    expect(second.tasks.map((t) => t.name)).toEqual(['b0', 'a0'])
    await expect(service.list({ limit: 2, cursor: 'garbage' })).rejects.toThrow(/cursor/)
  })
})
