import { cn } from '@/lib/cn'
import { formatCount } from '@/lib/count'
import { STATUS_KINDS, type StatusKind } from './task-status'

type TaskToolbarProps = {
  counts: Record<StatusKind, number>
  statuses: readonly StatusKind[]
  onStatusesChange: (statuses: StatusKind[]) => void
  q: string
  onSearch: (q: string) => void
}

const LABEL: Record<StatusKind, string> = {
  running: 'Running', retry: 'Retry', pending: 'Pending', failed: 'Failed', timeout: 'Timeout', expired: 'Expired',
  cancelled: 'Cancelled', complete: 'Complete', unknown: 'Other',
}

/** Search over id and name, and one chip per status kind with its count; chips combine (any of them). */
export function TaskToolbar({ counts, statuses, onStatusesChange, q, onSearch }: TaskToolbarProps) {
  const toggle = (kind: StatusKind) =>
    onStatusesChange(statuses.includes(kind) ? statuses.filter((s) => s !== kind) : [...statuses, kind])
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-800 px-3 py-1.5 text-xs">
      <input type="search" aria-label="Search tasks" placeholder="Search id or name" value={q} onChange={(e) => onSearch(e.target.value)}
        className="w-48 rounded border border-zinc-700 bg-zinc-900 px-2 py-0.5 text-sm placeholder:text-zinc-600 focus:border-sky-600 focus:outline-none" />
      <div role="group" aria-label="Status filter" className="flex flex-wrap items-center gap-1">
        <button type="button" aria-pressed={statuses.length === 0} onClick={() => onStatusesChange([])}
          className={cn('rounded-full border px-2 py-0.5', statuses.length === 0 ? 'border-sky-600 bg-sky-900/50 text-sky-100' : 'border-zinc-700 text-zinc-400')}>
          All
        </button>
        {STATUS_KINDS.filter((k) => counts[k] > 0 || statuses.includes(k)).map((kind) => {
          const on = statuses.includes(kind)
          return (
            <button type="button" key={kind} aria-pressed={on} data-status-chip={kind} onClick={() => toggle(kind)}
              className={cn('rounded-full border px-2 py-0.5', on ? 'border-sky-600 bg-sky-900/50 text-sky-100' : 'border-zinc-700 text-zinc-400 hover:text-zinc-200')}>
              {LABEL[kind]} <span className="tabular-nums">{formatCount(counts[kind])}</span>
            </button>
          )
        })}
      </div>
    </div>
  )
}
