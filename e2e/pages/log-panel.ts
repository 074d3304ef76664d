import { expect, type Locator, type Page } from '@playwright/test'

/** The live log panel as a user sees it: the virtualized list, the filters and the connection state. */
export class LogPanelPage {
  readonly region: Locator
  readonly list: Locator
  readonly rows: Locator
  readonly level: Locator
  readonly search: Locator
  readonly processButton: Locator
  readonly connection: Locator
  readonly jumpToLive: Locator
  constructor(readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Logs' })
    this.list = this.region.getByRole('list', { name: 'Log lines' })
    this.rows = this.list.getByRole('listitem')
    this.level = this.region.getByRole('combobox', { name: 'Minimum level' })
    this.search = this.region.getByRole('searchbox', { name: 'Search logs' })
    this.processButton = this.region.getByRole('button', { name: /^Process/ })
    this.connection = this.region.getByRole('status', { name: 'Log stream connection' })
    this.jumpToLive = this.region.getByRole('button', { name: /Jump to live/ })
  }

  /** Shows only `process`: opens the picker, resets to all, checks that one. */
  async chooseOnlyProcess(process: string): Promise<void> {
    await this.processButton.click()
    const group = this.region.getByRole('group', { name: 'Process' })
    await group.getByRole('button', { name: 'Show all' }).click()
    await group.getByRole('checkbox', { name: new RegExp(`^${process}\\b`) }).check()
    await this.page.keyboard.press('Escape')
  }

  /** The list is following: a newer line than the current newest row appears, at the bottom, in view. */
  async expectFollowing(timeout = 10_000): Promise<void> {
    const newest = await this.rows.last().getAttribute('data-seq')
    await expect.poll(async () => this.rows.last().getAttribute('data-seq'), { timeout }).not.toBe(newest)
    await expect(this.rows.last()).toBeInViewport()
  }

  /** Texts of the rows currently rendered (the virtualized window). */
  async visibleTexts(): Promise<string[]> {
    return this.rows.allInnerTexts()
  }
}
