import { useCallback, useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react'
import { List, useListRef, type ListImperativeAPI } from 'react-window'
import { copyRows } from './clipboard'
import { FollowBar } from './follow-bar'
import { localZoneLabel } from './log-format'
import { LOG_ROW_HEIGHT, LogRow, type LogRowData } from './log-row'
import { logStore, useLogBufferSize, useLogFind, useLogFindMatches, useLogFollow, useLogView } from './log-store'
import { compileSearch } from './search-term'
import { rowHeightFor } from './row-height'
import { selectedRange, useViewState, viewState } from './view-state'

/** Scrolls to `index`, clamped to the `rows` the list rendered. ⚠️ react-window throws on an index past its rowCount. */
function scrollToRow(list: ListImperativeAPI | null, index: number, rows: number, align: 'center' | 'start' | 'end'): void {
  if (!list || rows === 0) return
  list.scrollToRow({ index: Math.max(0, Math.min(index, rows - 1)), align, behavior: 'instant' })
}

const isNearBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight <= LOG_ROW_HEIGHT

type LogListProps = { onTaskClick?: (taskId: string, source: string) => void }

/**
 * The virtualised log lines. Follows the tail on every published version unless the user scrolled up or paused; then
 * it keeps the rows they read in place (even as old rows are evicted) and says what waits below.
 * ⚠️ Its parent must give it a height (a flex column with `min-h-0`).
 */
export function LogList({ onTaskClick }: LogListProps) {
  const view = useLogView()
  const held = useLogBufferSize()
  const follow = useLogFollow()
  const find = useLogFind()
  const matches = useLogFindMatches()
  const { timeZone, wrap, selected, anchor, expanded, findAbs, scrollTarget, hovered } = useViewState((s) => s)
  const listRef = useListRef(null)
  const [width, setWidth] = useState(800)
  const renderedRows = useRef(view.length)
  renderedRows.current = view.length
  const previous = useRef({ generation: view.generation, offset: view.offset })
  // The layout effect reads the store, not the rendered value: a scroll can flip the mode between render and effect.
  const following = () => logStore.getState().follow === 'live'

  useLayoutEffect(() => {
    const before = previous.current
    previous.current = { generation: view.generation, offset: view.offset }
    const el = listRef.current?.element
    if (!el) return
    const top = el.scrollTop
    const target = viewState.getState().scrollTarget
    const targetRow = target ? view.rowOfSeq(target.seq) : -1
    if (target && targetRow >= 0) {
      scrollToRow(listRef.current, targetRow, view.length, target!.align)
      viewState.setState({ scrollTarget: null })
    } else if (following()) {
      scrollToRow(listRef.current, view.length - 1, view.length, 'end')
    } else if (before.generation === view.generation) {
      el.scrollTop -= (view.offset - before.offset) * LOG_ROW_HEIGHT
    }
    // react-window picks its rows on the next (async) scroll event; a synchronous one renders them before paint,
    // instead of one frame of blank rows whenever a batch moves the viewport by more than the overscan.
    if (el.scrollTop !== top) el.dispatchEvent(new Event('scroll'))
  }, [view, listRef, scrollTarget])

  // Only a move up leaves `live`. Being short of the bottom is not enough: when the list gets shorter (the toolbar
  // wraps, the window shrinks) a scroll event can arrive before the list has re-measured itself, and at 50k lines/s
  // that used to stop following for good while the ring evicted the rows under the viewport.
  const lastTop = useRef(0)
  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => {
    const { follow: mode, actions } = logStore.getState()
    const el = event.currentTarget
    const movedUp = el.scrollTop < lastTop.current
    lastTop.current = el.scrollTop
    const atBottom = isNearBottom(el)
    if (mode === 'live' && movedUp && !atBottom) actions.followChanged('scrolled')
    else if (mode === 'scrolled' && atBottom && viewState.getState().scrollTarget === null) actions.followChanged('live')
  }, [])

  // react-window reports a resize from a layout effect that runs before its imperative handle learns the new row
  // count, so scrolling to the last row from there threw "Invalid index" (and took the panel down) when a resize and
  // new lines landed in one commit. The scroll waits for the next frame, when the handle and the rows agree.
  const onResize = useCallback(({ width }: { width: number }) => {
    setWidth(width)
    requestAnimationFrame(() => {
      // The rows the list last rendered, not this closure's: a resize can arrive after a newer render.
      const rows = renderedRows.current
      if (following()) scrollToRow(listRef.current, rows - 1, rows, 'end')
    })
  }, [listRef])

  const highlight = useMemo(() => compileSearch({ ...find, exclude: false }).highlight, [find])
  const [from, to] = selectedRange({ selected, anchor }) ?? [null, null]
  const current = findAbs === null || matches.count === 0 ? null : (view.lineAt(view.rowOfAbs(findAbs))?.seq ?? null)
  const rowProps = useMemo<LogRowData>(
    () => ({
      view, timeZone, wrap, expanded, highlight, current, hovered, onTaskClick,
      range: from === null || to === null ? null : [from, to],
      onCopyLine: (i) => void copyRows(view, i, i),
    }),
    [view, timeZone, wrap, from, to, expanded, highlight, current, hovered, onTaskClick],
  )
  // Rows opened once and since evicted or filtered out must not keep the list off the fixed-height fast path.
  const shownExpanded = useMemo(() => {
    const shown = [...expanded].filter((seq) => view.rowOfSeq(seq) >= 0)
    return shown.length === expanded.size ? expanded : new Set(shown)
  }, [expanded, view])
  const rowHeight = rowHeightFor({ view, wrap, expanded: shownExpanded, width })

  return (
    <>
      <div aria-hidden className="flex gap-2 border-b border-zinc-800 px-2 py-0.5 font-mono text-[10px] uppercase tracking-wide text-zinc-500">
        <span className="w-[92px] shrink-0">Time ({timeZone === 'utc' ? 'UTC' : localZoneLabel()})</span>
        <span className="w-14 shrink-0 text-center">Level</span>
        <span className="w-32 shrink-0">Process</span>
        <span className="pl-6">Message</span>
      </div>
      <div className="relative min-h-0 flex-1">
        <List
          listRef={listRef}
          aria-label="Log lines"
          aria-multiselectable
          className="font-mono text-xs"
          tabIndex={0}
          // Scroll anchoring would fight the manual offset correction while not following.
          style={{ position: 'absolute', inset: 0, overflowAnchor: 'none', contain: 'strict' }}
          rowComponent={LogRow}
          rowCount={view.length}
          rowHeight={rowHeight}
          rowProps={rowProps}
          // Following the tail, rows below the viewport are never needed; above it, a few soften fast scrolling.
          overscanCount={follow === 'live' ? 4 : 10}
          onScroll={onScroll}
          onResize={onResize}
        />
        {view.length === 0 && (
          <p className="pointer-events-none absolute inset-0 grid place-items-center text-sm text-zinc-500">
            {view.refiltering ? 'Filtering…' : held > 0 ? 'No lines match the filters' : 'No log lines yet'}
          </p>
        )}
        {follow !== 'live' && <FollowBar />}
      </div>
    </>
  )
}
