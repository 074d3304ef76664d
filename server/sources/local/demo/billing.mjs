// Demo flaky service: works for a while, then crashes with an uncaught error so the restart policy shows.
import { exitOnSigterm, now, rng, seedArg } from './common.mjs'

// a fresh seed per start, so each run lives a different time
const r = rng(seedArg(2, 5) + process.pid)
exitOnSigterm()
console.log(`${now()} INFO billing service up, connecting to ledger`)
const lifetime = r.int(4_000, 16_000)
setInterval(() => {
  const amount = (r.int(100, 99_999) / 100).toFixed(2)
  if (r.chance(0.1)) console.log(`${now()} WARN charge declined card=****${r.int(1000, 9999)} amount=${amount}`)
  else console.log(`${now()} INFO charge ok amount=${amount} currency=EUR`)
}, 700)
setTimeout(() => {
  console.error(`${now()} FATAL ledger connection reset, cannot continue`)
  console.error(new Error('ECONNRESET: ledger socket hang up').stack)
  process.exit(1)
}, lifetime)
