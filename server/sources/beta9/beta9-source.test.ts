import { afterEach, describe, expect, it, vi } from 'vitest'
import { taskDetailSchema, taskSchema } from '../../protocol.ts'
import { createTaskService } from '../../tasks/task-service.ts'
import { recorder } from '../../testing/recorder.ts'
import { withBodyTimeout } from '../undici-body-timeout.ts'
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

async function setup(opts: { token?: string; idleRefreshMs?: number } = {}) {
  fake = await startFakeBeta9({ workspace: 'ws-1', token: TOKEN })
  source = createBeta9Source({ id: 'b9', url: fake.url, workspace: 'ws-1', token: opts.token ?? TOKEN, backoff: { initialMs: 10, maxMs: 40 }, idleRefreshMs: opts.idleRefreshMs })
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

  it('cancels many ids in DELETEs of at most 100 ids each', async () => {
    const { fake, source } = await setup()
    const ids = Array.from({ length: 250 }, (_, n) => `t-${n}`)
    const acks = await source.tasks.cancel(ids, {})
    expect(acks).toHaveLength(250)
    expect(acks.every((a) => a.accepted)).toBe(true)
    const deletes = fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.query.get('task_ids')!.split(','))
    expect(deletes.map((d) => d.length)).toEqual([100, 100, 50])
    expect(deletes.flat()).toEqual(ids)
  })

  it('reads many tasks with one list call filtered by task_ids', async () => {
    const { fake, source } = await setup()
    const made = [1, 2, 3].map((n) => fake.addTask({ stubName: `app:job${n}`, status: 'RUNNING' }))
    fake.addTask({ stubName: 'not asked for' })
    const read = await source.tasks.getMany!([made[2]!.id, 'ghost', made[0]!.id, made[1]!.id], {})
    expect(read.map((t) => t?.name ?? null)).toEqual(['app:job3', null, 'app:job1', 'app:job2'])
    const reads = fake.requests.filter((r) => r.method === 'GET')
    expect(reads).toHaveLength(1)
    expect(reads[0]!.query.get('task_ids')).toBe([made[2]!.id, 'ghost', made[0]!.id, made[1]!.id].join(','))
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

  it('resumes with Last-Event-ID after a drop and an error event, losing and repeating nothing', async () => {
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
    fake.log({ message: 'three' })
    await vi.waitFor(() => expect(rec.lines.map((l) => l.text)).toEqual(['one', 'two', 'three']))
    expect(JSON.stringify(rec.states)).not.toContain(TOKEN)
  })

  it('skips a malformed event and counts it in the state message; the good events of the same chunk arrive, no reconnect', async () => {
    const { fake, source } = await setup()
    const rec = recorder()
    source.start(rec.sink)
    await vi.waitFor(() => expect(fake.streams()).toBe(1))
    const record = (seq: number, message: string) => `id: ${seq}\nevent: log\ndata: ${JSON.stringify({ seq_num: seq, timestamp: '2026-08-01T10:00:00Z', message })}\n\n`
    // one write: a non-JSON event, an event without `message`, then two good ones
    fake.writeRaw(`id: 1\nevent: log\ndata: {not json\n\n${record(2, 'first good')}id: 3\nevent: log\ndata: {"seq_num":3}\n\n${record(4, 'second good')}`)
    await vi.waitFor(() => expect(rec.texts()).toEqual(['first good', 'second good']))
    await vi.waitFor(() => expect(rec.lastState()).toEqual({ state: 'connected', error: expect.stringMatching(/^skipped 2 malformed log events \(last: beta9 sent a log event without message\)$/) }))
    expect(rec.stateNames()).not.toContain('reconnecting')
    expect(rec.stateNames()).not.toContain('error')
    expect(fake.requests.filter((r) => r.path.endsWith('/stream'))).toHaveLength(1)
    fake.log({ message: 'later' })
    await vi.waitFor(() => expect(rec.texts()).toEqual(['first good', 'second good', 'later']))
  })

  it('re-requests a silent stream quietly with Last-Event-ID: no error, nothing lost or repeated', async () => {
    const { fake, source } = await setup({ idleRefreshMs: 100 })
    const rec = recorder()
    source.start(rec.sink)
    await vi.waitFor(() => expect(fake.streams()).toBe(1))
    fake.log({ message: 'one' })
    await vi.waitFor(() => expect(rec.texts()).toEqual(['one']))
    const streamRequests = () => fake.requests.filter((r) => r.path.endsWith('/stream'))
    await vi.waitFor(() => expect(streamRequests().length).toBeGreaterThanOrEqual(3))
    expect(streamRequests().at(-1)?.lastEventId).toBe('1000')
    fake.log({ message: 'two' })
    await vi.waitFor(() => expect(rec.texts()).toEqual(['one', 'two']))
    const seen = streamRequests().length
    await vi.waitFor(() => expect(streamRequests().length).toBeGreaterThanOrEqual(seen + 1))
    fake.log({ message: 'three' })
    await vi.waitFor(() => expect(rec.texts()).toEqual(['one', 'two', 'three']))
    expect(rec.stateNames()).toEqual(['connecting', 'connected'])
  })

  it("treats undici's body timeout on a silent stream (UND_ERR_BODY_TIMEOUT, 'terminated') as a quiet refresh", async () => {
    const { fake, source } = await setup()
    await withBodyTimeout(150, `${fake.url}/`, async () => {
      const rec = recorder()
      source.start(rec.sink)
      await vi.waitFor(() => expect(fake.streams()).toBe(1))
      fake.log({ message: 'one' })
      // undici checks its timeouts on a coarse clock (up to a second late)
      await vi.waitFor(() => expect(fake.requests.filter((r) => r.path.endsWith('/stream')).length).toBeGreaterThanOrEqual(2), { timeout: 5_000 })
      fake.log({ message: 'two' })
      await vi.waitFor(() => expect(rec.texts()).toEqual(['one', 'two']))
      expect(rec.stateNames()).toEqual(['connecting', 'connected'])
      await source.stop()
    })
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
