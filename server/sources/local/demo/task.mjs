// Demo task programs, one per kind: `node task.mjs <kind> <seed>`. Each shows one lifecycle the console must handle.
import { c, nodeTrace, now, rng, seedArg, sleep } from './common.mjs'

const kind = process.argv[2] ?? 'build'
const r = rng(seedArg(3, 1))
const attempt = Number(process.env.TAILBOARD_TASK_ATTEMPT ?? 1)
const log = (level, msg) => console.log(`${now()} ${level} ${msg}`)

const kinds = {
  async build() {
    const steps = r.int(12, 20)
    for (let i = 1; i <= steps; i++) {
      console.log(`${c.cyan('[build]')} compiling module ${i}/${steps} ${c.dim(`src/pkg-${r.int(1, 40)}`)}`)
      if (r.chance(0.1)) console.log(`${c.yellow('WARN')} deprecated API used in src/pkg-${i}/index.ts`)
      await sleep(r.int(100, 250))
    }
    console.log(`${c.green('INFO')} ${c.bold('build succeeded')} in ${(steps * 0.18).toFixed(1)}s`)
  },
  async 'etl:daily'() {
    const rows = r.int(20_000, 90_000)
    for (const stage of ['extract', 'transform', 'load']) {
      console.log(JSON.stringify({ ts: now(), level: 'info', msg: `${stage} started`, attempt }))
      await sleep(r.int(300, 700))
      if (stage === 'transform' && attempt === 1) {
        console.log(JSON.stringify({ ts: now(), level: 'error', msg: 'warehouse connection dropped', attempt }))
        process.exit(2)
      }
      console.log(JSON.stringify({ ts: now(), level: 'info', msg: `${stage} done`, rows }))
    }
  },
  async 'send-report'() {
    log('INFO', 'rendering weekly report')
    await sleep(r.int(400, 900))
    if (process.argv[4] !== 'ok') {
      console.error(nodeTrace('template variable "region" is undefined', [
        'renderTemplate (/app/reports/render.js:41:11)',
        'async sendReport (/app/reports/send.js:18:3)',
        'async main (/app/reports/cli.js:9:5)',
      ]))
      process.exit(3)
    }
    log('INFO', `report sent to ${r.int(3, 40)} recipients`)
  },
  async 'resize-images'() {
    const n = r.int(20, 50)
    for (let i = 1; i <= n; i++) {
      log(r.chance(0.05) ? 'WARN' : 'INFO', `resized img-${r.int(1000, 9999)}.jpg ${r.int(800, 4000)}px → 512px`)
      await sleep(r.int(50, 100))
    }
  },
  async 'train-model'() {
    // hangs until cancelled; exits cleanly on SIGTERM after saving a checkpoint
    process.on('SIGTERM', () => {
      log('WARN', 'received SIGTERM, saving checkpoint before exit')
      setTimeout(() => process.exit(0), 300)
    })
    for (let epoch = 1; ; epoch++) {
      console.log(JSON.stringify({ ts: now(), level: 'info', msg: 'epoch done', epoch, loss: +(2 / epoch + r.next() * 0.05).toFixed(4) }))
      await sleep(1000)
    }
  },
  async 'stuck-migration'() {
    process.on('SIGTERM', () => log('WARN', 'ignoring SIGTERM: migration holds a table lock'))
    log('INFO', 'ALTER TABLE orders ADD COLUMN region text')
    for (;;) {
      log('INFO', `waiting for lock on table orders (${r.int(1, 12)} blockers)`)
      await sleep(1500)
    }
  },
  async 'ingest-events'() {
    log('INFO', `ingesting batch ${r.int(100, 999)}`)
    await sleep(r.int(200, 500))
    console.error([
      'ERROR:ingest:batch rejected',
      'Traceback (most recent call last):',
      '  File "/app/ingest/main.py", line 52, in <module>',
      '    run(batch)',
      '  File "/app/ingest/main.py", line 31, in run',
      '    schema.validate(event)',
      'ValueError: field "user_id" must be a string, got null',
    ].join('\n'))
    process.exit(1)
  },
  async 'render-thumbnails'() {
    log('INFO', 'loading native image codec')
    await sleep(r.int(300, 800))
    process.kill(process.pid, 'SIGSEGV')
  },
  async 'slow-export'() {
    for (let part = 1; ; part++) {
      log('DEBUG', `exported part ${part}, ${r.int(1, 9)} MB`)
      await sleep(400)
    }
  },
  async 'cleanup-cache'() {
    log('INFO', `removed ${r.int(10, 500)} stale cache entries`)
  },
}

const run = kinds[kind]
if (!run) {
  console.error(`FATAL unknown demo task kind: ${kind}`)
  process.exit(64)
}
await run()
