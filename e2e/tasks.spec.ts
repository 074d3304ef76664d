import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import type { Task, TaskDetail } from '../server/protocol'
import { nodeCommand as node, startConfiguredGateway, type RunningGateway } from './gateway-process'
import { expect, test as base } from './fixtures'

/**
 * A local workspace built for these journeys (a config file, so each lifecycle comes on a schedule instead of
 * waiting for the demo's cycle): a task that stops on SIGTERM, one that ignores it, a short one that finishes by
 * itself and one that fails. The cancel grace is long, so Force is what stops the stubborn task.
 */
const WORKSPACE = {
  sources: [{
    id: 'e2e', kind: 'local', concurrency: 32, cancelGraceSeconds: 30,
    schedules: [
      { name: 'train-model', everySeconds: 10, timeoutSeconds: 40, command: node(
        "process.on('SIGTERM',()=>{console.log('WARN received SIGTERM, saving checkpoint');setTimeout(()=>process.exit(0),200)});" +
        "let e=0;setInterval(()=>console.log('INFO epoch '+(++e)+' done'),1000)") },
      { name: 'stuck-migration', everySeconds: 15, timeoutSeconds: 45, command: node(
        "process.on('SIGTERM',()=>console.log('WARN ignoring SIGTERM: migration holds a table lock'));" +
        "setInterval(()=>console.log('INFO waiting for lock on table orders'),1500)") },
      { name: 'short-job', everySeconds: 4, command: node("console.log('INFO short job started');setTimeout(()=>console.log('INFO short job done'),8000)") },
      { name: 'flaky-job', everySeconds: 5, command: node("console.log('INFO flaky job starting');setTimeout(()=>{console.error('ERROR flaky job gave up');process.exit(3)},800)") },
    ],
  }],
}

const test = base.extend<object, { gateway: RunningGateway }>({
  gateway: [
    async ({}, use) => {
      const gateway = await startConfiguredGateway(WORKSPACE)
      await use(gateway)
      await gateway.stop()
    },
    { scope: 'worker' },
  ],
})

/** True while `pid` exists and is not a zombie (this sandbox's init may not reap orphans). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

/**
 * The newest task matching `query` (API filters) and `accept`, waiting for the schedule to produce one. The page
 * must have signed in (the table shows rows): the request uses its session cookie.
 */
async function waitForTask(page: Page, gateway: RunningGateway, query: string, accept: (t: Task) => boolean): Promise<Task> {
  let found: Task | undefined
  await expect.poll(async () => {
    const res = await page.request.get(`${gateway.url}/api/tasks?source=e2e&limit=200&${query}`)
    found = res.ok() ? ((await res.json()) as { tasks: Task[] }).tasks.find(accept) : undefined
    return found !== undefined
  }, { timeout: 20_000 }).toBe(true)
  return found as Task
}

/** The newest RUNNING task called `name` that started at most `maxAgeMs` ago. */
const freshRunning = (page: Page, gateway: RunningGateway, name: string, maxAgeMs: number) =>
  waitForTask(page, gateway, `status=RUNNING&q=${name}`, (t) => t.name === name && t.startedAt !== null && Date.now() - Date.parse(t.startedAt) <= maxAgeMs)

const detailOf = async (page: Page, gateway: RunningGateway, id: string) =>
  (await (await page.request.get(`${gateway.url}/api/tasks/e2e/${id}`)).json()) as TaskDetail

/** Narrows the table to one id through the URL (oldest first, so `t-1` sorts before `t-10`): a permalink. */
const showOnly = (page: Page, gateway: RunningGateway, id: string) => page.goto(`${gateway.url}/?tq=${id}&tsort=created`)

test('opening the printed URL signs in, hides the token and fills the task table', async ({ page, openDashboard, taskTable }) => {
  const opened = Date.now()
  await openDashboard()
  // Issue 2's 2 s is measured by the bench (`npm run bench`, tasks: first rows with 10,000 tasks). Here, with the other
  // journeys' gateways and real processes starting on the same 2 cores, a 2 s limit failed now and then at 2.1–6.4 s.
  await expect(taskTable.rows.first()).toBeVisible()
  console.log(`task table filled ${Date.now() - opened} ms after opening`)
  await expect(page).not.toHaveURL(/token=/)
  await expect(taskTable.section.getByText(/Updated \d+s ago/)).toBeVisible()
})

test('without the token the dashboard asks for it, and a wrong one is refused', async ({ page, gateway }) => {
  await page.goto(gateway.url)
  await expect(page.getByRole('heading', { name: 'Tailboard needs its access token' })).toBeVisible()
  await page.getByLabel('Access token').fill('not-the-token')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toContainText('not the one this gateway printed')
  await page.getByLabel('Access token').fill(gateway.token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('region', { name: 'Tasks' })).toBeVisible()
})

