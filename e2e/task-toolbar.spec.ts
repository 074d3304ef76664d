import { expect, test } from './fixtures'
import { nodeCommand as node, startConfiguredGateway } from './gateway-process'

// A workspace whose failures pile up fast: the Failed count goes from 0 past 10 in a few seconds of polls.
const WORKSPACE = {
  sources: [{
    id: 'chips', kind: 'local', concurrency: 8,
    schedules: [
      { name: 'flaky-job', everySeconds: 0.3, command: node("console.error('ERROR gave up');setTimeout(()=>process.exit(3),50)") },
      { name: 'short-job', everySeconds: 1, command: node("setTimeout(()=>{},300)") },
    ],
  }],
}

test('status chips stay where they are while polls bring new statuses and larger counts', async ({ page, taskTable }) => {
  const gateway = await startConfiguredGateway(WORKSPACE)
  try {
    await page.goto(`${gateway.url}/?token=${gateway.token}`)
    const chips = taskTable.section.getByRole('group', { name: 'Status filter' }).getByRole('button')
    const failed = chips.and(page.locator('[data-status-chip="failed"]'))
    // Taken while Failed has one digit; chips used to appear with their first task and to grow with each new digit.
    await expect(failed).toHaveText(/^Failed \d$/)
    const boxes = async () => Promise.all((await chips.all()).map(async (c) => `${await c.textContent()}`.split(' ')[0] + ' ' + JSON.stringify(await c.boundingBox())))
    const before = await boxes()
    await expect(failed).toHaveText(/^Failed \d{2}$/, { timeout: 20_000 })
    expect(await boxes()).toEqual(before)
  } finally {
    await gateway.stop()
  }
})
