import { launchBrowser } from './browser.ts'
import { startGatewayChild } from './gateway-control.ts'
const g = await startGatewayChild({ staticDir: 'bench/.dist-1000000' })
const b = await launchBrowser()
const p = await b.newPage()
p.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 300)))
p.on('pageerror', (e) => console.log('pageerror', e.message))
await p.goto(`${g.url}/?token=${g.token}`)
await new Promise((r) => setTimeout(r, 4000))
console.log((await p.content()).slice(0, 1500))
await b.close(); await g.stop()
