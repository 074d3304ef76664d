import { afterEach, describe, expect, it, vi } from 'vitest'
import { taskDetailSchema, type NewLogLine, type SourceState } from '../../protocol.ts'
import { createTaskService } from '../../tasks/task-service.ts'
import type { LogSink } from '../source.ts'
import { createBeamSource } from './beam-source.ts'
import { startFakeBeam, type FakeBeam } from './fake-beam.ts'

const TOKEN = 'beam-secret-token'
let fake: FakeBeam | undefined
let source: ReturnType<typeof createBeamSource> | undefined
afterEach(async () => {
  await source?.stop()
  await fake?.close()
  source = fake = undefined
})

function recorder() {
  const lines: NewLogLine[] = []
  const states: { state: SourceState; error: string | null | undefined }[] = []
  const sink: LogSink = { lines: (b) => void lines.push(...b), gap: () => {}, state: (state, error) => void states.push({ state, error }) }
  return { sink, lines, states, texts: () => lines.map((l) => l.text), lastState: () => states.at(-1) }
}

async function setup(opts: Partial<Parameters<typeof createBeamSource>[0]> = {}) {
  fake = await startFakeBeam({ token: TOKEN, pingMs: 20 })
  source = createBeamSource({ id: 'beam', apiUrl: fake.apiUrl, realtimeUrl: fake.realtimeUrl, token: TOKEN, backoff: { initialMs: 10, maxMs: 40 }, ...opts })
  return fake
}

describe('beam tasks', () => {
  it('reads tasks by id with the decoded stub config, lists the known ids, 404 → null', async () => {
    fake = await startFakeBeam({ token: TOKEN })
    const running = fake.addTask('RUNNING', 'endpoint/deployment/app:gen')
    const failed = fake.addTask('FAILED')
    source = createBeamSource({ id: 'beam', apiUrl: fake.apiUrl, token: TOKEN, taskIds: [running, failed, 'gone'] })
    const detail = taskDetailSchema.parse(await source.tasks.get(running, {}))
    expect(detail).toMatchObject({ id: running, name: 'endpoint/deployment/app:gen', status: 'RUNNING', config: { runtime: { gpu: 'A10G' } } })
    expect(await source.tasks.get('gone', {})).toBeNull()
    const list = await source.tasks.list({ limit: 10 }, {})
    expect(list.tasks.map((t) => t.id).sort()).toEqual([running, failed].sort())
    expect((await source.tasks.list({ limit: 10, status: ['failed'] }, {})).tasks.map((t) => t.id)).toEqual([failed])
    const paged = await source.tasks.list({ limit: 1 }, {})
    expect(paged.next).toBe('1')
    await expect(source.tasks.list({ limit: 1, cursor: 'x' }, {})).rejects.toThrow(RangeError)
  })

  it('cancels with DELETE /v2/task/cancel/ {"task_ids"} and the task service verifies by re-reading', async () => {
    fake = await startFakeBeam({ token: TOKEN })
    const running = fake.addTask('RUNNING')
    const done = fake.addTask('COMPLETE')
    source = createBeamSource({ id: 'beam', apiUrl: fake.apiUrl, token: TOKEN })
    const results = await createTaskService([source], { verifyTimeoutMs: 1_000, verifyPollMs: 20 }).cancel([
      { source: 'beam', id: running }, { source: 'beam', id: done }, { source: 'beam', id: 'gone' },
    ])
    expect(results.map((r) => r.outcome)).toEqual(['cancelled', 'already-finished', 'not-found'])
    expect(fake.cancelBodies).toEqual([{ task_ids: [running] }])
  })
})

