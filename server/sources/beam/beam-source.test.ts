import { afterEach, describe, expect, it, vi } from 'vitest'
import { taskDetailSchema } from '../../protocol.ts'
import { createTaskService } from '../../tasks/task-service.ts'
import { recorder } from '../../testing/recorder.ts'
import { createBeamSource } from './beam-source.ts'
import { startFakeBeam, type FakeBeam } from './fake-beam.ts'
import { micros } from './python-time.ts'

const TOKEN = 'beam-secret-token'
let fake: FakeBeam | undefined
let source: ReturnType<typeof createBeamSource> | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await source?.stop()
  await fake?.close()
  source = fake = undefined
})

async function setup(opts: Partial<Parameters<typeof createBeamSource>[0]> = {}, fakeOpts: Parameters<typeof startFakeBeam>[0] = {}) {
  fake = await startFakeBeam({ token: TOKEN, pingMs: 20, ...fakeOpts })
  source = createBeamSource({ id: 'beam', apiUrl: fake.apiUrl, realtimeUrl: fake.realtimeUrl, token: TOKEN, backoff: { initialMs: 10, maxMs: 40 }, acceptAfterMs: 100, ...opts })
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

  it('lists many known ids with at most 8 reads in flight', async () => {
    fake = await startFakeBeam({ token: TOKEN })
    const ids = Array.from({ length: 30 }, () => fake!.addTask('RUNNING'))
    source = createBeamSource({ id: 'beam', apiUrl: fake.apiUrl, token: TOKEN, taskIds: ids })
    const realFetch = globalThis.fetch
    let inFlight = 0
    let most = 0
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (...args) => {
      most = Math.max(most, ++inFlight)
      try {
        return await realFetch(...args)
      } finally {
        inFlight--
      }
    })
    const list = await source.tasks.list({ limit: 50 }, {})
    expect(list.tasks).toHaveLength(30)
    expect(most).toBe(8)
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

  it('reports a refused token without ever showing connected, backing off further at each refusal', async () => {
    const fake = await setup({ token: 'wrong-token-000', acceptAfterMs: 60_000, streams: [{ objectType: 'BETA9_TASK', objectId: 't' }], backoff: { initialMs: 10, maxMs: 1_000, random: () => 0.5 } })
    const rec = recorder()
    source!.start(rec.sink)
    // Beam accepts the WebSocket and refuses the token in a frame: the open alone must neither count as connected
    // nor start the backoff over, or a bad token reconnects at the initial delay forever
    await vi.waitFor(() => expect(rec.states.filter((s) => s.state === 'error')).toHaveLength(4))
    expect(rec.lastState()?.error).toMatch(/^Beam: Invalid token — retrying in/)
    const delays = rec.states.filter((s) => s.state === 'error').map((s) => /retrying in (\d+)ms$/.exec(s.error ?? '')?.[1])
    expect(delays).toEqual(['10', '20', '40', '80'])
    expect(rec.stateNames()).not.toContain('connected')
    expect(fake.subscriptions()).toBe(0)
  })

  it('after an empty backfill, streams from the backfill\'s endingTimestamp: nothing logged before the reply is lost', async () => {
    const fake = await setup({ streams: [{ objectType: 'BETA9_TASK', objectId: 'task-1' }], backfillLines: 10 })
    fake.holdQueries()
    const rec = recorder()
    source!.start(rec.sink)
    await vi.waitFor(() => expect(fake.commands).toHaveLength(1))
    const query = fake.commands[0]!
    expect(query.action).toBe('LOGS_QUERY')
    // logged just after the query's end, before its (empty) reply goes out
    fake.logAt('task-1', micros(String(query.endingTimestamp)) + 1, 'in between')
    fake.releaseQueries()
    await vi.waitFor(() => expect(rec.texts()).toEqual(['in between']))
    expect(fake.commands[1]).toMatchObject({ action: 'LOGS_ADD_STREAM', startingTimestamp: query.endingTimestamp })
    fake.log('task-1', 'live')
    await vi.waitFor(() => expect(rec.texts()).toEqual(['in between', 'live']))
  })

  it('resumes exactly when identical messages share the last @timestamp', async () => {
    // every line at one @timestamp: only a count per message tells the replayed from the new
    const fake = await setup({ streams: [{ objectType: 'BETA9_DEPLOYMENT', objectId: 'dep-1' }], backfillLines: 0 }, { stepMicros: 0 })
    const rec = recorder()
    source!.start(rec.sink)
    await vi.waitFor(() => expect(fake.subscriptions()).toBe(1))
    fake.log('dep-1', 'tick', 'other')
    await vi.waitFor(() => expect(rec.texts().sort()).toEqual(['other', 'tick']))
    fake.dropClients()
    fake.log('dep-1', 'tick') // while disconnected: same text, same @timestamp as one already emitted
    await vi.waitFor(() => expect(fake.subscriptions()).toBe(1))
    fake.log('dep-1', 'tick', 'end')
    await vi.waitFor(() => expect(rec.texts()).toHaveLength(5))
    expect(rec.texts().slice(2).sort()).toEqual(['end', 'tick', 'tick'])
    expect(rec.texts().filter((t) => t === 'tick')).toHaveLength(3)
  })
})
