import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSupervisor, type Supervisor, type SupervisorOptions } from './supervisor.ts'
import { isAlive, lineRecorder, nodeScript } from './test-helpers.ts'

let supervisor: Supervisor | undefined
afterEach(async () => {
  await supervisor?.stop()
  supervisor = undefined
})

function setup(opts: Omit<SupervisorOptions, 'onLine'>) {
  const rec = lineRecorder()
  supervisor = createSupervisor({ onLine: rec.onLine, ...opts })
  supervisor.start()
  return { supervisor, ...rec }
}

describe('supervisor', () => {
  it('restarts a crashing service with exponential backoff, capped', async () => {
    const { lines, texts } = setup({
      services: [{ name: 'crashy', restart: 'always', command: nodeScript('console.log("ERROR about to crash"); process.exit(1)') }],
      backoff: { initialMs: 100, maxMs: 400 },
    })
    await vi.waitFor(() => expect(texts().filter((t) => t.includes('restarting in')).length).toBeGreaterThanOrEqual(4), {
      timeout: 8_000,
      interval: 20,
    })
    const delays = texts()
      .filter((t) => t.includes('restarting in'))
      .map((t) => /restarting in ([\d.]+)s/.exec(t)![1])
    expect(delays.slice(0, 4)).toEqual(['0.1', '0.2', '0.4', '0.4'])
    expect(lines.find((l) => l.text.includes('restarting in'))).toMatchObject({ process: 'crashy', level: 'error' })
    expect(lines.find((l) => l.text.startsWith('service started'))).toMatchObject({ level: 'info', text: expect.stringMatching(/\(pid \d+\)$/) })
    expect(lines.find((l) => l.stream === 'stdout')).toMatchObject({ process: 'crashy', level: 'error', text: 'ERROR about to crash' })
    expect(supervisor!.status()[0]!.restarts).toBeGreaterThanOrEqual(4)
  })

  it('resets the backoff after the service stayed up long enough', async () => {
    const { texts } = setup({
      services: [{ name: 'steady', restart: 'always', command: nodeScript('setTimeout(() => process.exit(1), 250)') }],
      backoff: { initialMs: 100, resetAfterMs: 200 },
    })
    await vi.waitFor(() => expect(texts().filter((t) => t.includes('restarting in')).length).toBeGreaterThanOrEqual(2), {
      timeout: 8_000,
    })
    // without the reset the second delay would be 0.1s
    const restarts = texts().filter((t) => t.includes('restarting in'))
    expect(restarts.slice(0, 2)).toEqual(['exited with code 1, restarting in 0.1s', 'exited with code 1, restarting in 0.1s'])
  })

  it('honours never and on-failure', async () => {
    const { texts } = setup({
      services: [
        { name: 'once', restart: 'never', command: nodeScript('process.exit(2)') },
        { name: 'clean', restart: 'on-failure', command: nodeScript('') },
      ],
    })
    await vi.waitFor(() => expect(supervisor!.status().map((s) => s.state)).toEqual(['exited', 'exited']), { timeout: 5_000 })
    expect(texts()).toContain('exited with code 2, not restarting (restart: never)')
    expect(texts()).toContain('exited with code 0, not restarting (restart: on-failure)')
  })

  it('stop() kills every service group, SIGKILL after the grace for those ignoring SIGTERM', async () => {
    const { texts } = setup({
      graceMs: 300,
      services: [
        { name: 'polite', restart: 'always', command: nodeScript('console.log("ready"); setInterval(() => {}, 1000)') },
        {
          name: 'stubborn',
          restart: 'always',
          command: nodeScript('process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'),
        },
      ],
    })
    await vi.waitFor(() => expect(texts().filter((t) => t === 'ready')).toHaveLength(2), { timeout: 5_000 })
    const pids = supervisor!.status().map((s) => s.pid!)
    await supervisor!.stop()
    expect(pids.filter(isAlive)).toEqual([])
    expect(texts()).toContain('service stopped (killed by SIGTERM)')
    expect(texts()).toContain('service stopped (killed by SIGKILL)')
    expect(supervisor!.status().map((s) => s.state)).toEqual(['stopped', 'stopped'])
  })
})