test('cancel one RUNNING task: confirm with a reason, Cancelling…, CANCELLED, process gone, reason in the detail', async ({ page, gateway, openDashboard, taskTable }) => {
  await openDashboard()
  await expect(taskTable.rows.first()).toBeVisible()
  const task = await freshRunning(page, gateway, 'train-model', 30_000)
  const { pid } = await detailOf(page, gateway, task.id)
  expect(isAlive(pid as number)).toBe(true)
  await showOnly(page, gateway, task.id)
  const row = taskTable.rowById(task.id)
  await expect(taskTable.status(row)).toHaveText('RUNNING')

  await row.getByRole('button', { name: /^Cancel / }).click()
  await expect(taskTable.dialog).toContainText(`${task.id} on e2e is RUNNING`)
  await expect(taskTable.dialog).toContainText('→ CANCELLED')
  await taskTable.dialog.getByLabel('Reason (optional)').fill('incident 42')
  // Hold the cancel request until "Cancelling…" has been seen: the real answer comes in milliseconds.
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/api/tasks/cancel', async (route) => {
    await held
    await route.continue()
  })
  await taskTable.dialog.getByRole('button', { name: 'Cancel task' }).click()
  await expect(row.getByText('Cancelling…')).toBeVisible()
  expect(isAlive(pid as number)).toBe(true) // nothing was sent yet: the row says so from the click on
  release()
  await expect(taskTable.status(row)).toHaveText('CANCELLED')
  await page.unroute('**/api/tasks/cancel')
  await expect(row.getByText('Cancelled ✓')).toBeVisible()
  await expect(row.getByRole('button', { name: /^Cancel / })).toHaveCount(0)
  expect(isAlive(pid as number)).toBe(false)

  await taskTable.open(row)
  await expect(taskTable.drawer).toContainText('Cancel reason')
  await expect(taskTable.drawer).toContainText('incident 42')
  await expect(page).toHaveURL(new RegExp(`task=e2e%2F${task.id}`))
})

test('keeping the task running closes the dialog and cancels nothing', async ({ page, gateway, openDashboard, taskTable }) => {
  await openDashboard()
  await expect(taskTable.rows.first()).toBeVisible()
  const task = await freshRunning(page, gateway, 'train-model', 30_000)
  await showOnly(page, gateway, task.id)
  const row = taskTable.rowById(task.id)
  await row.getByRole('button', { name: /^Cancel / }).click()
  await taskTable.dialog.getByRole('button', { name: 'Keep running' }).click()
  await expect(taskTable.dialog).toHaveCount(0)
  await expect(taskTable.status(row)).toHaveText('RUNNING')
})

test('bulk cancel: a finished task is counted out before confirming, one that finishes meanwhile is reported per task', async ({ page, gateway, openDashboard, taskTable }) => {
  await openDashboard()
  await expect(taskTable.rows.first()).toBeVisible()
  const running = await freshRunning(page, gateway, 'train-model', 30_000)
  const short = await freshRunning(page, gateway, 'short-job', 2_500)
  const done = await waitForTask(page, gateway, 'status=COMPLETE', () => true)
  // oldest first, so searching `t-5` shows t-5 before t-50…t-59
  await page.goto(`${gateway.url}/?tsort=created`)
  // the selection is kept while the search changes: pick each task by its id
  for (const id of [short.id, running.id, done.id]) {
    await taskTable.search.fill(id)
    await taskTable.toggle(taskTable.rowById(id))
  }
  await expect(taskTable.section.getByText('3 selected')).toBeVisible()
  await expect(taskTable.bulkCancel).toHaveText('Cancel 2 tasks')
  await expect(taskTable.section.getByText('1 already finished, left out')).toBeVisible()

  await taskTable.bulkCancel.click()
  await expect(taskTable.dialog).toContainText('1 selected task already finished and is left out.')
  await expect(taskTable.dialog.getByRole('listitem')).toHaveCount(2)
  // the short job ends on its own while the dialog is open: the gateway must say so rather than claim a cancel
  await expect.poll(async () => (await detailOf(page, gateway, short.id)).status, { timeout: 15_000 }).toBe('COMPLETE')
  await taskTable.dialog.getByRole('button', { name: 'Cancel 2 tasks' }).click()
  await expect(taskTable.results).toContainText('1 cancelled · 1 already finished')
  await expect(taskTable.section.getByText(/\d+ selected/)).toHaveCount(0)

  await taskTable.search.fill(short.id)
  await expect(taskTable.rowById(short.id).getByText('Already finished (COMPLETE)')).toBeVisible()
  await taskTable.search.fill(running.id)
  await expect(taskTable.status(taskTable.rowById(running.id))).toHaveText('CANCELLED')
})

