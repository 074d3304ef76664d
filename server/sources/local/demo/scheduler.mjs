// Demo scheduler: logfmt lines (level=...), and now and then a multi-line stack trace on stderr, ~2-3 lines/s.
import { exitOnSigterm, nodeTrace, now, rng, seedArg } from './common.mjs'

const r = rng(seedArg(2, 23))
const jobs = ['nightly-rollup', 'purge-sessions', 'sync-crm', 'rotate-keys', 'refresh-views']
const logfmt = (level, msg, fields = {}) =>
  console.log([`ts=${now()}`, `level=${level}`, `msg="${msg}"`, ...Object.entries(fields).map(([k, v]) => `${k}=${v}`)].join(' '))
exitOnSigterm()
logfmt('info', 'scheduler started', { jobs: jobs.length })

let tick = 0
setInterval(() => {
  tick++
  const job = r.pick(jobs)
  if (tick % 40 === 0) {
    process.stderr.write(
      `${nodeTrace(`lock lost while running ${job}`, [
        'LockManager.renew (/app/scheduler/lock.js:88:13)',
        'async Scheduler.run (/app/scheduler/index.js:142:7)',
        'async Timeout._onTimeout (/app/scheduler/index.js:61:5)',
      ])}\n`,
    )
  } else if (r.chance(0.2)) {
    logfmt('warn', 'job late', { job, late_ms: r.int(100, 4000) })
  } else if (r.chance(0.1)) {
    logfmt('debug', 'next run computed', { job, in_s: r.int(1, 3600) })
  } else {
    logfmt('info', 'job scheduled', { job, due: r.int(0, 5) })
  }
}, 400)
