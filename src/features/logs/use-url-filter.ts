import { useEffect } from 'react'
import { filterFromSearchParams, filterToSearchParams } from './log-filter'
import { logStore, type LogStore } from './log-store'

/**
 * Keeps the log filter in the URL (`?proc=&level=&q=&re=&case=`): applies the URL's filter on mount, then mirrors
 * every change with `history.replaceState` (no history entry per keystroke). Other query parameters are kept.
 */
export function useUrlFilterSync(store: LogStore = logStore): void {
  useEffect(() => {
    store.getState().actions.filterChanged(filterFromSearchParams(new URLSearchParams(window.location.search)))
    return store.subscribe((state, prev) => {
      if (state.filter === prev.filter) return
      const params = filterToSearchParams(state.filter, new URLSearchParams(window.location.search))
      const query = params.toString()
      const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`
      if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
        window.history.replaceState(window.history.state, '', url)
      }
    })
  }, [store])
}
