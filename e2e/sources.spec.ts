import { startFakeDmb } from '../server/sources/dmb/fake-dmb'
import { felderaPipelineLine, startFakeFeldera } from '../server/sources/feldera/fake-feldera'
import { expect, test } from './fixtures'
import { nodeCommand, startConfiguredGateway } from './gateway-process'

/**
 * The local workspace next to a fake Feldera manager and a fake DMB, each speaking its real wire format (see
 * server/sources/*\/fake-*.ts), through the real gateway process and its config file.
 */
test('local, feldera and dmb lines merge in one view, and the source filter shows one at a time', async ({ page }) => {
  const feldera = await startFakeFeldera({ pipelines: ['orders'] })
  const dmb = await startFakeDmb({ utcOffsetMinutes: 0 })
  let n = 0
  const timer = setInterval(() => {
    n++
    feldera.log('orders', felderaPipelineLine('orders', n % 5 === 0 ? 'WARN' : 'INFO', `processed batch ${n}`))
    dmb.log({ level: n % 7 === 0 ? 'ERROR' : 'INFO', message: `tick ${n}`, process: 'riven_backend' })
  }, 100)
  const gateway = await startConfiguredGateway({
    sources: [
      { id: 'local', kind: 'local', services: [{ name: 'heartbeat', restart: 'always', command: nodeCommand("setInterval(() => console.log('INFO local heartbeat'), 100)") }] },
      { id: 'fd', kind: 'feldera', url: feldera.url, pipelines: ['orders'] },
      { id: 'media', kind: 'dmb', url: dmb.url, timezone: 'UTC' },
    ],
  })
  try {
    await page.goto(`${gateway.url}/?token=${gateway.token}`)
    const logs = page.getByRole('region', { name: 'Logs' })
    const rows = logs.getByRole('list', { name: 'Log lines' }).getByRole('listitem')
    const sourcesShown = () => rows.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-source')).filter(Boolean))].sort())
    await expect.poll(sourcesShown, { timeout: 20_000 }).toEqual(['fd', 'local', 'media'])

    const picker = logs.getByRole('button', { name: 'Source' })
    for (const [source, process, text] of [['fd', 'orders', /processed batch/], ['media', 'riven_backend', /tick \d+/]] as const) {
      await picker.click()
      const group = logs.getByRole('group', { name: 'Source' })
      await group.getByRole('button', { name: 'Show all' }).click()
      await group.getByRole('checkbox', { name: new RegExp(`^${source}\\b`) }).check()
      await page.keyboard.press('Escape')
      await expect.poll(sourcesShown).toEqual([source])
      await expect(rows.last()).toHaveAttribute('data-process', process)
      await expect(rows.last()).toContainText(text)
      await expect(page).toHaveURL(new RegExp(`src=${source}`))
    }
    // Upstream health is visible per source.
    await logs.getByRole('button', { name: 'Stream health' }).click()
    const health = page.getByRole('dialog', { name: 'Stream health' })
    for (const id of ['local', 'fd', 'media']) await expect(health.getByRole('row', { name: new RegExp(`^${id}`) })).toContainText('connected')
  } finally {
    clearInterval(timer)
    await gateway.stop()
    await Promise.all([feldera.close(), dmb.close()])
  }
})
