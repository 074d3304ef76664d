import { CHROMIUM_ARGS } from '../bench/browser'
import { startGatewayChild } from '../bench/gateway-control'
import { findChromium } from '../scripts/ensure-chromium.mjs'
import { expect, test } from './fixtures'

// Headless Chromium hides scrollbars unless told otherwise; a desktop browser's take room once the rows overflow.
test.use({ launchOptions: { executablePath: findChromium() ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--hide-scrollbars'] } })

test('a flood does not move the toolbar or the list: counts keep their width from the first line to tens of thousands', async ({ page, logPanel }) => {
  const gateway = await startGatewayChild({ staticDir: 'dist' })
  try {
    await gateway.emit(1)
    await page.goto(`${gateway.url}/?token=${gateway.token}`)
    await expect.poll(() => logPanel.rows.count()).toBe(1)
    // Find something that the flood brings thousands of: its count grows with the counts of lines and levels.
    await logPanel.region.getByRole('searchbox', { name: 'Find in logs' }).fill('error')
    await expect(page.getByTestId('find-count')).toHaveText(/of 0$/)
    const layout = () =>
      page.evaluate(() => {
        const box = (el: Element | null | undefined) => {
          const r = el!.getBoundingClientRect()
          return [r.left, r.top, r.width, r.height].map(Math.round).join(' ')
        }
        const list = document.querySelector('[aria-label="Log lines"]')!
        const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)
        return {
          list: box(list),
          listContentWidth: list.clientWidth,
          lightTheme: box(button('Light theme')),
          next: box(document.querySelector('[aria-label="Next match"]')),
          help: box(document.querySelector('[aria-label="Keyboard shortcuts"]')),
        }
      })
    const before = await layout()
    await gateway.flood(20_000, 2)
    await expect(logPanel.region.getByText(/^\d{2},\d{3} of \d{2},\d{3} lines$/)).toBeVisible()
    await expect(page.getByTestId('find-count')).toHaveText(/of \d{1,2},\d{3}$/)
    expect(await logPanel.list.evaluate((el) => el.scrollHeight > el.clientHeight), 'the rows overflow: the scrollbar shows').toBe(true)
    expect(await layout()).toEqual(before)
  } finally {
    await gateway.stop()
  }
})
