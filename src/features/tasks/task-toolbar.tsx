import { cn } from '@/lib/cn'
import { CompactCount } from '@/lib/compact-count'
import { countOf } from '@/lib/count'
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

/**
 * The chips a poll cannot move: every status kind, at zero too, and "Other" (statuses no upstream documents) only when
 * some task has one, last, where its coming shifts nothing. Counts are compact in a width of their own (the exact
 * count is in the tooltip). When chips came and went with their counts, and grew with them, a poll landing as the
 * user reached for "Failed" could put "Retry" under the pointer.
 */
const shownStatusChips = (counts: Record<StatusKind, number>, statuses: readonly StatusKind[]) =>
  STATUS_KINDS.filter((k) => k !== 'unknown' || counts[k] > 0 || statuses.includes(k))

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
        {shownStatusChips(counts, statuses).map((kind) => {
          const on = statuses.includes(kind)
          const count = counts[kind]
          return (
            <button type="button" key={kind} aria-pressed={on} data-status-chip={kind} onClick={() => toggle(kind)} title={countOf(count, `${LABEL[kind].toLowerCase()} task`)}
              className={cn('rounded-full border px-2 py-0.5 tabular-nums', on ? 'border-sky-600 bg-sky-900/50 text-sky-100' : count > 0 ? 'border-zinc-700 text-zinc-400 hover:text-zinc-200' : 'border-zinc-800 text-zinc-600 hover:text-zinc-400')}>
              {LABEL[kind]} <CompactCount n={count} align="end" />
            </button>
          )
        })}
      </div>
    </div>
  )
}
