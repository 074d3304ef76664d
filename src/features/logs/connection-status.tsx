import { cn } from '@/lib/cn'
import { countOf } from '@/lib/count'
import { useEffect, useState } from 'react'
import type { LogSocketStatus } from './log-socket'
import { useLogStatus } from './log-store'

/** The status line's text, e.g. "Live" or "Reconnecting in 3s (attempt 2)". */
export function describeStatus(status: LogSocketStatus, now: number): string {
  const bad = status.badFrames > 0 ? ` · ${countOf(status.badFrames, 'bad frame')}` : ''
  switch (status.state) {
    case 'open':
      return `Live${bad}`
    case 'connecting':
      return `Connecting…${bad}`
    case 'closed':
      return `Disconnected${bad}`
    case 'reconnecting': {
      const wait = status.retryAt === undefined ? null : Math.max(0, Math.ceil((status.retryAt - now) / 1000))
      return `${wait ? `Reconnecting in ${wait}s` : 'Reconnecting…'} (attempt ${status.attempt})${bad}`
    }
  }
}

const DOT: Record<LogSocketStatus['state'], string> = {
  open: 'bg-emerald-400',
  connecting: 'bg-amber-400 animate-pulse',
  reconnecting: 'bg-amber-400 animate-pulse',
  closed: 'bg-red-500',
}

/** Always-visible connection state of the log stream (a polite live region). */
export function ConnectionStatus() {
  const status = useLogStatus()
  const [now, setNow] = useState(() => Date.now())
  const waiting = status.state === 'reconnecting' && status.retryAt !== undefined
  // Ticks only while counting down to a retry.
  useEffect(() => {
    if (!waiting) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [waiting, status.retryAt])

  return (
    <span role="status" aria-label="Log stream connection" title={status.lastError} className="flex items-center gap-1.5 whitespace-nowrap text-xs text-zinc-300">
      <span aria-hidden className={cn('size-2 rounded-full', DOT[status.state])} />
      {describeStatus(status, now)}
    </span>
  )
}