describe('beam logs', () => {
  it('backfills with LOGS_QUERY, then LOGS_ADD_STREAM from the last @timestamp; hits sorted, duplicates dropped', async () => {
    const fake = await setup({ streams: [{ objectType: 'BETA9_TASK', objectId: 'task-1', name: 'app:gen' }], backfillLines: 2 })
    fake.log('task-1', 'old 1', 'old 2', 'old 3')
    const rec = recorder()
    source!.start(rec.sink)
    await vi.waitFor(() => expect(fake.subscriptions()).toBe(1))
    fake.log('task-1', 'live 1', 'live 2', 'live 3') // one frame, shuffled by the fake
    await vi.waitFor(() => expect(rec.texts()).toEqual(['old 2', 'old 3', 'live 1', 'live 2', 'live 3']))
    expect(rec.lines[0]).toMatchObject({ source: 'beam', process: 'app:gen', taskId: 'task-1' })
    expect(rec.lines[0]?.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    const [query, add] = fake.commands
    // the resume point is the last backfilled hit, in Python's isoformat with micros
    expect(String(add?.startingTimestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/)
    expect(Date.parse(String(add?.startingTimestamp))).toBe(Date.parse(rec.lines[1]!.ts))
    expect(query).toMatchObject({ token: TOKEN, streamType: 'LOGS_STREAM', action: 'LOGS_QUERY', stream: false, objectType: 'BETA9_TASK', objectId: 'task-1', size: 2 })
    expect(add).toMatchObject({ action: 'LOGS_ADD_STREAM', stream: true, startingTimestamp: fake.commands[1]?.startingTimestamp })
  })

  it('resumes after a drop from the last @timestamp without a second backfill and without duplicates', async () => {
    const fake = await setup({ streams: [{ objectType: 'BETA9_DEPLOYMENT', objectId: 'dep-1' }] })
    const rec = recorder()
    source!.start(rec.sink)
    await vi.waitFor(() => expect(fake.subscriptions()).toBe(1))
    fake.log('dep-1', 'a', 'b')
    await vi.waitFor(() => expect(rec.texts()).toEqual(['a', 'b']))
    fake.dropClients()
    fake.log('dep-1', 'c') // while disconnected
    await vi.waitFor(() => expect(rec.texts()).toEqual(['a', 'b', 'c']))
    fake.log('dep-1', 'd')
    await vi.waitFor(() => expect(rec.texts()).toEqual(['a', 'b', 'c', 'd']))
    expect(fake.commands.map((c) => c.action)).toEqual(['LOGS_QUERY', 'LOGS_ADD_STREAM', 'LOGS_ADD_STREAM'])
    expect(rec.lines[0]).toMatchObject({ process: 'dep-1' })
    expect(rec.lines[0]?.taskId).toBeUndefined()
  })

  it('shows {"error"} and non-JSON frames as source errors, ignores pings and unknown frames, never shows the token', async () => {
    const fake = await setup({ streams: [{ objectType: 'BETA9_TASK', objectId: 't' }] })
    const rec = recorder()
    source!.start(rec.sink)
    await vi.waitFor(() => expect(fake.subscriptions()).toBe(1))
    fake.sendRaw('{"something":"new","logs":null}')
    fake.sendError(`quota exceeded for ${TOKEN}`)
    await vi.waitFor(() => expect(rec.states.some((s) => s.state === 'error' && /^Beam: quota exceeded for \*\*\* — retrying in/.test(s.error ?? ''))).toBe(true))
    await vi.waitFor(() => expect(fake.subscriptions()).toBe(1))
    fake.sendRaw('<html>502</html>')
    await vi.waitFor(() => expect(rec.states.some((s) => /not JSON: <html>502/.test(s.error ?? ''))).toBe(true))
    await vi.waitFor(() => expect(rec.lastState()?.state).toBe('connected'))
    expect(rec.lines).toEqual([])
    expect(JSON.stringify(rec.states)).not.toContain(TOKEN)
  })

  it('reports a refused token', async () => {
    const fake = await setup({ token: 'wrong-token-000', streams: [{ objectType: 'BETA9_TASK', objectId: 't' }] })
    const rec = recorder()
    source!.start(rec.sink)
    await vi.waitFor(() => expect(rec.lastState()?.error).toMatch(/^Beam: Invalid token — retrying in/))
    expect(fake.subscriptions()).toBe(0)
  })
})
