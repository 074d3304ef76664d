/** CPU per Chromium process kind (renderer, GPU, network, browser) from /proc, to see where a flood's time goes. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const TICK_MS = 10 // USER_HZ is 100 on Linux

type Snapshot = { at: number; byPid: Map<number, { kind: string; ticks: number }> }

export function snapshotChromium(): Snapshot {
  const byPid = new Map<number, { kind: string; ticks: number }>()
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
  for (const row of ps.split('\n')) {
    const m = /^\s*(\d+)\s+(\S*chrom\S*)(.*)$/.exec(row)
    if (!m) continue
    const type = /--type=(\S+)/.exec(m[3]!)?.[1]
    const sub = /--utility-sub-type=(\S+)/.exec(m[3]!)?.[1]
    const kind = type === undefined ? 'browser' : type === 'utility' ? (sub?.includes('network') ? 'network' : 'utility') : type
    try {
      const stat = readFileSync(`/proc/${m[1]}/stat`, 'utf8').split(') ')[1]!.split(' ')
      byPid.set(Number(m[1]), { kind, ticks: Number(stat[11]) + Number(stat[12]) })
    } catch {
      // exited meanwhile
    }
  }
  return { at: Date.now(), byPid }
}

/** Cores used per process kind between two snapshots (processes alive in both). */
export function chromiumCores(a: Snapshot, b: Snapshot): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [pid, p] of b.byPid) {
    const before = a.byPid.get(pid)
    if (!before) continue
    out[p.kind] = (out[p.kind] ?? 0) + ((p.ticks - before.ticks) * TICK_MS) / (b.at - a.at)
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v * 100) / 100]))
}
