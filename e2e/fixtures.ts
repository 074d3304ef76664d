import { test as base } from '@playwright/test'
import { startGatewayProcess, type RunningGateway } from './gateway-process'
import { LogPanelPage } from './pages/log-panel'
import { TaskTablePage } from './pages/task-table'

type Fixtures = { taskTable: TaskTablePage; logPanel: LogPanelPage; openDashboard: () => Promise<void> }
type WorkerFixtures = { gateway: RunningGateway }

/**
 * One real gateway process per worker (the demo workspace, as `npm start` runs it), page objects per test, and
 * `openDashboard()` that opens the URL the gateway printed, token included.
 */
export const test = base.extend<Fixtures, WorkerFixtures>({
  gateway: [
    async ({}, use) => {
      const gateway = await startGatewayProcess()
      await use(gateway)
      await gateway.stop()
    },
    { scope: 'worker' },
  ],
  openDashboard: async ({ page, gateway }, use) => {
    await use(async () => {
      await page.goto(`${gateway.url}/?token=${gateway.token}`)
    })
  },
  taskTable: async ({ page }, use) => use(new TaskTablePage(page)),
  logPanel: async ({ page }, use) => use(new LogPanelPage(page)),
})
export { expect } from '@playwright/test'
