import { afterEach, describe, expect, it, vi } from 'vitest'
import { taskDetailSchema, taskSchema, type NewLogLine, type SourceState } from '../../protocol.ts'
import { createTaskService } from '../../tasks/task-service.ts'
import type { LogSink } from '../source.ts'
import { createBeta9Source } from './beta9-source.ts'
import { startFakeBeta9, type FakeBeta9 } from './fake-beta9.ts'

const TOKEN = 'beta9-secret-token'
let fake: FakeBeta9 | undefined
let source: ReturnType<typeof createBeta9Source> | undefined
afterEach(async () => {
  await source?.stop()
  await fake?.close()
  source = fake = undefined
})

function recorder() {
  const lines: NewLogLine[] = []
  const states: { state: SourceState; error: string | null | undefined }[] = []
  const sink: LogSink = { lines: (b) => void lines.push(...b), gap: () => {}, state: (state, error) => void states.push({ state, error }) }
  return { sink, lines, states, lastState: () => states.at(-1) }
}

async function setup(opts: { token?: string } = {}) {
  fake = await startFakeBeta9({ workspace: 'ws-1', token: TOKEN })
  source = createBeta9Source({ id: 'b9', url: fake.url, workspace: 'ws-1', token: opts.token ?? TOKEN, backoff: { initialMs: 10, maxMs: 40 } })
  return { fake, source }
}

describe('beta9 tasks', () => {
  it('lists cursor pages newest first with a status filter and maps the task shape', async () => {
    const { fake, source } = await setup()
    const made = [1, 2, 3, 4, 5].map((n) => fake.addTask({ stubName: `app:job${n}`, status: n % 2 ? 'RUNNING' : 'ERROR' }))
    const first = await source.tasks.list({ limit: 2 }, {})
    expect(first.tasks.map((t) => t.name)).toEqual(['app:job5', 'app:job4'])
    expect(first.next).toBeTruthy()
    const second = await source.tasks.list({ limit: 2, cursor: first.next }, {})
    expect(second.tasks.map((t) => t.name)).toEqual(['app:job3', 'app:job2'])
    const running = await source.tasks.list({ limit: 10, status: ['running'] }, {})
    expect(running.tasks.map((t) => t.id)).toEqual([made[4]!.id, made[2]!.id, made[0]!.id])
    expect(running.next).toBeUndefined()
    const task = running.tasks[0]!
    expect(() => taskSchema.parse(task)).not.toThrow()
    expect(task).toMatchObject({ source: 'b9', status: 'RUNNING', startedAt: null, containerId: made[4]!.container_id })
    expect(fake.requests.at(-1)?.query.get('status')).toBe('RUNNING')
  })

  it('reads one task with its decoded config, maps the {"message":""} 404 to null', async () => {
    const { fake, source } = await setup()
    const t = fake.addTask({ status: 'ERROR', failure_reason: 'OOM' })
    const detail = await source.tasks.get(t.id, {})
    expect(taskDetailSchema.parse(detail)).toMatchObject({ status: 'ERROR', failureReason: 'OOM', config: { runtime: { cpu: 1000, memory: 128 } } })
    expect(await source.tasks.get('no-such-task', {})).toBeNull()
  })

  it('cancels with ?task_ids= (not a body) and the task service learns each outcome by re-reading', async () => {
    const { fake, source } = await setup()
    const running = fake.addTask({ status: 'RUNNING' })
    const done = fake.addTask({ status: 'COMPLETE' })
    const service = createTaskService([source], { verifyTimeoutMs: 1_000, verifyPollMs: 20 })
    const results = await service.cancel([{ source: 'b9', id: running.id }, { source: 'b9', id: done.id }, { source: 'b9', id: 'ghost' }])
    expect(results.map((r) => r.outcome)).toEqual(['cancelled', 'already-finished', 'not-found'])
    const del = fake.requests.find((r) => r.method === 'DELETE')!
    expect(del.query.get('task_ids')).toBe(running.id)
    expect(del.body).toBe('')
  })

  it('reports a refused token without revealing it', async () => {
    const { source } = await setup({ token: 'wrong-token-456' })
    await expect(source.tasks.list({ limit: 5 }, {})).rejects.toThrow(/HTTP 401 from GET \/api\/v1\/task\/ws-1: Unauthorized/)
    await expect(source.tasks.get('x', {})).rejects.not.toThrow(/wrong-token-456/)
  })
})

