import { useEffect } from 'react'
import { logStore, type LogStore } from './log-store'
import { readUrlState, writeUrlState } from './url-state'
import { viewActions, viewState } from './view-state'

function writeUrl(store: LogStore): void {
  const { filter, find, pausedAt } = store.getState()
  const { selected, timeZone, wrap, theme } = viewState.getState()
  const params = writeUrlState({ filter, find, pausedAt, line: selected, timeZone, wrap, theme }, new URLSearchParams(window.location.search))
  const query = params.toString()
  const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`
  // replaceState: no history entry per keystroke or click.
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', url)
}

/**
 * Keeps the whole view state in the URL so a copied link reproduces it: applies the URL on mount (a pause point or
 * a selected line opens paused there, once that line has arrived), then mirrors every change.
 */
export function useUrlState(store: LogStore = logStore): void {
  useEffect(() => {
    const initial = readUrlState(new URLSearchParams(window.location.search))
    const { actions } = store.getState()
    actions.filterChanged(initial.filter)
    if (initial.find.term) actions.findChanged(initial.find)
    viewState.setState({ timeZone: initial.timeZone, wrap: initial.wrap, theme: initial.theme })
    const target = initial.line ?? initial.pausedAt
    if (target !== null) {
      actions.followChanged('paused')
      store.setState({ pausedAt: initial.pausedAt ?? target })
      if (initial.line !== null) viewActions.lineClicked(initial.line, { extend: false })
      viewActions.scrollRequested(target, initial.line !== null ? 'center' : 'end')
    }
    writeUrl(store)
    const offStore = store.subscribe((s, prev) => {
      if (s.filter !== prev.filter || s.find !== prev.find || s.pausedAt !== prev.pausedAt) writeUrl(store)
    })
    const offView = viewState.subscribe((s, prev) => {
      if (s.selected !== prev.selected || s.timeZone !== prev.timeZone || s.wrap !== prev.wrap || s.theme !== prev.theme) writeUrl(store)
    })
    return () => {
      offStore()
      offView()
    }
  }, [store])
}
