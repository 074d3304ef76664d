import { launchBrowser } from './browser.ts'
import { buildDashboard } from './build.ts'
import { startGatewayChild } from './gateway-control.ts'
import { runTabFlood } from './tab-run.ts'
const dist = await buildDashboard()
const browser = await launchBrowser()
try {
  for (const rate of [2_000, 2_000, 50_000]) {
    const g = await startGatewayChild({ staticDir: dist })
    const r = await runTabFlood(browser, g, { rate, seconds: rate > 10_000 ? 20 : 10, distDir: dist })
    console.log(rate, 'busy', r.mainThreadBusyPct, 'script', r.scriptPct, 'layout', r.layoutStylePct, 'fps', r.fps, 'lag', r.lagMs.p50, r.lagMs.p95, 'loaf', r.longAnimationFrames.count, r.longAnimationFrames.maxMs, 'lost', r.notReceived)
    await g.stop()
  }
} finally { await browser.close() }
process.exit(0)
