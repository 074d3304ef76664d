import { expect, test } from './fixtures'

const WARN_OR_WORSE = new Set(['warn', 'error', 'fatal'])

test('lines stream live from the demo services and tasks, with the connection state shown', async ({ page, openDashboard, logPanel }) => {
  await openDashboard()
  await expect(logPanel.connection).toHaveText(/Live/)
  // The socket is read in a worker, so a busy page cannot hold the stream back (socket-relay.ts).
  expect(page.workers().map((w) => w.url())).toContainEqual(expect.stringMatching(/socket-worker/))
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(5)
  await logPanel.expectFollowing()
})

test('process, level and search filters show only matching lines, live, and live in the URL', async ({ page, openDashboard, logPanel }) => {
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(5)

  await logPanel.chooseOnlyProcess('api')
  await expect.poll(async () => new Set(await logPanel.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-process'))))).toEqual(new Set(['api']))

  await logPanel.level.selectOption('warn')
  await expect
    .poll(async () => (await logPanel.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')))).every((l) => l !== null && WARN_OR_WORSE.has(l)))
    .toBe(true)

  // New matching lines keep arriving while the filters are on, and the view follows them.
  await logPanel.expectFollowing(20_000)

  await logPanel.search.fill('404')
  // The search applies after a short typing pause; until then the previous rows stay.
  await expect
    .poll(async () => {
      const texts = await logPanel.visibleTexts()
      return texts.length > 0 && texts.every((t) => t.includes('404'))
    }, { timeout: 15_000 })
    .toBe(true)
  await expect(page).toHaveURL(/proc=api/)
  await expect(page).toHaveURL(/level=warn/)
  await expect(page).toHaveURL(/q=404/)

  // A copied link reproduces the filters.
  await page.reload()
  await expect(logPanel.level).toHaveValue('warn')
  await expect(logPanel.search).toHaveValue('404')
})

test('follows the newest line until the user scrolls up, then offers to jump back to live', async ({ openDashboard, logPanel }) => {
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(15)
  await expect(logPanel.rows.last()).toBeInViewport()

  await logPanel.list.hover()
  await logPanel.page.mouse.wheel(0, -2_000)
  await expect(logPanel.jumpToLive).toBeVisible()
  const topSeq = await logPanel.rows.first().getAttribute('data-seq')
  await expect(logPanel.region.getByRole('status', { name: 'Follow state' })).toContainText(/[1-9]\d* new lines?.*below/, { timeout: 15_000 })
  // Not following: new lines do not move the view.
  expect(await logPanel.rows.first().getAttribute('data-seq')).toBe(topSeq)

  await logPanel.jumpToLive.click()
  await expect(logPanel.jumpToLive).toBeHidden()
  await logPanel.expectFollowing()
})

test('keeps following the newest line while the list gets shorter and taller', async ({ page, openDashboard, logPanel }) => {
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(15)
  const size = page.viewportSize()!
  // A shorter list used to read as "the user scrolled up" when a scroll event beat the list's re-measure, and a resize
  // landing in the same commit as new lines used to crash the panel ("Invalid index").
  for (let i = 1; i <= 30; i++) {
    await page.setViewportSize({ width: size.width, height: size.height - (i % 2 === 0 ? 0 : 4 * i) })
    await page.waitForTimeout(80)
  }
  await page.setViewportSize(size)
  await expect(page.getByRole('alert').filter({ hasText: 'hit a bug' })).toHaveCount(0)
  await expect(logPanel.region.getByRole('status', { name: 'Follow state' })).toBeHidden()
  await logPanel.expectFollowing()
})
