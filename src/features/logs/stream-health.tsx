import { cn } from '@/lib/cn'
import { countOf, formatCount } from '@/lib/count'
import { useEffect, useState } from 'react'
import type { SourceInfo } from '@server/protocol'
import { useStore } from 'zustand'
import { logStore, useLogCounters, useLogHealth, useLogSources, useLogStatus } from './log-store'

/** Lines this tab may trail the gateway by before it says it has fallen behind (a few frames' worth at full rate). */
export const BEHIND_THRESHOLD = 5_000

function age(iso: string | null, now: number): string {
  if (!iso) return 'no lines yet'
  const s = Math.max(0, (now - Date.parse(iso)) / 1000)
  return s < 60 ? `${s.toFixed(1)}s ago` : `${Math.floor(s / 60)}m ago`
}

/** How far this tab trails the gateway, in lines; null before the first hello. */
export const behindBy = (head: number | null, newestSeq: number | null) => (head === null || newestSeq === null ? null : Math.max(0, head - 1 - newestSeq))

/** Whether this tab trails the gateway by more than the threshold: a boolean, so it re-renders only when it flips. */
const useFallenBehind = () => useStore(logStore, (s) => {
  const behind = behindBy(s.head, s.newestSeq)
  return behind !== null && behind > BEHIND_THRESHOLD ? behind : null
})

/**
 * Stream health: the button (with a ⚠ count of sources not connected) and, while open, the panel. Only the open
 * panel follows per-frame counters and a ticking clock; the closed button re-renders only when something it says
 * changes.
 */
export function StreamHealth() {
  const sources = Object.values(useLogSources())
  const status = useLogStatus()
  const behind = useFallenBehind()
  const [open, setOpen] = useState(false)
  const troubled = sources.filter((s) => s.state !== 'connected')
  return (
    <div className="relative">
      <button type="button" aria-expanded={open} aria-label="Stream health" onClick={() => setOpen((o) => !o)}
        className={cn('rounded border px-2 py-1', troubled.length > 0 ? 'border-amber-600 text-amber-300' : 'border-zinc-700')}>
        Health{troubled.length > 0 ? ` (${troubled.length} ⚠)` : ''}
      </button>
      {behind !== null && status.state === 'open' && (
        <span role="alert" className="ml-2 text-amber-300">This tab is {countOf(behind, 'line')} behind the gateway</span>
      )}
      {open && <HealthPanel sources={sources} />}
    </div>
  )
}

function HealthPanel({ sources }: { sources: SourceInfo[] }) {
  const counters = useLogCounters()
  const { head, newestSeq, capacity, bufferSize } = useLogHealth()
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  const behind = behindBy(head, newestSeq)
  return (
    <div role="dialog" aria-label="Stream health" className="absolute right-0 z-30 mt-1 w-[34rem] rounded border border-zinc-700 bg-zinc-900 p-3 text-xs shadow-xl">
      <table className="w-full text-left">
        <thead className="text-zinc-500"><tr><th>Source</th><th>State</th><th className="text-right">Lines/s</th><th className="text-right">Newest line</th><th className="text-right">Total</th><th className="text-right">Dropped</th></tr></thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id} className="align-top">
              <td className="py-0.5 font-mono">{s.id} <span className="text-zinc-500">{s.kind}</span></td>
              <td className={s.state === 'connected' ? 'text-emerald-300' : 'text-amber-300'}>{s.state}{s.lastError && <div className="text-red-300">{s.lastError}</div>}</td>
              <td className="text-right tabular-nums">{formatCount(s.linesPerSecond)}</td>
              <td className="text-right tabular-nums">{age(s.lastLineAt, now)}</td>
              <td className="text-right tabular-nums">{formatCount(s.totalLines)}</td>
              <td className={cn('text-right tabular-nums', (s.droppedLines ?? 0) > 0 && 'text-amber-300')}>{formatCount(s.droppedLines ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-0.5 text-zinc-300">
        <dt>Buffer</dt><dd className="tabular-nums">{formatCount(bufferSize)} of {formatCount(capacity)} lines ({Math.round((bufferSize / capacity) * 100)}%)</dd>
        <dt>Received by this tab</dt><dd className="tabular-nums">{formatCount(counters.received)}</dd>
        <dt>Missed (gaps)</dt>
        <dd className={cn('tabular-nums', counters.missed + counters.missedUnknown > 0 && 'text-amber-300')}>
          {formatCount(counters.missed)}{counters.missedUnknown > 0 && ` + ${countOf(counters.missedUnknown, 'gap')} of unknown size`}
        </dd>
        <dt>Evicted (buffer full)</dt><dd className="tabular-nums">{formatCount(counters.evicted)}</dd>
        <dt>Bad frames dropped</dt><dd className="tabular-nums">{formatCount(counters.badFrames)}</dd>
        <dt>Behind the gateway</dt><dd className="tabular-nums">{behind === null ? '—' : countOf(behind, 'line')}</dd>
      </dl>
    </div>
  )
}
