import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react'
import { useVirtualizer, type VirtualItem } from 'react-window'
import { copyRows } from './clipboard'
import { FollowBar } from './follow-bar'
import { localZoneLabel } from './log-format'
import { LOG_ROW_HEIGHT, LogRow, type LogRowData } from './log-row'
import { logStore, useLogBufferSize, useLogFind, useLogFindMatches, useLogFollow, useLogView } from './log-store'
import { compileSearch } from './search-term'
import { rowHeightFor } from './row-height'
import { RowOffsets, scrollTopFor } from './row-offsets'
import { tailItems } from './tail-range'
import { useElementSize } from './use-element-size'
import { userIsScrolling, watchUserScroll } from './user-scroll'
import { selectedRange, useViewState, viewState } from './view-state'

type Align = 'center' | 'start' | 'end'
/** Rows of varying heights shown away from the tail: their tops, and the rows around the scroll offset. */
type MeasuredRows = { offsets: RowOffsets; items: VirtualItem[]; totalSize: number }
/** How the rows on screen are placed: see LogList. `measured` carries its offsets' epoch (heights of one meaning). */
type Placement = 'tail' | 'fixed' | `measured ${number}`
/** The row at the top of the viewport (by stable id) and how far into it the viewport starts, as a share of it. */
type Anchor = { generation: number; id: number; within: number }

const isNearBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight <= LOG_ROW_HEIGHT

type LogListProps = { onTaskClick?: (taskId: string, source: string) => void }

/**
 * The virtualised log lines. Follows the tail on every published version unless the user scrolled up or paused; then
 * it keeps the rows they read in place (even as old rows are evicted) and says what waits below.
 * Three placements of the rows:
 * - following: the tail's rows, known from the row count (`tailItems`), so a batch is rendered and laid out once
 *   instead of twice (old range, then new);
 * - away from the tail, one text line per row: react-window's virtualizer picks them;
 * - away from the tail, wrapped or expanded rows: their tops are kept from batch to batch (`RowOffsets`).
 * ⚠️ Its parent must give it a height (a flex column with `min-h-0`).
 */
