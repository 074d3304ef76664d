import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'

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

test('opening the printed URL signs in, hides the token and fills the task table within 2 s', async ({ page, openDashboard, taskTable }) => {
  const opened = Date.now()
  await openDashboard()
  await expect(taskTable.rows.first()).toBeVisible({ timeout: 2_000 })
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

test('cancel a RUNNING task: confirm, Cancelling…, CANCELLED, and its process is gone', async ({ page, gateway, openDashboard, taskTable }) => {
  await openDashboard()
  const row = taskTable.rowWithStatus('train-model', 'RUNNING')
  await expect(row).toBeVisible()
  const label = (await row.getAttribute('aria-label')) ?? ''
  const id = label.split(' ').at(-1) as string
  const detail = await page.request.get(`${gateway.url}/api/tasks/demo/${id}`)
  const { pid } = (await detail.json()) as { pid: number }
  expect(isAlive(pid)).toBe(true)

  const byId = taskTable.rows.and(page.getByRole('row', { name: `train-model ${id}`, exact: true }))
  await byId.getByRole('button', { name: /^Cancel / }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toContainText(`${id}`)
  await expect(dialog).toContainText('RUNNING')
  await dialog.getByRole('button', { name: 'Cancel task' }).click()
  await expect(byId.getByText('Cancelling…').or(taskTable.status(byId).filter({ hasText: 'CANCELLED' }))).toBeVisible()
  await expect(taskTable.status(byId)).toHaveText('CANCELLED')
  await expect(byId.getByRole('button', { name: /^Cancel / })).toHaveCount(0)
  expect(isAlive(pid)).toBe(false)
})

test('keeping the task running closes the dialog and cancels nothing', async ({ page, openDashboard, taskTable }) => {
  await openDashboard()
  const row = taskTable.rowWithStatus('train-model', 'RUNNING')
  await row.getByRole('button', { name: /^Cancel / }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Keep running' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(taskTable.status(row)).toHaveText('RUNNING')
})
