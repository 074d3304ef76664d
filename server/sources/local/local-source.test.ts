import { afterEach, describe, expect, it, vi } from 'vitest'
import { logLineSchema, taskDetailSchema, taskSchema, type NewLogLine, type SourceState } from '../../protocol.ts'
import type { LogSink } from '../source.ts'
import { createLocalSource, type LocalSource } from './local-source.ts'
import { isAlive, nodeScript } from './test-helpers.ts'

let source: LocalSource | undefined
afterEach(async () => {
  await source?.stop()
  source = undefined
})

function recordingSink() {
  const batches: NewLogLine[][] = []
  const states: SourceState[] = []
  const sink: LogSink = { lines: (l) => void batches.push(l), gap: () => {}, state: (s) => void states.push(s) }
  return { sink, batches, states, lines: () => batches.flat() }
}

const HANG = 'setInterval(() => {}, 1000)'

describe('local source', () => {
  it('reports connected, batches service lines stamped with source and receive time, and stops', async () => {
    const rec = recordingSink()
    source = createLocalSource({
      id: 'ws',
      services: [{ name: 'chatty', restart: 'never', command: nodeScript('for (let i = 0; i < 500; i++) console.log("INFO line " + i); setInterval(() => {}, 1000)') }],
    })
    expect(source.kind).toBe('local')
    source.start(rec.sink)
    expect(rec.states).toEqual(['connected'])
    await vi.waitFor(() => expect(rec.lines().filter((l) => l.stream === 'stdout')).toHaveLength(500), { timeout: 5_000 })
    // how many lines share a batch depends on how the pipe was read; batching at all is the point
    expect(rec.batches.some((b) => b.length > 1)).toBe(true)
    expect(rec.batches.length).toBeLessThan(rec.lines().length)
    const first = rec.lines().find((l) => l.stream === 'stdout')!
    expect(first).toMatchObject({ source: 'ws', process: 'chatty', level: 'info', text: 'INFO line 0' })
    expect(first.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(() => logLineSchema.omit({ seq: true }).parse(first)).not.toThrow()
    await source.stop()
    expect(rec.states.at(-1)).toBe('stopped')
    expect(rec.lines().some((l) => l.text === 'service stopped (killed by SIGTERM)')).toBe(true)
  })

  it('lists tasks newest first with status/q filters and cursor pagination', async () => {
    source = createLocalSource({ id: 'ws', runner: { concurrency: 1 }, taskTemplates: { nap: { name: 'nap', command: nodeScript(HANG) } } })
    source.start(recordingSink().sink)
    const ids = [source.submit('nap').id]
    for (let i = 0; i < 4; i++) ids.push(source.submit({ name: i % 2 ? 'build' : 'deploy', command: nodeScript('') }).id)
    expect(() => source!.submit('nope')).toThrow(/unknown task template/)

    const all = await source.tasks.list({ limit: 10 }, {})
    expect(all.tasks.map((t) => t.id)).toEqual([...ids].reverse())
    expect(all.next).toBeUndefined()
    for (const t of all.tasks) expect(() => taskSchema.parse(t)).not.toThrow()

    const p1 = await source.tasks.list({ limit: 2 }, {})
    const p2 = await source.tasks.list({ limit: 2, cursor: p1.next }, {})
    const p3 = await source.tasks.list({ limit: 2, cursor: p2.next }, {})
    expect([...p1.tasks, ...p2.tasks, ...p3.tasks].map((t) => t.id)).toEqual([...ids].reverse())
    expect(p3.next).toBeUndefined()

    expect((await source.tasks.list({ limit: 10, status: ['running'] }, {})).tasks.map((t) => t.id)).toEqual([ids[0]])
    expect((await source.tasks.list({ limit: 10, status: ['PENDING'], q: 'BUI' }, {})).tasks.map((t) => t.name)).toEqual(['build', 'build'])
    expect((await source.tasks.list({ limit: 10, q: ids[2] }, {})).tasks.map((t) => t.id)).toEqual([ids[2]])
    await expect(source.tasks.list({ limit: 1, cursor: 'garbage' }, {})).rejects.toThrow(/invalid cursor/)
  })

  it('get returns detail; cancel goes through the runner and shows in later reads', async () => {
    source = createLocalSource({ id: 'ws', runner: { graceMs: 500 } })
    const rec = recordingSink()
    source.start(rec.sink)
    const t = source.submit({ name: 'sleepy', command: nodeScript(HANG), config: { why: 'test' } })
    const detail = await source.tasks.get(t.id, {})
    expect(() => taskDetailSchema.parse(detail)).not.toThrow()
    expect(detail).toMatchObject({ source: 'ws', id: t.id, status: 'RUNNING', attempt: 1, config: { why: 'test' }, exitCode: null })
    expect(detail!.command).toEqual(nodeScript(HANG))
    expect(detail!.pid).toBeGreaterThan(0)
    expect(await source.tasks.get('t-999', {})).toBeNull()

    expect(await source.tasks.cancel([t.id, 't-999'], { reason: 'incident 42' })).toEqual([
      { id: t.id, accepted: true },
      { id: 't-999', accepted: false, error: 'not found' },
    ])
    await vi.waitFor(async () => expect((await source!.tasks.get(t.id, {}))!.status).toBe('CANCELLED'), { timeout: 5_000 })
    const after = (await source.tasks.get(t.id, {}))!
    expect(after.stats).toMatchObject({ cancelReason: 'incident 42' })
    expect(after.cancelReason).toBe('incident 42')
    expect(after.signal).toBe('SIGTERM')
    expect(isAlive(detail!.pid!)).toBe(false)
    await vi.waitFor(() => expect(rec.lines().some((l) => l.taskId === t.id && /CANCELLED after SIGTERM/.test(l.text))).toBe(true))
  })

  it('stop() ends every service and task process', async () => {
    source = createLocalSource({
      id: 'ws',
      runner: { graceMs: 300 },
      serviceGraceMs: 300,
      services: [{ name: 'svc', restart: 'always', command: nodeScript('process.on("SIGTERM", () => {}); ' + HANG) }],
    })
    source.start(recordingSink().sink)
    const t = source.submit({ name: 'job', command: nodeScript(HANG) })
    const taskPid = (await source.tasks.get(t.id, {}))!.pid!
    await new Promise((r) => setTimeout(r, 300))
    await source.stop()
    expect(isAlive(taskPid)).toBe(false)
    expect((await source.tasks.get(t.id, {}))!.status).toBe('CANCELLED')
  })
})
