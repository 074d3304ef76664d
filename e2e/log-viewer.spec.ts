import { readFileSync } from 'node:fs'
import type { LogLine } from '../server/protocol'
import { expect, test } from './fixtures'
import { startGatewayChild } from '../bench/gateway-control'
import { startGatewayProcess } from './gateway-process'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

const clipboard = (page: import('@playwright/test').Page) => page.evaluate(() => navigator.clipboard.readText())

/** Downloads the whole buffer as NDJSON through the UI and parses it. */
async function downloadBuffer(page: import('@playwright/test').Page): Promise<LogLine[]> {
  await page.getByText('Download ▾').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Whole buffer as NDJSON' }).click()])
  const text = readFileSync((await download.path()) as string, 'utf8')
  return text.trim().split('\n').map((l) => JSON.parse(l) as LogLine)
}

test('pause, then resume: nothing is lost and the count of new lines and errors was shown', async ({ page, openDashboard, logPanel }) => {
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(10)
  await logPanel.region.getByRole('button', { name: 'Pause' }).click()
  const bar = logPanel.region.getByRole('status', { name: 'Follow state' })
  await expect(bar).toContainText('Paused')
  // The pause point as the app keeps it (in the URL): the last rendered row may already be a newer line, since rows
  // below the viewport render (overscan) while paused.
  await expect(page).toHaveURL(/[?&]pause=\d+/)
  const lastBefore = new URL(page.url()).searchParams.get('pause')
  const scrollTop = () => logPanel.list.evaluate((el) => el.scrollTop)
  const topBefore = await scrollTop()
  // Two screens' worth: with less, Resume lands within a row of the bottom, which (by design) resumes following.
  await expect(bar).toContainText(/(^|\D)([4-9]\d|\d{3,}) new lines/, { timeout: 20_000 })
  // Paused: the list does not move (rows below the viewport may render, the viewport stays).
  expect(await scrollTop()).toBe(topBefore)

  await bar.getByRole('button', { name: 'Resume' }).click()
  // Resume continues from the pause point: the first line after it is brought into view.
  await expect(logPanel.list.locator(`[data-seq="${Number(lastBefore) + 1}"]`)).toBeInViewport()
  await logPanel.region.getByRole('button', { name: 'Jump to live' }).click()
  await expect(bar).toBeHidden()

  const lines = await downloadBuffer(page)
  const seqs = lines.map((l) => l.seq)
  expect(seqs.length).toBeGreaterThan(20)
  for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1) // contiguous: no line lost
  expect(seqs).toContain(Number(lastBefore) + 1)
})

test('Space pauses and resumes; ? lists the keys', async ({ page, openDashboard, logPanel }) => {
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(5)
  await logPanel.list.click()
  await page.keyboard.press('Space')
  await expect(logPanel.region.getByRole('button', { name: 'Resume', exact: true }).first()).toBeVisible()
  await page.keyboard.press('f')
  await expect(logPanel.region.getByRole('status', { name: 'Follow state' })).toBeHidden()
  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keyboard' })).toContainText('Next error')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'Keyboard' })).toBeHidden()
})

test('find highlights matches in context and steps through them with n and N', async ({ page, openDashboard, logPanel }) => {
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(20)
  await page.keyboard.press('/')
  await expect(page.getByLabel('Find in logs')).toBeFocused()
  await page.keyboard.type('GET')
  const count = page.getByTestId('find-count')
  await expect(count).toHaveText(/– of [1-9]/)
  // Find does not filter: other lines stay.
  await expect.poll(async () => (await logPanel.visibleTexts()).some((t) => !t.includes('GET'))).toBe(true)
  await expect(logPanel.list.locator('mark').first()).toHaveText(/get/i)
  // The position among the matches (new matches keep arriving, so the total grows).
  const position = async () => Number(/^(\d+) of/.exec((await count.textContent()) ?? '')?.[1] ?? NaN)
  await logPanel.list.click()
  await page.keyboard.press('N') // previous from nowhere: the newest match
  const newest = await position()
  expect(newest).toBeGreaterThan(1)
  const current = logPanel.list.locator('[data-seq].outline')
  await expect(current).toContainText('GET')
  await expect(current).toBeInViewport()
  await page.keyboard.press('N')
  await expect.poll(position).toBe(newest - 1)
  await page.keyboard.press('n')
  await page.keyboard.press('n')
  await expect.poll(position).toBe(newest + 1 > Number(/of (\d+)/.exec((await count.textContent()) ?? '')?.[1]) ? 1 : newest + 1)
  await page.getByRole('button', { name: 'Previous match' }).click()
  await expect.poll(position).toBe(newest)
})

