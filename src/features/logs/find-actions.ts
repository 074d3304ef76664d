import { logStore } from './log-store'
import { searchRow } from './view-search'
import { viewActions, viewState } from './view-state'

/** Position (0-based) of the current match among all matches, or -1. */
export function currentMatchIndex(): number {
  const { findAbs } = viewState.getState()
  const { findMatches } = logStore.getState()
  if (findAbs === null || findMatches.count === 0) return -1
  const i = searchRow(findMatches.count, (k) => findMatches.matchAt(k)!, findAbs)
  return findMatches.matchAt(i) === findAbs ? i : -1
}

/**
 * Moves to the next (`1`, newer) or previous (`-1`, older) find match, wrapping around, and scrolls to it. With no
 * current match, next starts after the selected line (else at the oldest) and previous at the newest.
 */
export function findStep(direction: 1 | -1): void {
  const { findMatches, view, actions } = logStore.getState()
  const { count, matchAt } = findMatches
  if (count === 0) return
  let i = currentMatchIndex()
  if (i === -1) {
    const { selected } = viewState.getState()
    const selectedRow = selected === null ? -1 : view.rowOfSeq(selected)
    const selectedAbs = selectedRow >= 0 ? view.absAt(selectedRow) : undefined
    if (direction === -1) i = count - 1
    else if (selectedAbs === undefined) i = 0
    else i = searchRow(count, (k) => matchAt(k)!, selectedAbs + 1) % count
  } else {
    i = (i + direction + count) % count
  }
  const abs = matchAt(i)!
  const seq = view.lineAt(view.rowOfAbs(abs))?.seq
  viewActions.findMoved(abs)
  if (seq === undefined) return
  // Paused, not just scrolled: reaching the bottom must not snap back to live and carry the match away.
  actions.followChanged('paused')
  viewActions.scrollRequested(seq)
}

/** Selects and shows the next line at error level or worse after the selected line (wrapping). */
export function nextError(): void {
  const { view, actions } = logStore.getState()
  const { selected } = viewState.getState()
  const from = selected === null ? -1 : view.rowOfSeq(selected)
  for (let k = 1; k <= view.length; k++) {
    const line = view.lineAt((from + k + view.length) % view.length)
    if (line && (line.level === 'error' || line.level === 'fatal')) {
      actions.followChanged('paused')
      viewActions.lineClicked(line.seq, { extend: false })
      viewActions.scrollRequested(line.seq)
      return
    }
  }
  viewActions.noticed('No error lines in the view')
}