describe('beta9 logs', () => {
  it('streams SSE records with stub names, task ids and timestamps, events cut across chunks', async () => {
    const { fake, source } = await setup()
    const task = fake.addTask({ stubName: 'app:train', status: 'RUNNING' })
    await source.tasks.get(task.id, {}) // teaches the source the stub's name
    const rec = recorder()
    source.start(rec.sink)
    await vi.waitFor(() => expect(fake.streams()).toBe(1))
    fake.log({ message: 'epoch 1 ✓\n', stub_id: task.stub.id, task_id: task.id, container_id: task.container_id, timestamp: '2026-08-01T10:00:00.123456789Z' }, { splitAt: 40 })
    fake.log({ message: 'Traceback (most recent call last):', stream: 'stderr', container_id: 'c-9' }, { splitAt: 7 })
    await vi.waitFor(() => expect(rec.lines).toHaveLength(2))
    expect(rec.lines[0]).toEqual({ ts: '2026-08-01T10:00:00.123Z', level: 'unknown', source: 'b9', process: 'app:train', taskId: task.id, stream: 'stdout', text: 'epoch 1 ✓' })
    expect(rec.lines[1]).toMatchObject({ process: 'c-9', stream: 'stderr', level: 'error' })
    expect(fake.requests.at(-1)?.lastEventId).toBeUndefined()
  })

  it('resumes with Last-Event-ID after a drop, an error event and a non-JSON event, losing and repeating nothing', async () => {
    const { fake, source } = await setup()
    const rec = recorder()
    source.start(rec.sink)
    await vi.waitFor(() => expect(fake.streams()).toBe(1))
    fake.log({ message: 'one' })
    await vi.waitFor(() => expect(rec.lines).toHaveLength(1))
    fake.dropStreams()
    fake.log({ message: 'two' }) // logged while disconnected: the resume must fetch it
    await vi.waitFor(() => expect(rec.lines.map((l) => l.text)).toEqual(['one', 'two']))
    expect(fake.requests.filter((r) => r.path.endsWith('/stream')).at(-1)?.lastEventId).toBe('1000')
    fake.sendError('S2 read failed')
    await vi.waitFor(() => expect(rec.states.some((s) => s.state === 'error' && /beta9 log stream error: S2 read failed — retrying in/.test(s.error ?? ''))).toBe(true))
    await vi.waitFor(() => expect(fake.streams()).toBe(1))
    fake.writeRaw('id: 5000\nevent: log\ndata: {not json\n\n')
    await vi.waitFor(() => expect(rec.states.some((s) => /a log event that is not JSON: \{not json — retrying in/.test(s.error ?? ''))).toBe(true))
    fake.log({ message: 'three' })
    await vi.waitFor(() => expect(rec.lines.map((l) => l.text)).toEqual(['one', 'two', 'three']))
    expect(JSON.stringify(rec.states)).not.toContain(TOKEN)
  })

  it('shows a 401 as an error and keeps retrying', async () => {
    const { fake } = await setup({ token: 'bad-token-789' })
    const rec = recorder()
    source!.start(rec.sink)
    await vi.waitFor(() => expect(rec.lastState()?.error).toMatch(/^HTTP 401 from the beta9 log stream: Unauthorized — retrying in/))
    await vi.waitFor(() => expect(fake.requests.length).toBeGreaterThan(2))
    expect(JSON.stringify(rec.states)).not.toContain('bad-token-789')
  })
})
