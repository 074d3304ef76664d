import { countOf, formatCount } from '@/lib/count'
import { CANCEL_OUTCOMES, type CancelResult } from '@server/protocol'

type BulkBarProps = {
  selected: number
  /** Selected tasks that can still be cancelled; the rest are counted as left out. */
  cancellable: number
  leftOut: number
  /** Rows matching the current filter. */
  matching: number
  onSelectAll: () => void
  onClear: () => void
  onCancel: () => void
  /** The last bulk cancel's per-task results, until dismissed. */
  results: readonly CancelResult[] | null
  onDismissResults: () => void
}

const OUTCOME_LABEL: Record<CancelResult['outcome'], string> = {
  cancelled: 'cancelled', requested: 'still stopping', 'already-finished': 'already finished', 'not-found': 'not found', failed: 'failed',
}

/** Selection and bulk cancel: "Cancel N tasks" with finished ones counted out, then the per-task results. */
export function BulkBar({ selected, cancellable, leftOut, matching, onSelectAll, onClear, onCancel, results, onDismissResults }: BulkBarProps) {
  const failures = results?.filter((r) => r.outcome === 'failed') ?? []
  const counts = new Map<CancelResult['outcome'], number>()
  for (const r of results ?? []) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1)
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-800 px-3 py-1 text-xs text-zinc-400">
      <button type="button" onClick={onSelectAll} disabled={matching === 0} className="rounded border border-zinc-700 px-2 py-0.5 hover:text-zinc-100 disabled:opacity-40">
        Select all {formatCount(matching)} matching
      </button>
      {selected > 0 && (
        <>
          <span>{formatCount(selected)} selected</span>
          <button type="button" onClick={onCancel} disabled={cancellable === 0}
            className="rounded border border-red-700 px-2 py-0.5 font-semibold text-red-200 hover:bg-red-900/60 disabled:opacity-40">
            Cancel {countOf(cancellable, 'task')}
          </button>
          {leftOut > 0 && <span>{formatCount(leftOut)} already finished, left out</span>}
          <button type="button" onClick={onClear} className="underline hover:text-zinc-100">Clear selection</button>
        </>
      )}
      {results && (
        <div role="status" aria-label="Cancel results" className="flex flex-wrap items-center gap-2 text-zinc-300">
          <span>Cancel results: {CANCEL_OUTCOMES.filter((o) => counts.has(o)).map((o) => `${counts.get(o)} ${OUTCOME_LABEL[o]}`).join(' · ')}</span>
          {failures.length > 0 && <span className="text-red-300">(failures kept selected for a retry)</span>}
          {failures.slice(0, 3).map((f) => (
            <span key={`${f.source}/${f.id}`} className="text-red-300">{f.id}: {f.error ?? 'failed'}</span>
          ))}
          <button type="button" onClick={onDismissResults} aria-label="Dismiss cancel results" className="text-zinc-500 hover:text-zinc-100">✕</button>
        </div>
      )}
    </div>
  )
}
