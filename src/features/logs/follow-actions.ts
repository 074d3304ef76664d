import { logStore } from './log-store'
import { viewActions } from './view-state'

/** Stops following: nothing is lost, the list just stops moving and counts what arrives below. */
export const pause = () => logStore.getState().actions.followChanged('paused')

export const jumpToLive = () => logStore.getState().actions.followChanged('live')

/**
 * Continues from the pause point: the first line that arrived after it goes to the top of the list, and following
 * resumes once the user reaches the bottom. With nothing new, it is the same as jumping to live.
 */
export function resume(): void {
  const { since, view, actions } = logStore.getState()
  const row = since ? view.rowOfAbs(since.mark + 1) : view.length
  const seq = view.lineAt(row)?.seq
  if (seq === undefined) return jumpToLive()
  actions.followChanged('scrolled')
  viewActions.scrollRequested(seq, 'start')
}

export const togglePause = () => (logStore.getState().follow === 'paused' ? resume() : pause())
