import { useCallback, useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react'
import { List, useListRef } from 'react-window'
import type { LogView } from './log-model'
import { LOG_ROW_HEIGHT, LogRow, type LogRowData } from './log-row'
import { useLogBufferSize, useLogView } from './log-store'

/** Where the user paused the tail: the stable id just past the last row at that moment. */
type Paused = { end: number }

const isNearBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight <= LOG_ROW_HEIGHT

const pauseAt = (view: LogView): Paused => ({ end: view.offset + view.length })

/**
 * The virtualised log lines. Follows the tail on every published version unless the user scrolled up; then it keeps
 * the rows they read in place (even as old rows are evicted) and offers a jump back to live.
 * ⚠️ Its parent must give it a height (a flex column with `min-h-0`).
 */
export function LogList() {
  const view = useLogView()
  const held = useLogBufferSize()
  const listRef = useListRef(null)
  const [paused, setPaused] = useState<Paused | null>(null)
  // The layout effect reads a ref: a store update can render before React has processed the scroll's state update.
  const pausedRef = useRef<Paused | null>(null)
  const previous = useRef({ generation: view.generation, offset: view.offset })

  useLayoutEffect(() => {
    const before = previous.current
    previous.current = { generation: view.generation, offset: view.offset }
    // A new filter rebuilds the view: the rows being read are gone, so go back to the tail.
    if (before.generation !== view.generation && pausedRef.current !== null) {
      pausedRef.current = null
      setPaused(null)
    }
    const el = listRef.current?.element
    if (!el) return
    const top = el.scrollTop
    if (pausedRef.current === null) {
      if (view.length > 0) listRef.current?.scrollToRow({ index: view.length - 1, align: 'end', behavior: 'instant' })
    } else {
      el.scrollTop -= (view.offset - before.offset) * LOG_ROW_HEIGHT
    }
    // react-window picks its rows on the next (async) scroll event; a synchronous one renders them before paint,
    // instead of one frame of blank rows whenever a batch moves the viewport by more than the overscan.
    if (el.scrollTop !== top) el.dispatchEvent(new Event('scroll'))
  }, [view, listRef])

  const onScroll = useCallback(
    (event: UIEvent<HTMLDivElement>) => {
      const atBottom = isNearBottom(event.currentTarget)
      if (atBottom === (pausedRef.current === null)) return
      pausedRef.current = atBottom ? null : pauseAt(view)
      setPaused(pausedRef.current)
    },
    [view],
  )

  const scrollToEnd = () => {
    if (view.length > 0) listRef.current?.scrollToRow({ index: view.length - 1, align: 'end', behavior: 'instant' })
  }
  const jumpToLive = () => {
    pausedRef.current = null
    setPaused(null)
    scrollToEnd()
  }

  const rowProps = useMemo<LogRowData>(() => ({ view }), [view])
  const newBelow = paused ? Math.max(0, view.offset + view.length - paused.end) : 0

  return (
    <>
      <div aria-hidden className="flex gap-2 border-b border-zinc-800 px-2 py-0.5 font-mono text-[10px] uppercase tracking-wide text-zinc-500">
        <span className="w-[92px] shrink-0">Time (UTC)</span>
        <span className="w-14 shrink-0 text-center">Level</span>
        <span className="w-32 shrink-0">Process</span>
        <span>Message</span>
      </div>
      <div className="relative min-h-0 flex-1">
        <List
          listRef={listRef}
          aria-label="Log lines"
          className="font-mono text-xs"
          tabIndex={0}
          // Scroll anchoring would fight the manual offset correction while paused.
          style={{ position: 'absolute', inset: 0, overflowAnchor: 'none' }}
          rowComponent={LogRow}
          rowCount={view.length}
          rowHeight={LOG_ROW_HEIGHT}
          rowProps={rowProps}
          overscanCount={10}
          onScroll={onScroll}
          onResize={() => pausedRef.current === null && scrollToEnd()}
        />
        {view.length === 0 && (
          <p className="pointer-events-none absolute inset-0 grid place-items-center text-sm text-zinc-500">
            {view.refiltering ? 'Filtering…' : held > 0 ? 'No lines match the filters' : 'No log lines yet'}
          </p>
        )}
        {paused && (
          <button
            type="button"
            onClick={jumpToLive}
            className="absolute bottom-3 right-5 rounded-full bg-sky-600 px-3 py-1 text-xs font-medium text-white shadow-lg hover:bg-sky-500 focus-visible:outline-2 focus-visible:outline-sky-300"
          >
            {newBelow > 0 ? `${newBelow.toLocaleString('en-US')} new lines below — ` : ''}Jump to live
          </button>
        )}
      </div>
    </>
  )
}
