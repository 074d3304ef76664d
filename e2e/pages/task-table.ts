import { expect, type Locator, type Page } from '@playwright/test'

/** The task table as a user sees it: rows by name or id, status chips, search, selection, the cancel flows, the drawer. */
export class TaskTablePage {
  readonly section: Locator
  readonly rows: Locator
  readonly search: Locator
  readonly dialog: Locator
  readonly drawer: Locator
  readonly bulkCancel: Locator
  readonly results: Locator
  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Tasks' })
    this.rows = this.section.getByRole('table', { name: 'Task list' }).getByRole('row').filter({ has: page.getByRole('cell') })
    this.search = this.section.getByRole('searchbox', { name: 'Search tasks' })
    this.dialog = page.getByRole('dialog')
    this.drawer = this.section.getByRole('complementary', { name: 'Task detail' })
    this.bulkCancel = this.section.getByRole('button', { name: /^Cancel \d+ tasks?$/ })
    this.results = this.section.getByRole('status', { name: 'Cancel results' })
  }

  row(name: string | RegExp): Locator {
    return this.rows.filter({ hasText: name })
  }

  /** The row of task `id` (only while it is rendered: the list is virtualized, so narrow the view first). */
  rowById(id: string): Locator {
    return this.rows.and(this.section.locator(`[data-task-id="${id}"]`))
  }

  /** The first row of a task called `name` whose status is `status`. */
  rowWithStatus(name: string, status: string): Locator {
    return this.row(name).filter({ has: this.page.locator(`[data-status-kind]`, { hasText: new RegExp(`^${status}$`) }) }).first()
  }

  status(row: Locator): Locator {
    return row.locator('[data-status-kind]')
  }

  /** Selects (or unselects) a row with its checkbox. */
  async toggle(row: Locator, { shift = false } = {}): Promise<void> {
    await row.getByRole('checkbox').click({ modifiers: shift ? ['Shift'] : [] })
  }

  /** Opens the confirm dialog from the row's Cancel button and confirms, with an optional reason. */
  async cancel(row: Locator, { reason }: { reason?: string } = {}): Promise<void> {
    await row.getByRole('button', { name: /^Cancel / }).click()
    await expect(this.dialog).toBeVisible()
    if (reason) await this.dialog.getByLabel('Reason (optional)').fill(reason)
    await this.dialog.getByRole('button', { name: 'Cancel task' }).click()
  }

  /** Opens the detail drawer by clicking the row (not one of its controls). */
  async open(row: Locator): Promise<void> {
    await row.getByRole('cell').nth(2).click()
    await expect(this.drawer).toBeVisible()
  }
}
