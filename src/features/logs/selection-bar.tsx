import { copyPermalink, copySeqRange } from './clipboard'
import { logStore } from './log-store'
import { selectedRange, useViewState, viewActions } from './view-state'

/** Actions on the selected lines, and the last short notice ("Copied 12 lines"). */
export function SelectionBar() {
  const selected = useViewState((s) => s.selected)
  const anchor = useViewState((s) => s.anchor)
  const notice = useViewState((s) => s.notice)
  const range = selectedRange({ selected, anchor })
  return (
    <div className="flex items-center gap-2">
      {range && (
        <>
          <span className="text-zinc-400">{range[0] === range[1] ? '1 line selected' : 'Range selected'}</span>
          <button type="button" className="rounded border border-zinc-700 px-2 py-1" onClick={() => void copySeqRange(logStore.getState().view, range)}>Copy selection</button>
          <button type="button" className="rounded border border-zinc-700 px-2 py-1" onClick={() => void copyPermalink(range[0])}>Copy link</button>
          <button type="button" className="rounded px-1 text-zinc-400" aria-label="Clear selection" onClick={viewActions.selectionCleared}>✕</button>
        </>
      )}
      <span role="status" aria-label="Notice" className="text-emerald-300">{notice}</span>
    </div>
  )
}