test('select a range with shift-click and copy it from the data', async ({ page, openDashboard, logPanel }) => {
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(20)
  await logPanel.region.getByRole('button', { name: 'Pause' }).click()
  // Seqs first: locators are lazy, and a click that scrolls would make nth() point at other rows.
  const from = Number(await logPanel.rows.nth(12).getAttribute('data-seq'))
  const to = from + 5
  const first = logPanel.list.locator(`[data-seq="${from}"]`)
  const last = logPanel.list.locator(`[data-seq="${to}"]`)
  await first.locator('time').click()
  await last.locator('time').click({ modifiers: ['Shift'] })
  await expect(logPanel.list.locator('[aria-selected="true"]')).toHaveCount(6)
  await page.keyboard.press('Control+c')
  await expect(logPanel.region.getByRole('status', { name: 'Notice' })).toHaveText('Copied 6 lines')
  // One record per line, each starting with its timestamp, level and process; a line's own text may hold newlines (the
  // demo's tracebacks), so the records are cut only where the next one starts.
  const copied = (await clipboard(page)).split(/\n(?=\d{4}-\d\d-\d\dT[\d:.]+Z [A-Z]+ \[)/)
  expect(copied).toHaveLength(6)
  const processes = await logPanel.rows.evaluateAll((rows, [a, b]) => rows.filter((r) => Number(r.dataset.seq) >= a! && Number(r.dataset.seq) <= b!).map((r) => r.dataset.process), [from, to])
  copied.forEach((line, i) => expect(line).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT.*\\[${processes[i]}\\]`)))
})

test('a permalink opens the same line, selected, in a new page', async ({ page, context, openDashboard, logPanel }) => {
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(20)
  await logPanel.region.getByRole('button', { name: 'Pause' }).click()
  const row = logPanel.rows.nth(5)
  const seq = await row.getAttribute('data-seq')
  await row.locator('time').click()
  await logPanel.region.getByRole('button', { name: 'Copy link' }).click()
  const link = await clipboard(page)
  expect(link).toContain(`line=${seq}`)
  expect(link).not.toContain('token=')

  const other = await context.newPage()
  await other.goto(link)
  const target = other.locator(`[data-seq="${seq}"]`)
  await expect(target).toBeInViewport()
  await expect(target).toHaveAttribute('aria-selected', 'true')
  await expect(other.getByRole('status', { name: 'Follow state' })).toContainText('Paused')
})

test('download the filtered view as text and the whole buffer as NDJSON', async ({ page, openDashboard, logPanel }) => {
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(20)
  await logPanel.chooseOnlyProcess('api')
  await expect.poll(async () => new Set(await logPanel.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-process'))))).toEqual(new Set(['api']))
  await page.getByText('Download ▾').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Filtered view as text' }).click()])
  expect(download.suggestedFilename()).toMatch(/^tailboard-filtered-.*\.log$/)
  const text = readFileSync((await download.path()) as string, 'utf8').trim().split('\n')
  expect(text.length).toBeGreaterThan(3)
  for (const line of text) expect(line).toMatch(/ \[api\] /)
  const all = await downloadBuffer(page)
  expect(new Set(all.map((l) => l.process)).size).toBeGreaterThan(2)
})

test('a gateway restart shows Reconnecting, then Live again with a gap marker for the unknown lines', async ({ page }) => {
  const token = 'restart-token'
  let gateway = await startGatewayProcess({ token })
  try {
    const port = Number(new URL(gateway.url).port)
    await page.goto(`${gateway.url}/?token=${token}`)
    const connection = page.getByRole('status', { name: 'Log stream connection' })
    await expect(connection).toHaveText(/Live/)
    await expect.poll(() => page.getByRole('list', { name: 'Log lines' }).getByRole('listitem').count()).toBeGreaterThan(5)
    await gateway.stop()
    await expect(connection).toHaveText(/Reconnecting|Connecting/)
    gateway = await startGatewayProcess({ token, port })
    await expect(connection).toHaveText(/Live/, { timeout: 20_000 })
    // Gap markers show whatever the filter: filter every line out to find it among the lines that arrived since.
    await page.getByLabel('Search logs').fill('no line contains this 7f3a')
    await expect(page.locator('[data-gap]')).toContainText('An unknown number of lines missing (the gateway restarted')
  } finally {
    await gateway.stop()
  }
})

/** Top and bottom of every rendered row, in list order. */
const rowBoxes = (rows: import('@playwright/test').Locator) =>
  rows.evaluateAll((els) => els.map((el) => ({ seq: Number(el.getAttribute('data-seq')), top: el.getBoundingClientRect().top, bottom: el.getBoundingClientRect().bottom })))

/** No rendered row overlaps the next one, and rows come in seq order. */
async function expectRowsStacked(rows: import('@playwright/test').Locator): Promise<void> {
  const boxes = (await rowBoxes(rows)).filter((b) => !Number.isNaN(b.seq)).sort((a, b) => a.top - b.top)
  expect(boxes.length).toBeGreaterThan(3)
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i]!.seq).toBeGreaterThan(boxes[i - 1]!.seq)
    expect(boxes[i]!.top).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom - 0.5)
  }
}

test('a window narrower than the task table scrolls the table sideways, not the page and the log with it', async ({ page, openDashboard, logPanel }) => {
  await page.setViewportSize({ width: 760, height: 800 })
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(3)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(760)
  expect(await logPanel.list.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(760)
  const table = page.getByRole('table', { name: 'Task list' })
  expect(await table.evaluate((el) => el.parentElement!.scrollWidth > el.parentElement!.clientWidth)).toBe(true)
})

test('expanded and wrapped lines take their full height, push the rows below down, and the list still follows', async ({ page, openDashboard, logPanel }) => {
  await page.setViewportSize({ width: 760, height: 800 })
  await openDashboard()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(10)

  // The demo's worker logs JSON lines: open one, then check it is taller and the next row starts below it.
  await logPanel.region.getByRole('button', { name: 'Pause' }).click()
  const row = logPanel.rows.filter({ has: page.getByRole('button', { name: 'Expand line' }) }).first()
  await expect(row).toBeVisible({ timeout: 15_000 })
  const seq = await row.getAttribute('data-seq')
  await row.getByRole('button', { name: 'Expand line' }).click()
  const opened = logPanel.list.locator(`[data-seq="${seq}"]`)
  await expect(opened.getByRole('button', { name: 'Collapse line' })).toHaveAttribute('aria-expanded', 'true')
  await expect.poll(async () => (await opened.boundingBox())!.height).toBeGreaterThan(40)
  await expectRowsStacked(logPanel.rows)

  // Wrapped, in a narrow window, long lines take more than one row's height and still do not overlap.
  await logPanel.region.getByRole('button', { name: 'Wrap' }).click()
  await expect(logPanel.region.getByRole('button', { name: 'Wrap' })).toHaveAttribute('aria-pressed', 'true')
  await expect.poll(async () => (await rowBoxes(logPanel.rows)).some((b) => b.bottom - b.top > 30), { timeout: 15_000 }).toBe(true)
  await expectRowsStacked(logPanel.rows)

  // Back to live with both on: the variable-height path follows the newest line too.
  await logPanel.region.getByRole('status', { name: 'Follow state' }).getByRole('button', { name: 'Jump to live' }).click()
  await expect(logPanel.region.getByRole('status', { name: 'Follow state' })).toBeHidden()
  await logPanel.expectFollowing(20_000)
  await expect.poll(async () => (await rowBoxes(logPanel.rows)).some((b) => b.bottom - b.top > 30), { timeout: 15_000 }).toBe(true)
  await expectRowsStacked(logPanel.rows)

  // Pausing keeps the rows where they were: the rows above the tail, taller than the tail's estimate of them (20 px
  // each), must not make the list jump when it stops following. Measured and clicked in one task, so no batch lands
  // between the two.
  const moved = await logPanel.list.evaluate(async (el) => {
    const middle = el.getBoundingClientRect().top + el.clientHeight / 2
    const row = [...el.querySelectorAll('[data-seq]')].find((r) => r.getBoundingClientRect().top <= middle && r.getBoundingClientRect().bottom > middle)!
    const top = row.getBoundingClientRect().top
    ;[...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Pause')!.click()
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    const after = el.querySelector(`[data-seq="${row.getAttribute('data-seq')}"]`)
    return after ? after.getBoundingClientRect().top - top : null
  })
  expect(moved, 'the row in the middle of the list is still rendered after the pause').not.toBeNull()
  expect(Math.abs(moved!)).toBeLessThanOrEqual(1)
  await expectRowsStacked(logPanel.rows)
})

test('paused on wrapped lines while new lines evict the oldest: the rows being read stay where they are', async ({ page, logPanel }) => {
  // A gateway with the bench's flood source: long lines (they wrap into several rows) into a 20,000-line buffer, read
  // near the newest ones. The flood's 6,000 lines then evict lines far above the rows being read, never those rows.
  const gateway = await startGatewayChild({ staticDir: 'dist', lineBytes: 600 })
  try {
    await gateway.emit(19_500)
    await page.goto(`${gateway.url}/?token=${gateway.token}&buffer=20000&wrap=1`)
    await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(3)
    await logPanel.region.getByRole('button', { name: 'Pause' }).click()
    await expect(logPanel.region.getByRole('status', { name: 'Follow state' })).toContainText('Paused')
    // Read a little above the newest rows: they stay held for the rest of the check.
    await logPanel.list.evaluate((el) => (el.scrollTop = el.scrollHeight - el.clientHeight - 1_500))
    await expect.poll(async () => (await rowBoxes(logPanel.rows)).some((b) => b.bottom - b.top > 40)).toBe(true)
    await expectRowsStacked(logPanel.rows)

    const flood = gateway.flood(2_000, 3)
    // The row in the middle, 1 s later: the same line at the same place, though hundreds of taller-than-one-row lines
    // left above it (the list's scroll offset went down by their height).
    const check = await logPanel.list.evaluate(async (el) => {
      const middle = el.getBoundingClientRect().top + el.clientHeight / 2
      const row = [...el.querySelectorAll('[data-seq]')].find((r) => r.getBoundingClientRect().top <= middle && r.getBoundingClientRect().bottom > middle)!
      const [seq, top, scrollTop] = [row.getAttribute('data-seq'), row.getBoundingClientRect().top, el.scrollTop]
      await new Promise((r) => setTimeout(r, 1_000))
      const after = el.querySelector(`[data-seq="${seq}"]`)
      return { moved: after ? after.getBoundingClientRect().top - top : null, scrolledBy: scrollTop - el.scrollTop }
    })
    expect(check.scrolledBy, 'lines were evicted above the rows being read').toBeGreaterThan(2_000)
    expect(check.moved, 'the row being read is still rendered').not.toBeNull()
    expect(Math.abs(check.moved!)).toBeLessThanOrEqual(1)
    await expectRowsStacked(logPanel.rows)
    await flood
    // The last lines applied: the list stops moving.
    const scrollTop = () => logPanel.list.evaluate((el) => el.scrollTop)
    const still = async () => {
      const before = await scrollTop()
      await page.waitForTimeout(300)
      return (await scrollTop()) === before
    }
    await expect.poll(still).toBe(true)

    // Wrap off, then on again: every height changes, and the line at the top of the list stays the one at the top.
    // Half of it shows: the top is kept as a share of that line's height, and a sliver of a pixel would be at the
    // mercy of rounding (the list's top is not on a whole pixel).
    await logPanel.list.evaluate((el) => {
      const y = el.getBoundingClientRect().top
      const row = [...el.querySelectorAll('[data-seq]')].find((r) => r.getBoundingClientRect().top <= y && r.getBoundingClientRect().bottom > y)!
      const { top, height } = row.getBoundingClientRect()
      el.scrollTop += top + height / 2 - y
    })
    const topSeq = () =>
      logPanel.list.evaluate((el) => {
        const y = el.getBoundingClientRect().top + 1
        return [...el.querySelectorAll('[data-seq]')].find((r) => r.getBoundingClientRect().top <= y && r.getBoundingClientRect().bottom > y)?.getAttribute('data-seq')
      })
    const reading = await topSeq()
    const wrap = logPanel.region.getByRole('button', { name: 'Wrap' })
    await wrap.click()
    await expect(wrap).toHaveAttribute('aria-pressed', 'false')
    await expect.poll(async () => (await rowBoxes(logPanel.rows)).every((b) => b.bottom - b.top <= 20.5)).toBe(true)
    expect(await topSeq()).toBe(reading)
    await wrap.click()
    await expect(wrap).toHaveAttribute('aria-pressed', 'true')
    await expect.poll(async () => (await rowBoxes(logPanel.rows)).some((b) => b.bottom - b.top > 40)).toBe(true)
    expect(await topSeq()).toBe(reading)
    await expectRowsStacked(logPanel.rows)
  } finally {
    await gateway.stop()
  }
})
