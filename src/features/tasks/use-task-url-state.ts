import { useCallback, useEffect, useState } from 'react'
import { readTaskUrlState, writeTaskUrlState, type TaskUrlState } from './task-url'

/**
 * The table's sort, status chips, search and open task, initialised from the URL and mirrored back with
 * `history.replaceState` (no history entry per keystroke). The current URL is re-read on every write, so the log
 * viewer's parameters, written by its own hook, are kept.
 */
export function useTaskUrlState(): [TaskUrlState, (update: (state: TaskUrlState) => TaskUrlState) => void] {
  const [state, setState] = useState(() => readTaskUrlState(new URLSearchParams(window.location.search)))
  useEffect(() => {
    const { pathname, search, hash } = window.location
    const query = writeTaskUrlState(state, new URLSearchParams(search)).toString()
    const url = `${pathname}${query ? `?${query}` : ''}${hash}`
    if (url !== `${pathname}${search}${hash}`) window.history.replaceState(window.history.state, '', url)
  }, [state])
  const update = useCallback((fn: (s: TaskUrlState) => TaskUrlState) => setState(fn), [])
  return [state, update]
}
