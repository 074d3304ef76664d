import { writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTaskRunner, type TaskRunner, type TaskRunnerOptions } from './task-runner.ts'
import { isAlive, lineRecorder, nodeScript } from './test-helpers.ts'

let runner: TaskRunner | undefined
afterEach(async () => {
  await runner?.stop()
  runner = undefined
})

function setup(opts: Partial<TaskRunnerOptions> = {}) {
  const rec = lineRecorder()
  runner = createTaskRunner({ onLine: rec.onLine, graceMs: 500, ...opts })
  return { runner, ...rec }
}

const waitStatus = (r: TaskRunner, id: string, status: string, timeout = 5_000) =>
  vi.waitFor(() => expect(r.get(id)?.status).toBe(status), { timeout, interval: 20 })

const HANG = 'console.log("ready"); setInterval(() => {}, 1000)'
const IGNORE_TERM = 'process.on("SIGTERM", () => console.log("ignoring SIGTERM")); console.log("ready"); setInterval(() => {}, 1000)'

describe('task runner', () => {
  it('runs a task to COMPLETE with timestamps and captured, leveled lines', async () => {
    const { runner, lines } = setup()
    const t = runner.submit({ name: 'build', command: nodeScript('console.log("INFO compiling"); console.error("WARN: slow disk"); console.log("plain")') })
    expect(t.status).toBe('RUNNING')
    await waitStatus(runner, t.id, 'COMPLETE')
    const done = runner.get(t.id)!
    expect(done).toMatchObject({ exitCode: 0, signal: null, attempt: 1 })
    for (const ts of [done.createdAt, done.startedAt, done.endedAt]) expect(ts).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/)
    const out = lines.filter((l) => l.stream !== undefined)
    expect(out).toEqual(
      expect.arrayContaining([
        { process: 'build', taskId: t.id, stream: 'stdout', level: 'info', text: 'INFO compiling' },
        { process: 'build', taskId: t.id, stream: 'stderr', level: 'warn', text: 'WARN: slow disk' },
        { process: 'build', taskId: t.id, stream: 'stdout', level: 'unknown', text: 'plain' },
      ]),
    )
    const events = lines.filter((l) => l.stream === undefined)
    // lifecycle lines are markers tied to the task, so the log view can style them and link them to the row
    expect(events.every((l) => l.marker === 'event' && l.taskId === t.id)).toBe(true)
    const markers = events.map((l) => l.text)
    expect(markers[0]).toMatch(new RegExp(`^task ${t.id} PENDING`))
    expect(markers[1]).toMatch(/RUNNING \(attempt 1, pid \d+\)/)
    expect(markers.at(-1)).toMatch(/COMPLETE/)
  })

  it('keeps a multi-line stack trace as one line', async () => {
    const { runner, lines } = setup()
    const t = runner.submit({ name: 'crash', command: nodeScript('throw new Error("kaboom")') })
    await waitStatus(runner, t.id, 'FAILED')
    const trace = lines.find((l) => l.text.startsWith('Error: kaboom'))
    expect(trace).toMatchObject({ stream: 'stderr', level: 'error', taskId: t.id })
    expect(trace!.text.split('\n').length).toBeGreaterThan(2)
    expect(trace!.text).toMatch(/\n {4}at /)
  })

  it('non-zero exit → FAILED with the exit code; a signal death names the signal', async () => {
    const { runner } = setup()
    const a = runner.submit({ name: 'a', command: nodeScript('process.exit(3)') })
    const b = runner.submit({ name: 'b', command: nodeScript('process.kill(process.pid, "SIGSEGV")') })
    await waitStatus(runner, a.id, 'FAILED')
    await waitStatus(runner, b.id, 'FAILED')
    expect(runner.get(a.id)).toMatchObject({ failureReason: 'exit code 3', exitCode: 3 })
    expect(runner.get(b.id)).toMatchObject({ failureReason: 'killed by SIGSEGV', signal: 'SIGSEGV' })
  })

  it('TIMEOUT after timeoutMs, killing the group', async () => {
    const { runner } = setup()
    const t = runner.submit({ name: 'slow', command: nodeScript(HANG), timeoutMs: 300 })
    await waitStatus(runner, t.id, 'TIMEOUT')
    expect(runner.get(t.id)).toMatchObject({ signal: 'SIGTERM', failureReason: 'timed out after 0.3s' })
    expect(isAlive(runner.get(t.id)!.pid!)).toBe(false)
  })

  it('RETRY then COMPLETE', async () => {
    const { runner, texts } = setup()
    const marker = `/tmp/tailboard-retry-${process.pid}-${Date.now()}`
    const script = `const fs = require("fs"); if (fs.existsSync(${JSON.stringify(marker)})) { fs.unlinkSync(${JSON.stringify(marker)}); process.exit(0) } fs.writeFileSync(${JSON.stringify(marker)}, ""); process.exit(2)`
    const t = runner.submit({ name: 'flaky', command: nodeScript(script), maxRetries: 2, retryDelayMs: 200 })
    await waitStatus(runner, t.id, 'RETRY')
    expect(runner.get(t.id)!.failureReason).toBe('exit code 2')
    await waitStatus(runner, t.id, 'COMPLETE')
    expect(runner.get(t.id)).toMatchObject({ attempt: 2 })
    expect(runner.get(t.id)!.failureReason).toBeUndefined()
    expect(texts().some((x) => /RETRY in 0.2s after exit code 2/.test(x))).toBe(true)
  })

  it('RETRY until maxRetries, then FAILED', async () => {
    const { runner } = setup()
    const t = runner.submit({ name: 'broken', command: nodeScript('process.exit(1)'), maxRetries: 2, retryDelayMs: 50 })
    await waitStatus(runner, t.id, 'FAILED')
    expect(runner.get(t.id)).toMatchObject({ attempt: 3, failureReason: 'exit code 1' })
  })

  it('EXPIRED when queued past expiresAfterMs behind a blocker', async () => {
    const { runner } = setup({ concurrency: 1 })
    const blocker = runner.submit({ name: 'blocker', command: nodeScript(HANG) })
    const t = runner.submit({ name: 'late', command: nodeScript(''), expiresAfterMs: 200 })
    expect(t.status).toBe('PENDING')
    await waitStatus(runner, t.id, 'EXPIRED')
    expect(runner.get(t.id)).toMatchObject({ startedAt: null, attempt: 0 })
    expect(runner.get(blocker.id)!.status).toBe('RUNNING')
  })

  it('cancel RUNNING → SIGTERM to the group → CANCELLED, grandchild gone too', async () => {
    const { runner, lines } = setup()
    const script = 'const c = require("child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" }); console.log("pids " + process.pid + " " + c.pid); setInterval(() => {}, 1000)'
    const t = runner.submit({ name: 'parent', command: nodeScript(script) })
    const pidsLine = await vi.waitFor(
      () => lines.find((l) => l.text.startsWith('pids ')) ?? Promise.reject(new Error('no pids yet')),
      { timeout: 5_000 },
    )
    const pids = pidsLine.text.split(' ').slice(1).map(Number)
    expect(pids.every(isAlive)).toBe(true)
    expect(runner.cancel([t.id], { reason: 'user asked' })).toEqual([{ id: t.id, accepted: true }])
    const during = runner.get(t.id)!
    expect(during.status).toBe('RUNNING')
    expect(during.cancelRequestedAt).toBeDefined()
    await waitStatus(runner, t.id, 'CANCELLED')
    expect(runner.get(t.id)).toMatchObject({ cancelReason: 'user asked', signal: 'SIGTERM' })
    await vi.waitFor(() => expect(pids.filter(isAlive)).toEqual([]), { timeout: 2_000 })
    // the leader is reaped by us; the orphaned grandchild is reaped by init, which in some containers never happens,
    // so isAlive counts a zombie as gone
    expect(() => process.kill(pids[0]!, 0)).toThrow(/ESRCH/)
  })

  it('a task ignoring SIGTERM is SIGKILLed after the grace period', async () => {
    const { runner, lines, texts } = setup({ graceMs: 300 })
    const t = runner.submit({ name: 'stubborn', command: nodeScript(IGNORE_TERM) })
    await vi.waitFor(() => expect(texts()).toContain('ready'), { timeout: 5_000 })
    runner.cancel([t.id])
    await vi.waitFor(() => expect(texts()).toContain('ignoring SIGTERM'), { timeout: 2_000 })
    expect(runner.get(t.id)!.status).toBe('RUNNING')
    await waitStatus(runner, t.id, 'CANCELLED')
    expect(texts()).toContainEqual(expect.stringMatching(/still running 0\.3s after SIGTERM: SIGKILL to process group$/))
    expect(runner.get(t.id)).toMatchObject({ signal: 'SIGKILL' })
    expect(lines.at(-1)!.text).toMatch(/CANCELLED after SIGKILL/)
  })

  it('force cancel sends SIGKILL at once', async () => {
    const { runner, texts } = setup({ graceMs: 10_000 })
    const t = runner.submit({ name: 'stubborn', command: nodeScript(IGNORE_TERM) })
    await vi.waitFor(() => expect(texts()).toContain('ready'), { timeout: 5_000 })
    runner.cancel([t.id], { force: true })
    await waitStatus(runner, t.id, 'CANCELLED', 2_000)
    expect(runner.get(t.id)).toMatchObject({ signal: 'SIGKILL' })
    expect(texts()).not.toContain('ignoring SIGTERM')
  })

  it('cancel PENDING ends it CANCELLED at once; unknown and finished ids just ack', async () => {
    const { runner } = setup({ concurrency: 1 })
    runner.submit({ name: 'blocker', command: nodeScript(HANG) })
    const queued = runner.submit({ name: 'queued', command: nodeScript('') })
    const acks = runner.cancel([queued.id, 'nope'], { reason: 'not needed' })
    expect(acks).toEqual([{ id: queued.id, accepted: true }, { id: 'nope', accepted: false, error: 'not found' }])
    expect(runner.get(queued.id)).toMatchObject({ status: 'CANCELLED', startedAt: null, cancelReason: 'not needed' })
    expect(runner.get(queued.id)!.endedAt).not.toBeNull()
    expect(runner.cancel([queued.id])).toEqual([{ id: queued.id, accepted: true }])
    expect(runner.get(queued.id)!.status).toBe('CANCELLED')
  })

  it('keeps only the last maxFinished finished tasks', async () => {
    const { runner } = setup({ maxFinished: 2, concurrency: 1 })
    runner.submit({ name: 'blocker', command: nodeScript(HANG) })
    const ids = [1, 2, 3].map(() => runner.submit({ name: 'x', command: nodeScript('') }).id)
    runner.cancel(ids)
    expect(runner.get(ids[0]!)).toBeUndefined()
    expect(runner.list().map((t) => t.id)).toEqual([ids[2], ids[1], 't-1'])
  })

  it('stop() kills running tasks and cancels queued ones', async () => {
    const { runner } = setup({ concurrency: 1 })
    const a = runner.submit({ name: 'a', command: nodeScript(IGNORE_TERM) })
    const b = runner.submit({ name: 'b', command: nodeScript('') })
    await vi.waitFor(() => expect(runner.get(a.id)!.pid).toBeDefined())
    await runner.stop()
    expect(runner.get(a.id)!.status).toBe('CANCELLED')
    expect(runner.get(b.id)!.status).toBe('CANCELLED')
    expect(isAlive(runner.get(a.id)!.pid!)).toBe(false)
  })

  describe('after the leader exited, while its output drains', () => {
    // the runner's timers are faked so the drain wait cannot end on its own; the test polls on a real timer
    const realSetTimeout = globalThis.setTimeout
    const until = async (cond: () => boolean, what: string) => {
      const deadline = performance.now() + 10_000
      while (!cond()) {
        if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`)
        await new Promise((r) => realSetTimeout(r, 10))
      }
    }
    /** Reaped (not merely a zombie): Node has seen the exit. */
    const reaped = (pid: number) => () => {
      try {
        process.kill(pid, 0)
        return false
      } catch {
        return true
      }
    }
    // The leader exits 0 at once; a grandchild holds its stdout open until `release` exists.
    const leaderExitsFirst = (release: string) => {
      const holder = `const fs = require("fs"); setInterval(() => { if (fs.existsSync(${JSON.stringify(release)})) process.exit(0) }, 20)`
      return nodeScript(`require("child_process").spawn(process.execPath, ["-e", ${JSON.stringify(holder)}], { stdio: ["ignore", "inherit", "inherit"] }).unref(); process.exit(0)`)
    }
    let n = 0
    const releaseFile = () => `/tmp/tailboard-drain-${process.pid}-${Date.now()}-${n++}`
    afterEach(() => void vi.useRealTimers())

    it('a cancel is acked but the task ends COMPLETE, as it exited', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const { runner } = setup()
      const release = releaseFile()
      const t = runner.submit({ name: 'quick', command: leaderExitsFirst(release) })
      await until(reaped(t.pid!), 'the leader to exit')
      expect(runner.get(t.id)!.status).toBe('RUNNING') // output still draining
      expect(runner.cancel([t.id], { reason: 'too late' })).toEqual([{ id: t.id, accepted: true }])
      writeFileSync(release, '')
      await until(() => runner.get(t.id)!.status !== 'RUNNING', 'the task to end')
      expect(runner.get(t.id)).toMatchObject({ status: 'COMPLETE', exitCode: 0, signal: null })
    })

    it('a timeout firing now does not turn the exit 0 into TIMEOUT', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const { runner } = setup()
      const release = releaseFile()
      const t = runner.submit({ name: 'quick', command: leaderExitsFirst(release), timeoutMs: 1_000 })
      await until(reaped(t.pid!), 'the leader to exit')
      vi.advanceTimersByTime(1_000) // the drain wait ends and the task's timeout fires, in that order, in one go
      writeFileSync(release, '')
      await until(() => runner.get(t.id)!.status !== 'RUNNING', 'the task to end')
      expect(runner.get(t.id)).toMatchObject({ status: 'COMPLETE', exitCode: 0 })
      expect(runner.get(t.id)!.failureReason).toBeUndefined()
    })
  })
})
