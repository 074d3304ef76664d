import { useEffect } from 'react'
import { copySeqRange } from './clipboard'
import { findStep, nextError } from './find-actions'
import { jumpToLive, togglePause } from './follow-actions'
import { logStore } from './log-store'
import { selectedRange, viewActions, viewState } from './view-state'

/** The keys, as the help dialog lists them. */
export const LOG_KEYS: Array<[string, string]> = [
  ['/', 'Find in logs'],
  ['n / N', 'Next / previous find match'],
  ['Space', 'Pause / resume'],
  ['f', 'Follow: jump to the newest line'],
  ['g / G', 'Top / bottom'],
  ['e', 'Next error'],
  ['Shift+click', 'Select a range of lines'],
  ['Ctrl/⌘+C', 'Copy the selected lines'],
  ['Esc', 'Clear the selection, close dialogs'],
  ['?', 'Show these keys'],
]

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))

function top(): void {
  const { view, actions } = logStore.getState()
  const seq = view.lineAt(0)?.seq ?? view.lineAt(1)?.seq
  if (seq === undefined) return
  actions.followChanged('paused')
  viewActions.scrollRequested(seq, 'start')
}

/** Keyboard-first incident work: one window listener, inactive while the user types in a field. */
export function useLogKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        viewActions.selectionCleared()
        viewActions.helpToggled(false)
        return
      }
      if ((e.ctrlKey || e.metaKey) && e.key === 'c') {
        const range = selectedRange(viewState.getState())
        // A real DOM text selection wins: the user may be copying part of one line.
        if (!range || (window.getSelection()?.toString() ?? '') !== '' || typing(e.target)) return
        e.preventDefault()
        void copySeqRange(logStore.getState().view, range)
        return
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return
      const actions: Record<string, () => void> = {
        '/': () => document.querySelector<HTMLInputElement>('[data-find-input]')?.focus(),
        ' ': togglePause,
        f: jumpToLive,
        n: () => findStep(1),
        N: () => findStep(-1),
        g: top,
        G: jumpToLive,
        e: nextError,
        '?': () => viewActions.helpToggled(),
      }
      const action = actions[e.key]
      if (!action) return
      // Space would scroll the page or press the focused button; `/` would type into nothing.
      e.preventDefault()
      action()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
