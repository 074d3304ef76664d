import { useQuery } from '@tanstack/react-query'
import { useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { List, useListRef } from 'react-window'
import type { CancelResult, Task, TaskRef } from '@server/protocol'
import { cn } from '@/lib/cn'
import { formatCount } from '@/lib/count'
import { BulkBar } from './bulk-bar'
import { taskKey } from './cancel-attempts'
import { CancelDialog } from './cancel-dialog'
import { useToday } from './clock'
import { TASK_LIST_LIMIT } from './task-api'
import { TaskDrawer } from './task-drawer'
import { TaskFreshness } from './task-freshness'
import { TaskHeader } from './task-header'
import { selectSourceErrors, selectTasks, taskQueries } from './task-queries'
import { TASK_ROW_HEIGHT, TaskRow, taskRowKey, type TaskRowActions, type TaskRowProps } from './task-row'
import { clickRow, EMPTY_SELECTION, keepFailed, selectAll, splitSelection } from './task-selection'
import { TaskToolbar } from './task-toolbar'
import { createTaskViewSelector } from './task-view'
import { useCancelAttempts, useCancelTasks } from './use-cancel-task'
import { useFailureBadge } from './use-failure-badge'
import { useTaskUrlState } from './use-task-url-state'

export type TaskTableProps = {
  /** The drawer's "Show logs": the dashboard filters the log viewer to this task. Without it the button is hidden. */
  onShowLogs?: (task: TaskRef) => void
  /** A task to scroll to, highlight and open (e.g. from a log line). Pass a new object to focus the same task again. */
  focusedTask?: TaskRef | null
}

type DialogState = { tasks: Task[]; leftOut: number; mode: 'cancel' | 'force'; bulk: boolean }
const NO_TASKS: Task[] = []
const NO_KEYS: ReadonlyMap<string, Task> = new Map()
const toRef = (t: TaskRef): TaskRef => ({ source: t.source, id: t.id })

/**
 * The task table: polled, virtualized, sorted and filtered client-side (state in the URL), with verified single and
 * bulk cancel, a detail drawer and the failure badge in the tab title. Stale data stays on screen, marked.
 */
export function TaskTable({ onShowLogs, focusedTask = null }: TaskTableProps) {
  const query = useQuery({ ...taskQueries.list({ limit: TASK_LIST_LIMIT }), select: selectTasks })
  // A second observer of the same query (no extra request): sources the gateway could not read this poll.
  const { data: sourceErrors } = useQuery({ ...taskQueries.list({ limit: TASK_LIST_LIMIT }), select: selectSourceErrors })
  const tasks = query.data ?? NO_TASKS
  const [url, setUrl] = useTaskUrlState()
  const q = useDeferredValue(url.q)
  // Only a sort by duration depends on the time of the poll; any other sort is redone only when the tasks changed
  // (shared between polls), so an unchanged poll re-derives nothing.
  const asOf = url.sort.key === 'duration' ? query.dataUpdatedAt : 0
  const [selectTaskView] = useState(createTaskViewSelector)
  const view = useMemo(() => selectTaskView(tasks, { statuses: url.statuses, q }, url.sort, asOf), [selectTaskView, tasks, url.statuses, q, url.sort, asOf])
  const attempts = useCancelAttempts()
  const cancel = useCancelTasks()
  // Not the clock: a tick re-renders only the cells that show time passing, never the table.
  const today = useToday()
  useFailureBadge(query.data)
  const [selection, setSelection] = useState(EMPTY_SELECTION)
  const openKey = url.task ? taskKey(url.task) : null
  // Only a selection or an open drawer looks tasks up by key: a poll need not index 10,000 tasks otherwise.
  const lookups = selection.keys.size > 0 || openKey !== null
  const byKey = useMemo(() => (lookups ? new Map(tasks.map((t) => [taskKey(t), t])) : NO_KEYS), [tasks, lookups])
  const [dialog, setDialog] = useState<DialogState | null>(null)
  const [results, setResults] = useState<CancelResult[] | null>(null)
  const listRef = useListRef(null)

  // Row callbacks read the rows through a ref, so `actions` never changes and rows re-render only for their data.
  const rowsRef = useRef(view.rows)
  useLayoutEffect(() => void (rowsRef.current = view.rows))
  const actions = useMemo<TaskRowActions>(() => ({
    select: (index, opts) => setSelection((s) => clickRow(s, rowsRef.current, index, opts)),
    open: (task) => setUrl((s) => ({ ...s, task: toRef(task) })),
    cancel: (task) => setDialog({ tasks: [task], leftOut: 0, mode: 'cancel', bulk: false }),
    force: (task) => setDialog({ tasks: [task], leftOut: 0, mode: 'force', bulk: false }),
  }), [setUrl])

  // A task focused from outside: open it, clear filters that hide it, and scroll once it is among the rows.
  const scrollTarget = useRef<string | null>(null)
  useEffect(() => {
    if (!focusedTask) return
    const key = taskKey(focusedTask)
    scrollTarget.current = key
    const hidden = !rowsRef.current.some((t) => taskKey(t) === key)
    setUrl((s) => (hidden ? { ...s, statuses: [], q: '', task: toRef(focusedTask) } : { ...s, task: toRef(focusedTask) }))
  }, [focusedTask, setUrl])
  useEffect(() => {
    const index = scrollTarget.current === null ? -1 : view.rows.findIndex((t) => taskKey(t) === scrollTarget.current)
    if (index < 0) return
    listRef.current?.scrollToRow({ index, align: 'smart', behavior: 'instant' })
    scrollTarget.current = null
  }, [view.rows, focusedTask, listRef])

  const split = useMemo(() => splitSelection(selection.keys, byKey), [selection.keys, byKey])
  const rowProps = useMemo<TaskRowProps>(() => ({ rows: view.rows, today, attempts, selected: selection.keys, highlighted: openKey, actions }),
    [view.rows, today, attempts, selection.keys, openKey, actions])
  const allSelected = view.rows.length > 0 && view.rows.every((t) => selection.keys.has(taskKey(t)))

  const confirm = (reason: string) => {
    if (!dialog) return
    const refs = dialog.tasks.map(toRef)
    const variables = { tasks: refs, force: dialog.mode === 'force' || undefined, reason: reason || undefined }
    cancel.mutate(variables, dialog.bulk ? {
      onSuccess: (answer) => (setResults(answer), setSelection(keepFailed(answer))),
      onError: (err) => setResults(refs.map((r) => ({ ...r, outcome: 'failed', error: err.message }))),
    } : undefined)
    setDialog(null)
  }

  return (
    <section aria-label="Tasks" className="flex h-full min-h-0 flex-col">
      <header className="flex items-center gap-3 border-b border-zinc-800 px-3 py-1.5 text-sm">
        <h2 className="font-semibold">Tasks</h2>
        <span className="text-zinc-400">{formatCount(view.rows.length)} of {formatCount(tasks.length)} shown</span>
        <TaskFreshness updatedAt={query.dataUpdatedAt} error={query.error ?? query.failureReason} sourceErrors={sourceErrors} />
      </header>
      <TaskToolbar counts={view.counts} statuses={url.statuses} q={url.q}
        onStatusesChange={(statuses) => setUrl((s) => ({ ...s, statuses }))} onSearch={(text) => setUrl((s) => ({ ...s, q: text }))} />
      <BulkBar selected={selection.keys.size} cancellable={split.cancellable.length} leftOut={split.leftOut} matching={view.rows.length}
        onSelectAll={() => setSelection((s) => selectAll(s, view.rows))} onClear={() => setSelection(EMPTY_SELECTION)}
        onCancel={() => setDialog({ tasks: split.cancellable, leftOut: split.leftOut, mode: 'cancel', bulk: true })}
        results={results} onDismissResults={() => setResults(null)} />
      <div className="relative flex min-h-0 flex-1">
        <div className="flex min-h-0 min-w-0 flex-1 overflow-x-auto">
          <div role="table" aria-label="Task list" aria-rowcount={view.rows.length + 1} data-stale={query.isError || undefined}
            className={cn('flex min-h-0 min-w-[78rem] flex-1 flex-col', query.isError && 'opacity-70')}>
            <TaskHeader sort={url.sort} onSort={(sort) => setUrl((s) => ({ ...s, sort }))} allSelected={allSelected}
              onSelectAll={() => setSelection((s) => selectAll(s, view.rows))} onClearSelection={() => setSelection(EMPTY_SELECTION)} />
            <div className="min-h-0 flex-1">
              {view.rows.length === 0 ? (
                <p className="p-4 text-sm text-zinc-500">{query.isPending ? 'Loading tasks…' : tasks.length === 0 ? 'No tasks yet.' : 'No tasks match the filter.'}</p>
              ) : (
                <List listRef={listRef} rowComponent={TaskRow} rowCount={view.rows.length} rowHeight={TASK_ROW_HEIGHT} rowProps={rowProps} rowKey={taskRowKey}
                  defaultHeight={TASK_ROW_HEIGHT * 12} className="h-full" />
              )}
            </div>
          </div>
        </div>
        {url.task && (
          <div className="absolute inset-y-0 right-0 flex shadow-2xl shadow-black">
            <TaskDrawer key={openKey} taskRef={url.task} summary={openKey ? byKey.get(openKey) : undefined}
              onClose={() => setUrl((s) => ({ ...s, task: null }))} onShowLogs={onShowLogs} />
          </div>
        )}
      </div>
      {dialog && <CancelDialog tasks={dialog.tasks} leftOut={dialog.leftOut} mode={dialog.mode} onConfirm={confirm} onClose={() => setDialog(null)} />}
    </section>
  )
}
