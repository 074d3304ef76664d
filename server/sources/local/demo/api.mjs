// Demo HTTP API: access lines with mixed levels and ANSI colours, ~10 lines/s.
import { c, exitOnSigterm, now, rng, seedArg } from './common.mjs'

const r = rng(seedArg(2, 7))
const routes = ['/api/orders', '/api/orders/:id', '/api/users/:id', '/api/cart', '/api/search', '/health', '/api/checkout']
const methods = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']
exitOnSigterm()
console.log(`${now()} ${c.green('INFO')}  api listening on http://127.0.0.1:8080`)

setInterval(() => {
  const route = r.pick(routes).replace(':id', String(r.int(1, 9999)))
  const roll = r.next()
  const status = roll < 0.03 ? r.pick([500, 502, 503]) : roll < 0.12 ? r.pick([400, 401, 404, 409, 429]) : r.pick([200, 200, 201, 204, 304])
  const ms = status >= 500 ? r.int(800, 5000) : r.int(2, roll > 0.95 ? 1500 : 120)
  const level = status >= 500 ? c.red('ERROR') : status >= 400 || ms > 1000 ? c.yellow('WARN ') : c.green('INFO ')
  const code = status >= 500 ? c.red(status) : status >= 400 ? c.yellow(status) : c.green(status)
  console.log(`${now()} ${level} ${r.pick(methods).padEnd(6)} ${route} ${code} ${ms}ms ${c.dim(`req=${r.int(1e5, 1e6 - 1).toString(16)}`)}`)
  if (status === 503) console.error(`${now()} ERROR upstream inventory-svc unavailable: connect ECONNREFUSED 10.0.3.7:7000`)
  if (r.chance(0.04)) console.log(`${now()} DEBUG cache stats hits=${r.int(900, 990)} misses=${r.int(10, 90)}`)
}, 100)
