import { expect, type Locator, type Page } from '@playwright/test'

/** The task table as a user sees it: rows by name, the status badge, the cancel flow. */
export class TaskTablePage {
  readonly section: Locator
  readonly rows: Locator
  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Tasks' })
    this.rows = this.section.getByRole('table', { name: 'Task list' }).getByRole('row').filter({ has: page.getByRole('cell') })
  }

  row(name: string | RegExp): Locator {
    return this.rows.filter({ hasText: name })
  }

  /** The first row of a task called `name` whose status is `status`. */
  rowWithStatus(name: string, status: string): Locator {
    return this.row(name).filter({ has: this.page.locator(`[data-status-kind]`, { hasText: new RegExp(`^${status}$`) }) }).first()
  }

  status(row: Locator): Locator {
    return row.locator('[data-status-kind]')
  }

  async cancel(row: Locator): Promise<void> {
    await row.getByRole('button', { name: /^Cancel / }).click()
    const dialog = this.page.getByRole('dialog')
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: 'Cancel task' }).click()
  }
}