export function LogList({ onTaskClick }: LogListProps) {
  const view = useLogView()
  const held = useLogBufferSize()
  const follow = useLogFollow()
  const find = useLogFind()
  const matches = useLogFindMatches()
  const { timeZone, wrap, selected, anchor, expanded, findAbs, scrollTarget, hovered } = useViewState((s) => s)
  const [element, setElement] = useState<HTMLDivElement | null>(null)
  const size = useElementSize(element, { width: 800, height: 0 })

  // Rows opened once and since evicted or filtered out must not keep the list off the fixed-height fast path. The same
  // rows give the same set: the row tops are rebuilt from scratch whenever it changes (see `measured`).
  const lastShownExpanded = useRef<ReadonlySet<number>>(expanded)
  const shownExpanded = useMemo(() => {
    const shown = [...expanded].filter((seq) => view.rowOfSeq(seq) >= 0)
    if (shown.length === expanded.size) return (lastShownExpanded.current = expanded)
    const last = lastShownExpanded.current
    if (shown.length === last.size && shown.every((seq) => last.has(seq))) return last
    return (lastShownExpanded.current = new Set(shown))
  }, [expanded, view])
  // The rows' heights: a number while every row is one text line, else a function of the row (row-height.ts).
  const rowHeight = useMemo(() => rowHeightFor({ view, wrap, expanded: shownExpanded, width: size.width }), [view, wrap, shownExpanded, size.width])
  // Following the tail, rows below the viewport are never needed; above it, a few soften fast scrolling.
  const overscan = follow === 'live' ? 4 : 10
  const tail = useMemo(
    () => (follow === 'live' ? tailItems(view.length, size.height, rowHeight, overscan, LOG_ROW_HEIGHT) : null),
    [follow, rowHeight, view.length, size.height, overscan],
  )
  // A filter change shows a screen of rows before it re-filters the rest: the store learns how many rows that is, the
  // overscan counted (with fewer, the first screen unmounts the rows above and the next update mounts them again).
  useEffect(() => {
    if (size.height > 0) logStore.getState().actions.screenMeasured(Math.ceil(size.height / LOG_ROW_HEIGHT) + overscan)
  }, [size.height, overscan])
  // Away from the tail, rows of varying heights are placed on tops kept from view to view (RowOffsets): a batch costs
  // the heights of its new rows, where react-window would re-measure every row up to the viewport.
  const offsetsRef = useRef<RowOffsets | null>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const measured = useMemo<MeasuredRows | null>(() => {
    if (tail || typeof rowHeight === 'number') return null
    const offsets = (offsetsRef.current ??= new RowOffsets())
    offsets.sync(view, [wrap, size.width, shownExpanded], rowHeight)
    return { offsets, items: offsets.itemsAt(view, scrollTop, size.height, overscan), totalSize: offsets.totalSize(view) }
  }, [tail, rowHeight, view, wrap, size.width, shownExpanded, scrollTop, size.height, overscan])
  // react-window picks the rows of fixed height away from the tail. Elsewhere its rows are not used, and it is given
  // none: with the view's count, every batch that grows the view (a buffer filling, for 20 s at 50k lines/s into 1M
  // lines) ran its layout effect, which reads the scroll offset, and its scroll listener, which rendered the list again.
  const virtualizer = useVirtualizer({ count: tail || measured ? 0 : view.length, element, itemSize: LOG_ROW_HEIGHT, overscanCount: overscan })
  const items = tail?.items ?? measured?.items ?? virtualizer.items
  const totalSize = tail?.totalSize ?? measured?.totalSize ?? virtualizer.totalSize
  const placement: Placement = tail ? 'tail' : measured ? `measured ${measured.offsets.epoch}` : 'fixed'

  // What the last layout effect placed, for the next one and for scroll events (their handler outlives renders).
  const previous = useRef({ generation: view.generation, offset: view.offset, placement, baseTop: 0 })
  const shown = useRef({ view, tail, measured })
  const topRow = useRef<Anchor | null>(null)
  const lastTop = useRef(0)
  // The layout effect reads the store, not the rendered value: a scroll can flip the mode between render and effect.
  const following = () => logStore.getState().follow === 'live'

  /** Scrolls to row `index` (clamped to the view); react-window's rows follow from the scroll event. */
  function scrollTo(el: HTMLElement, index: number, align: Align): void {
    if (view.length === 0) return
    const row = Math.max(0, Math.min(index, view.length - 1))
    const [top, height] = measured ? [measured.offsets.rowTop(view, row), measured.offsets.rowSize(view, row)] : [row * LOG_ROW_HEIGHT, LOG_ROW_HEIGHT]
    el.scrollTop = scrollTopFor(align, top, height, size.height)
  }

  /**
   * Puts the row that was at the top of the viewport back at the same place after its height or its neighbours'
   * changed meaning: the list left the tail (whose rows sit on an estimate of 20 px per row above them), wrap was
   * toggled, a row was expanded, the width changed. Nothing then jumps under the reader's eyes.
   */
  function restoreAnchor(el: HTMLElement): void {
    const a = topRow.current
    if (!a || a.generation !== view.generation) return
    const row = a.id - view.offset
    if (row >= view.length) return
    // Evicted meanwhile: the oldest row held is the nearest.
    if (row < 0) el.scrollTop = 0
    else if (measured) el.scrollTop = measured.offsets.rowTop(view, row) + a.within * measured.offsets.rowSize(view, row)
    else el.scrollTop = (row + a.within) * LOG_ROW_HEIGHT
  }

  useLayoutEffect(() => {
    const before = previous.current
    const baseTop = measured ? measured.offsets.topOf(view.offset) : 0
    previous.current = { generation: view.generation, offset: view.offset, placement, baseTop }
    shown.current = { view, tail, measured }
    const el = element
    if (!el) return
    const top = el.scrollTop
    const target = viewState.getState().scrollTarget
    const targetRow = target ? view.rowOfSeq(target.seq) : -1
    if (target && targetRow >= 0) {
      scrollTo(el, targetRow, target!.align)
      viewState.setState({ scrollTarget: null })
    } else if (following()) {
      // The browser clamps to the last row; with the tail's rows rendered, this is a scroll offset, not a re-layout.
      if (tail) el.scrollTop = el.scrollHeight
      else scrollTo(el, view.length - 1, 'end')
    } else if (before.generation === view.generation && before.placement === placement) {
      // Rows left at the front (evicted) or joined it (a re-filter): move by their height, so the rows on screen stay.
      el.scrollTop -= measured ? baseTop - before.baseTop : (view.offset - before.offset) * LOG_ROW_HEIGHT
    } else if (before.generation === view.generation) restoreAnchor(el)
    // Where the rows are, now: a pause before the next scroll event arrives must anchor on these rows.
    lastTop.current = el.scrollTop
    rememberAnchor(el)
    // react-window picks its rows on the next (async) scroll event, and the measured rows follow `scrollTop`: a
    // synchronous one renders them before paint, instead of one frame of blank rows whenever a batch moves the
    // viewport by more than the overscan. The tail's rows are already rendered.
    if (el.scrollTop !== top && !(tail && following())) el.dispatchEvent(new Event('scroll'))
    else if (measured && el.scrollTop !== scrollTop) setScrollTop(el.scrollTop)
    // `tail`, `measured` and `rowHeight` are read, not followed: they change with `view`, the size and
    // the scroll offset. Where the rows are placed is followed: leaving the tail (a pause) or a change of heights must
    // re-anchor the rows even when no new line came.
  }, [view, element, scrollTarget, size.height, size.width, placement])

  /** Notes the row at the top of the viewport, as the rows are placed now (see restoreAnchor). */
  function rememberAnchor(el: HTMLElement): void {
    const { view: v, tail: t, measured: m } = shown.current
    const y = el.scrollTop
    let row: number
    let rowTop: number
    let rowSize = LOG_ROW_HEIGHT
    if (t) {
      const item = t.items.find((it) => it.offset <= y && y < it.offset + it.size)
      if (!item) return void (topRow.current = null)
      ;({ index: row, offset: rowTop, size: rowSize } = item)
    } else if (m) {
      row = m.offsets.rowAt(v, y)
      rowTop = m.offsets.rowTop(v, row)
      rowSize = m.offsets.rowSize(v, row)
    } else {
      row = Math.floor(y / LOG_ROW_HEIGHT)
      rowTop = row * LOG_ROW_HEIGHT
    }
    // A share, not pixels: the row's own height may be what changed (wrap off: 100 px → 20 px).
    const within = rowSize > 0 ? Math.min(Math.max((y - rowTop) / rowSize, 0), 0.999) : 0
    topRow.current = v.length === 0 ? null : { generation: v.generation, id: v.offset + row, within }
  }

  // Only the user's move up leaves `live`. Being short of the bottom is not enough: when the list gets shorter (the
  // toolbar wraps, the window shrinks) a scroll event can arrive before the list has re-measured itself, and at 50k
  // lines/s that used to stop following for good while the ring evicted the rows under the viewport. Nor is a move up
  // while the user's hand is on no wheel, key or pointer: that one is the page's own (the resize journey saw one in
  // about one run of five).
  useEffect(() => watchUserScroll(), [])
  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => {
    const { follow: mode, actions } = logStore.getState()
    const el = event.currentTarget
    const movedUp = el.scrollTop < lastTop.current
    lastTop.current = el.scrollTop
    rememberAnchor(el)
    if (shown.current.measured) setScrollTop(el.scrollTop)
    const atBottom = isNearBottom(el)
    if (mode === 'live' && movedUp && !atBottom && userIsScrolling()) actions.followChanged('scrolled')
    else if (mode === 'scrolled' && atBottom && viewState.getState().scrollTarget === null) actions.followChanged('live')
  }, [])

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
  // One element per row, rebuilt only when the rows or what they show change: the virtualizer's own re-renders (its
  // scroll listener, while the tail's rows are shown) then cost React no row. The tail's rows are keyed by position:
  // while the buffer fills, each batch moves the tail past every row on screen, and keyed by index they would all be
  // unmounted and mounted again instead of updated (measured at 50k lines/s into a 1M buffer: main thread busy
  // 68–74 % → 63–66 %). Scrolled, index keys let the rows that stay on screen stay as they are.
  const rows = useMemo(
    () =>
      items.map(({ index, offset, size: height }) => (
        <LogRow
          key={tail ? `tail-${index - items[0]!.index}` : index}
          {...rowProps}
          index={index}
          ariaAttributes={{ 'aria-posinset': index + 1, 'aria-setsize': view.length, role: 'listitem' }}
          style={{ position: 'absolute', top: 0, left: 0, transform: `translateY(${offset}px)`, height, width: '100%' }}
        />
      )),
    [items, rowProps, view.length, tail],
  )

  return (
    <>
      <div aria-hidden className="flex gap-2 border-b border-zinc-800 px-2 py-0.5 font-mono text-[10px] uppercase tracking-wide text-zinc-500">
        <span className="w-[92px] shrink-0">Time ({timeZone === 'utc' ? 'UTC' : localZoneLabel()})</span>
        <span className="w-14 shrink-0 text-center">Level</span>
        <span className="w-32 shrink-0">Process</span>
        <span className="pl-6">Message</span>
      </div>
      <div className="relative min-h-0 flex-1">
        <div
          ref={setElement}
          role="list"
          aria-label="Log lines"
          aria-multiselectable
          className="font-mono text-xs"
          tabIndex={0}
          // Scroll anchoring would fight the manual offset correction while not following. The scrollbar's gutter is
          // kept while the rows fit: when it appeared with the flood's first screen of rows, every row was laid out
          // again at the new width, and the list re-rendered for its new size.
          style={{ position: 'absolute', inset: 0, overflowY: 'auto', overflowAnchor: 'none', contain: 'strict', scrollbarGutter: 'stable' }}
          onScroll={onScroll}
        >
          <div aria-hidden style={{ height: totalSize, width: '100%' }} />
          {rows}
        </div>
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