test('a task that ignores SIGTERM: still running after the grace period, Force kills its process group', async ({ page, gateway, openDashboard, taskTable }) => {
  test.setTimeout(60_000)
  await openDashboard()
  await expect(taskTable.rows.first()).toBeVisible()
  const task = await freshRunning(page, gateway, 'stuck-migration', 20_000)
  const { pid } = await detailOf(page, gateway, task.id)
  await showOnly(page, gateway, task.id)
  const row = taskTable.rowById(task.id)
  await taskTable.cancel(row)
  await expect(row.getByText('Cancelling…')).toBeVisible()
  await expect(row.getByText(/Still running \d+s after cancel/)).toBeVisible({ timeout: 15_000 })
  expect(isAlive(pid as number)).toBe(true)

  await row.getByRole('button', { name: /^Force stop / }).click()
  await expect(taskTable.dialog).toContainText('SIGKILL')
  await taskTable.dialog.getByRole('button', { name: 'Force stop' }).click()
  await expect(taskTable.status(row)).toHaveText('CANCELLED')
  await expect(row.getByText('Cancelled ✓')).toBeVisible()
  expect(isAlive(pid as number)).toBe(false)
  expect((await detailOf(page, gateway, task.id)).signal).toBe('SIGKILL')
})

test('a task failing while the tab is hidden shows in the title and favicon until the user looks again', async ({ page, openDashboard, taskTable }) => {
  await openDashboard()
  await expect(taskTable.rows.first()).toBeVisible()
  await expect(page).toHaveTitle('Tailboard')
  // Headless Chromium has no other window to hide behind: the page is told it is hidden, as the browser would.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
    document.hasFocus = () => false
    document.dispatchEvent(new Event('visibilitychange'))
  })
  await expect(page).toHaveTitle(/^\(\d+\) Tailboard$/, { timeout: 20_000 })
  await expect(page.locator('link[rel~="icon"]')).toHaveAttribute('href', /^data:image\/svg\+xml,/)

  await page.evaluate(() => {
    delete (document as { visibilityState?: unknown }).visibilityState
    delete (document as { hidden?: unknown }).hidden
    delete (document as { hasFocus?: unknown }).hasFocus
    document.dispatchEvent(new Event('visibilitychange'))
    window.dispatchEvent(new Event('focus'))
  })
  await expect(page).toHaveTitle('Tailboard')
})

test('the detail drawer shows every field, the decoded config and stats, and stays in the URL', async ({ page, gateway, openDashboard, taskTable }) => {
  await openDashboard()
  await expect(taskTable.rows.first()).toBeVisible()
  const task = await freshRunning(page, gateway, 'train-model', 30_000)
  await showOnly(page, gateway, task.id)
  await taskTable.open(taskTable.rowById(task.id))
  for (const field of ['Source', 'ID', 'Created', 'Started', 'Attempt', 'Container', 'PID', 'Command']) {
    await expect(taskTable.drawer.getByText(field, { exact: true })).toBeVisible()
  }
  await expect(taskTable.drawer.getByRole('heading', { name: 'Config' })).toBeVisible()
  await expect(taskTable.drawer.getByRole('heading', { name: 'Stats' })).toBeVisible()
  await page.reload()
  await expect(taskTable.drawer).toContainText(task.id)
})

test('Show logs filters the viewer to the task, and its log line links back to the row', async ({ page, gateway, openDashboard, taskTable, logPanel }) => {
  await openDashboard()
  await expect(taskTable.rows.first()).toBeVisible()
  const task = await freshRunning(page, gateway, 'train-model', 30_000)
  await showOnly(page, gateway, task.id)
  await taskTable.open(taskTable.rowById(task.id))
  await taskTable.drawer.getByRole('button', { name: 'Show logs' }).click()
  await expect.poll(() => logPanel.rows.count()).toBeGreaterThan(1)
  await expect.poll(() => logPanel.rows.evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-task-id')))])).toEqual([task.id])
  // the runner's lifecycle lines are markers in the same view
  await expect(logPanel.rows.filter({ hasText: `task ${task.id} RUNNING` })).toHaveCount(1)

  await taskTable.drawer.getByRole('button', { name: 'Close task detail' }).click()
  await taskTable.search.fill('')
  // Row actions appear on the row under the pointer.
  await logPanel.rows.first().hover()
  await logPanel.rows.first().getByRole('button', { name: `Show task ${task.id}` }).click()
  await expect(taskTable.rowById(task.id)).toHaveAttribute('data-highlighted', 'true')
  await expect(taskTable.drawer).toContainText(task.id)
})
