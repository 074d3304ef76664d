import { afterEach, describe, expect, it, vi } from 'vitest'
import type { NewLogLine } from '../../protocol.ts'
import { createDemoWorkspace } from './demo-workspace.ts'
import type { LocalSource } from './local-source.ts'
import { isAlive } from './test-helpers.ts'

let source: LocalSource | undefined
afterEach(async () => {
  await source?.stop()
  source = undefined
})

describe('demo workspace', () => {
  it('runs lively services and a task trickle with a cancellable task, and stops cleanly', async () => {
    const lines: NewLogLine[] = []
    source = createDemoWorkspace({ taskIntervalMs: 300, graceMs: 500 })
    source.start({ lines: (b) => void lines.push(...b), gap: () => {}, state: () => {} })

    const running = await vi.waitFor(
      async () => {
        const { tasks } = await source!.tasks.list({ limit: 50, status: ['RUNNING'] }, {})
        return tasks.find((t) => t.name === 'train-model') ?? Promise.reject(new Error('no train-model yet'))
      },
      // Real child processes: under a full parallel test run on 2 cores the first one can take seconds to start.
      { timeout: 10_000, interval: 50 },
    )
    await vi.waitFor(
      () => {
        const procs = new Set(lines.map((l) => l.process))
        for (const p of ['api', 'worker', 'scheduler', 'billing', 'build']) expect(procs).toContain(p)
        const levels = new Set(lines.filter((l) => l.process === 'worker' && l.stream).map((l) => l.level))
        expect(levels).toContain('info')
        expect(lines.some((l) => l.text.includes('\x1b['))).toBe(true)
      },
      { timeout: 5_000, interval: 100 },
    )
    expect(lines.filter((l) => l.process === 'api' && l.stream && l.level === 'unknown')).toEqual([])

    const pid = (await source.tasks.get(running.id, {}))!.pid!
    await source.tasks.cancel([running.id], {})
    await vi.waitFor(async () => expect((await source!.tasks.get(running.id, {}))!.status).toBe('CANCELLED'), { timeout: 10_000 })
    // the demo brings a new hanging task back so there is always something to cancel
    await vi.waitFor(
      async () => {
        const { tasks } = await source!.tasks.list({ limit: 100, status: ['RUNNING'], q: 'train-model' }, {})
        expect(tasks.length).toBe(1)
      },
      { timeout: 10_000, interval: 100 },
    )
    // The trickle includes failures; on a loaded machine the first may come a few seconds in.
    await vi.waitFor(
      async () => {
        const { tasks } = await source!.tasks.list({ limit: 200 }, {})
        expect(tasks.map((t) => t.status)).toEqual(expect.arrayContaining(['FAILED']))
      },
      { timeout: 10_000, interval: 100 },
    )
    await source.stop()
    expect(isAlive(pid)).toBe(false)
  }, 45_000)
})
