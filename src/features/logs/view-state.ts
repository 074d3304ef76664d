import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'

/** How the user looks at the lines (not which lines): kept apart from the log store so a click costs no re-filter. */
export type ViewState = {
  timeZone: 'utc' | 'local'
  wrap: boolean
  theme: 'dark' | 'light'
  /** Selected line and the anchor of a shift-click range, by seq. */
  selected: number | null
  anchor: number | null
  /** Rows opened to show every line of a record or pretty JSON, by seq. */
  expanded: ReadonlySet<number>
  /** Absolute ring index of the current find match (stable while older lines are evicted), or null. */
  findAbs: number | null
  /** A row the list should scroll to once (permalink, find next, next error). */
  scrollTarget: { seq: number; align: 'center' | 'start' | 'end'; nonce: number } | null
  helpOpen: boolean
  /** Seq of the line under the pointer: only that row (and selected ones) carries the row actions and tooltips. */
  hovered: number | null
  /** A short confirmation ("Copied 12 lines") shown in the toolbar's status area. */
  notice: string | null
}

export const viewState = createStore<ViewState>()(() => ({
  timeZone: 'utc',
  wrap: false,
  theme: 'dark',
  selected: null,
  anchor: null,
  expanded: new Set<number>(),
  findAbs: null,
  scrollTarget: null,
  helpOpen: false,
  hovered: null,
  notice: null,
}))

let nonce = 0
let noticeTimer: ReturnType<typeof setTimeout> | undefined
export const viewActions = {
  /** A click selects one line; a shift-click extends the range from the last plain click. */
  lineClicked(seq: number, { extend }: { extend: boolean }): void {
    viewState.setState((s) => (extend && s.anchor !== null ? { selected: seq } : { selected: seq, anchor: seq }))
  },
  /** The pointer is over the row showing line `seq` (on enter, and on moves: a row's line changes under a still pointer). */
  rowPointed: (seq: number) => viewState.getState().hovered !== seq && viewState.setState({ hovered: seq }),
  /** The pointer left a row (for another row, which then points its own line, or out of the list). */
  rowLeft: () => viewState.getState().hovered !== null && viewState.setState({ hovered: null }),
  selectionCleared: () => viewState.setState({ selected: null, anchor: null }),
  expandToggled(seq: number): void {
    viewState.setState((s) => {
      const expanded = new Set(s.expanded)
      if (!expanded.delete(seq)) expanded.add(seq)
      return { expanded }
    })
  },
  scrollRequested: (seq: number, align: 'center' | 'start' | 'end' = 'center') => viewState.setState({ scrollTarget: { seq, align, nonce: ++nonce } }),
  findMoved: (findAbs: number | null) => viewState.setState({ findAbs }),
  timeZoneToggled: () => viewState.setState((s) => ({ timeZone: s.timeZone === 'utc' ? 'local' : 'utc' })),
  wrapToggled: () => viewState.setState((s) => ({ wrap: !s.wrap })),
  themeToggled: () => viewState.setState((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' })),
  helpToggled: (open?: boolean) => viewState.setState((s) => ({ helpOpen: open ?? !s.helpOpen })),
  noticed(notice: string | null): void {
    viewState.setState({ notice })
    clearTimeout(noticeTimer)
    if (notice !== null) noticeTimer = setTimeout(() => viewState.setState({ notice: null }), 4_000)
  },
}

/** The selected range as seqs `[from, to]`, or null. */
export function selectedRange(s: Pick<ViewState, 'selected' | 'anchor'>): [number, number] | null {
  if (s.selected === null) return null
  const anchor = s.anchor ?? s.selected
  return anchor <= s.selected ? [anchor, s.selected] : [s.selected, anchor]
}

export const useViewState = <T,>(select: (s: ViewState) => T) => useStore(viewState, select)
