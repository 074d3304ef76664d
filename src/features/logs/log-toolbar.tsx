import { cn } from '@/lib/cn'
import { formatCount } from '@/lib/count'
import { ReservedWidth } from '@/lib/reserved-width'
import { useEffect, useId, useState } from 'react'
import type { Level } from '@server/protocol'
import { ConnectionStatus } from './connection-status'
import { ExportMenu } from './export-menu'
import { FindBar } from './find-bar'
import { togglePause } from './follow-actions'
import { LevelChips } from './level-chips'
import type { LogFilter } from './log-filter'
import { logStore, useLogActions, useLogBufferSize, useLogCapacity, useLogFilter, useLogFilterError, useLogFollow, useLogProcessCounts, useLogSourceCounts, useLogView } from './log-store'
import { NamePicker } from './name-picker'
import { SelectionBar } from './selection-bar'
import { StreamHealth } from './stream-health'
import { ViewOptions } from './view-options'
import { viewActions } from './view-state'

const MIN_LEVELS: Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal']
// Each keystroke would restart a full re-filter; wait for a pause in typing.
const SEARCH_DEBOUNCE_MS = 200

const TOGGLE = 'rounded border px-1.5 py-1 font-mono text-xs'

/**
 * Above the log list: filters (source, process, level, search with regex/case/exclude), the match count, the
 * connection state, downloads and stream health; below them levels, find, pause, selection actions and view options.
 * The counts keep the width of their largest value (ReservedWidth): at 1,400 px the rows then fit from the first line
 * to a full buffer, where they used to wrap onto a third row as a flood began.
 */
export function LogToolbar() {
  const filter = useLogFilter()
  const filterError = useLogFilterError()
  const follow = useLogFollow()
  const { filterChanged, cleared } = useLogActions()
  const errorId = useId()
  const { term, regex, caseSensitive, exclude } = filter.search
  // The input shows what is typed; the store gets it after the debounce. A term changed elsewhere (URL) wins.
  const [draft, setDraft] = useState(term)
  const [seenTerm, setSeenTerm] = useState(term)
  if (term !== seenTerm) {
    setSeenTerm(term)
    setDraft(term)
  }

  // Reads the latest filter at dispatch time so a debounced search never undoes a newer change.
  const update = (patch: (f: LogFilter) => LogFilter) => filterChanged(patch(logStore.getState().filter))
  const setSearch = (search: Partial<LogFilter['search']>) =>
    update((f) => ({ ...f, search: { ...f.search, term: draft, ...search } }))

  useEffect(() => {
    if (draft === logStore.getState().filter.search.term) return
    const timer = setTimeout(() => update((f) => ({ ...f, search: { ...f.search, term: draft } })), SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
    // Only the draft re-arms the timer: `update` reads the store when it fires.
  }, [draft])

  return (
    <div className="border-b border-zinc-800 text-xs">
      <div className="flex flex-wrap items-center gap-2 px-3 py-1.5">
        <SourceFilter selected={filter.sources} onChange={(sources) => update((f) => ({ ...f, sources }))} />
        <ProcessFilter selected={filter.processes} onChange={(processes) => update((f) => ({ ...f, processes }))} />
        {filter.taskId !== null && (
          <button type="button" onClick={() => update((f) => ({ ...f, taskId: null }))} aria-label={`Stop showing only task ${filter.taskId}`}
            className="rounded border border-sky-600 px-2 py-1 text-sky-300">Task {filter.taskId} ✕</button>
        )}
        <select
          aria-label="Minimum level"
          value={filter.minLevel ?? ''}
          onChange={(e) => update((f) => ({ ...f, minLevel: (e.target.value || null) as Level | null }))}
          className="rounded border border-zinc-700 bg-zinc-900 px-1.5 py-1"
        >
          <option value="">all levels</option>
          {MIN_LEVELS.map((level) => (
            <option key={level} value={level}>
              {level}+
            </option>
          ))}
        </select>
        <input
          type="search"
          aria-label="Search logs"
          aria-invalid={filterError !== null}
          aria-describedby={filterError !== null ? errorId : undefined}
          placeholder={regex ? 'Search (regex)' : 'Search'}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && setSearch({})}
          className={cn('w-56 rounded border bg-zinc-900 px-2 py-1', filterError ? 'border-red-500' : 'border-zinc-700')}
        />
        <button type="button" aria-pressed={regex} title="Regex" onClick={() => setSearch({ regex: !regex })} className={cn(TOGGLE, regex ? 'border-sky-500 text-sky-300' : 'border-zinc-700 text-zinc-400')}>
          Regex
        </button>
        <button type="button" aria-pressed={caseSensitive} title="Match case" onClick={() => setSearch({ caseSensitive: !caseSensitive })} className={cn(TOGGLE, caseSensitive ? 'border-sky-500 text-sky-300' : 'border-zinc-700 text-zinc-400')}>
          Match case
        </button>
        <button type="button" aria-pressed={exclude} title="Show lines that do NOT match" onClick={() => setSearch({ exclude: !exclude })} className={cn(TOGGLE, exclude ? 'border-sky-500 text-sky-300' : 'border-zinc-700 text-zinc-400')}>
          Exclude
        </button>
        {filterError !== null && (
          <span id={errorId} role="alert" className="text-red-400">
            Invalid regex: {filterError}
          </span>
        )}
        <MatchCount />
        <button type="button" onClick={cleared} className="rounded border border-zinc-700 px-2 py-1 text-zinc-300 hover:border-zinc-500">
          Clear
        </button>
        <ConnectionStatus />
        <ExportMenu />
        <StreamHealth />
        <button type="button" aria-label="Keyboard shortcuts" onClick={() => viewActions.helpToggled(true)} className="rounded border border-zinc-700 px-2 py-1">?</button>
      </div>
      <div className="flex flex-wrap items-center gap-2 px-3 pb-1.5">
        <LevelChips />
        <FindBar />
        <button type="button" aria-pressed={follow === 'paused'} onClick={togglePause} title="Pause / resume (Space)"
          className={cn('rounded border px-2 py-1', follow === 'paused' ? 'border-amber-500 text-amber-300' : 'border-zinc-700')}>
          {/* One width for both words: the toggle re-wrapped the toolbar, and the list under it moved. */}
          <ReservedWidth widest="Resume" align="center">{follow === 'paused' ? 'Resume' : 'Pause'}</ReservedWidth>
        </button>
        <SelectionBar />
        <span className="ml-auto" />
        <ViewOptions />
      </div>
    </div>
  )
}

/** "N of M lines": its own component, since it changes every frame while lines stream in. */
function MatchCount() {
  const view = useLogView()
  const held = useLogBufferSize()
  const full = formatCount(useLogCapacity())
  return (
    <span className="ml-auto whitespace-nowrap tabular-nums text-zinc-400">
      <ReservedWidth widest={`${full} of ${full} lines`} align="end">
        {formatCount(view.lineCount)} of {formatCount(held)} lines{view.refiltering ? ' (filtering…)' : ''}
      </ReservedWidth>
    </span>
  )
}

type PickerProps = { selected: string[]; onChange: (selected: string[]) => void }

// The counts change four times a second: only these pickers follow them, not the whole toolbar.
function ProcessFilter(props: PickerProps) {
  return <NamePicker label="Process" counts={useLogProcessCounts()} {...props} />
}

/** Shown once lines from a second source arrive (or a source filter is set, e.g. from a link). */
function SourceFilter(props: PickerProps) {
  const counts = useLogSourceCounts()
  if (Object.keys(counts).length < 2 && props.selected.length === 0) return null
  return <NamePicker label="Source" counts={counts} {...props} />
}
