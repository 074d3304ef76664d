import { cn } from '@/lib/cn'
import { formatCount } from '@/lib/count'
import { ReservedWidth } from '@/lib/reserved-width'
import { useEffect, useState } from 'react'
import { currentMatchIndex, findStep } from './find-actions'
import { logStore, useLogCapacity, useLogFind, useLogFindError, useLogFindMatches } from './log-store'
import { useViewState } from './view-state'

const TOGGLE = 'rounded border px-1.5 py-1 font-mono text-xs'
// Each keystroke would restart a find pass over the view; wait for a pause in typing.
const FIND_DEBOUNCE_MS = 200

/** Find, apart from filtering: every match highlighted in its context, a count, and next/previous (n / N). */
export function FindBar() {
  const find = useLogFind()
  const error = useLogFindError()
  const matches = useLogFindMatches()
  useViewState((s) => s.findAbs) // re-render when the current match moves
  const [draft, setDraft] = useState(find.term)
  const [seen, setSeen] = useState(find.term)
  if (find.term !== seen) {
    setSeen(find.term)
    setDraft(find.term)
  }
  const apply = (patch: Partial<typeof find>) => logStore.getState().actions.findChanged({ ...logStore.getState().find, term: draft, ...patch })

  useEffect(() => {
    if (draft === logStore.getState().find.term) return
    const timer = setTimeout(() => apply({ term: draft }), FIND_DEBOUNCE_MS)
    return () => clearTimeout(timer)
    // Only the draft re-arms the timer: `apply` reads the store when it fires.
  }, [draft])

  const index = currentMatchIndex()
  // Room for "<full buffer> of <full buffer>…", so the bar does not move as matches stream in.
  const full = formatCount(useLogCapacity())
  return (
    <div className="flex items-center gap-1" role="search" aria-label="Find">
      <input type="search" aria-label="Find in logs" placeholder="Find (/)" value={draft} data-find-input
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return
          if (draft !== logStore.getState().find.term) apply({ term: draft })
          else findStep(e.shiftKey ? -1 : 1)
        }}
        aria-invalid={error !== null}
        className={cn('w-40 rounded border bg-zinc-900 px-2 py-1', error ? 'border-red-500' : 'border-zinc-700')} />
      <button type="button" aria-pressed={find.regex} title="Find with a regex" aria-label="Find regex" onClick={() => apply({ regex: !find.regex })}
        className={cn(TOGGLE, find.regex ? 'border-sky-500 text-sky-300' : 'border-zinc-700 text-zinc-400')}>.*</button>
      <button type="button" aria-pressed={find.caseSensitive} title="Find: match case" aria-label="Find match case" onClick={() => apply({ caseSensitive: !find.caseSensitive })}
        className={cn(TOGGLE, find.caseSensitive ? 'border-sky-500 text-sky-300' : 'border-zinc-700 text-zinc-400')}>Aa</button>
      <span className="whitespace-nowrap tabular-nums text-zinc-400">
        <ReservedWidth widest={`${full} of ${full}…`} align="center">
          <span aria-live="polite" data-testid="find-count">
            {error ? <span role="alert" className="text-red-400">{error}</span> : find.term === '' ? '' : `${index >= 0 ? index + 1 : '–'} of ${formatCount(matches.count)}${matches.running ? '…' : ''}`}
          </span>
        </ReservedWidth>
      </span>
      <button type="button" aria-label="Previous match" title="Previous match (N)" disabled={matches.count === 0} onClick={() => findStep(-1)}
        className="rounded border border-zinc-700 px-1.5 py-1 disabled:opacity-40">↑</button>
      <button type="button" aria-label="Next match" title="Next match (n)" disabled={matches.count === 0} onClick={() => findStep(1)}
        className="rounded border border-zinc-700 px-1.5 py-1 disabled:opacity-40">↓</button>
    </div>
  )
}
