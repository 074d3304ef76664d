// Demo queue worker: JSON lines ({"level":...,"msg":...}), ~4 lines/s.
import { exitOnSigterm, now, rng, seedArg } from './common.mjs'

const r = rng(seedArg(2, 11))
const queues = ['emails', 'webhooks', 'invoices', 'thumbnails']
const log = (level, msg, fields = {}) => console.log(JSON.stringify({ ts: now(), level, msg, ...fields }))
exitOnSigterm()
log('info', 'worker started', { concurrency: 8, queues })

let job = 1000
setInterval(() => {
  job++
  const queue = r.pick(queues)
  const roll = r.next()
  if (roll < 0.06) log('error', 'job failed', { job, queue, error: 'SMTP 421 service not available', willRetry: true })
  else if (roll < 0.15) log('warn', 'job slow', { job, queue, ms: r.int(2000, 9000) })
  else if (roll < 0.25) log('debug', 'lease renewed', { job, queue })
  else log('info', 'job done', { job, queue, ms: r.int(5, 400) })
}, 250)
