import { cn } from '@/lib/cn'
import { statusKind, type StatusKind } from './task-status'

const STYLE: Record<StatusKind, string> = {
  pending: 'bg-slate-700 text-slate-100',
  running: 'bg-sky-700 text-sky-50',
  retry: 'bg-amber-700 text-amber-50',
  complete: 'bg-emerald-800 text-emerald-50',
  cancelled: 'bg-zinc-600 text-zinc-50',
  failed: 'bg-red-700 text-red-50',
  timeout: 'bg-orange-700 text-orange-50',
  expired: 'bg-purple-800 text-purple-50',
  unknown: 'bg-zinc-800 text-zinc-200 ring-1 ring-zinc-500',
}

/** The status as the upstream spelled it, coloured by what it means. */
export function TaskStatusBadge({ status }: { status: string }) {
  const kind = statusKind(status)
  return (
    <span data-status-kind={kind} className={cn('inline-block rounded px-1.5 py-0.5 text-[11px] font-semibold tracking-wide', STYLE[kind])}>
      {status || '(none)'}
    </span>
  )
}
