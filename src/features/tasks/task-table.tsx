import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { List } from 'react-window'
import type { Task } from '@server/protocol'
import { CancelDialog } from './cancel-dialog'
import { taskQueries } from './task-queries'
import { TASK_GRID, TASK_ROW_HEIGHT, TaskRow, type TaskRowProps } from './task-row'
import { useCancelOutcomes, useCancelTasks, useCancellingTaskKeys } from './use-cancel-task'
import { useNow } from './use-now'

const HEADERS = ['Status', 'Name', 'ID', 'Created', 'Duration', 'Failure', '']

/** Polled task list with per-row cancel. Stale data stays on screen, marked, when the gateway cannot be reached. */
export function TaskTable() {
  const query = useQuery(taskQueries.list())
  const cancel = useCancelTasks()
  const cancellingKeys = useCancellingTaskKeys()
  const outcomes = useCancelOutcomes()
  const now = useNow()
  const [confirming, setConfirming] = useState<Task | null>(null)
  const cancelling = new Set(cancellingKeys)
  const tasks = query.data?.tasks ?? []
  const rowProps: TaskRowProps = { tasks, now, cancelling, outcomes, onCancel: setConfirming }
  const updatedAgo = query.dataUpdatedAt ? Math.max(0, Math.round((now - query.dataUpdatedAt) / 1000)) : null

  return (
    <section aria-label="Tasks" className="flex h-full min-h-0 flex-col">
      <header className="flex items-center gap-3 border-b border-zinc-800 px-3 py-2 text-sm">
        <h2 className="font-semibold">Tasks</h2>
        <span className="text-zinc-400">{tasks.length} shown</span>
        <span className="ml-auto text-xs text-zinc-500" aria-live="polite">
          {query.isError ? (
            <span role="alert" className="text-red-300">{query.data ? 'Stale: ' : ''}{query.error.message} (retrying)</span>
          ) : updatedAgo !== null ? `Updated ${updatedAgo}s ago` : 'Loading…'}
        </span>
      </header>
      <div role="table" aria-label="Task list" aria-rowcount={tasks.length} className="flex min-h-0 flex-1 flex-col">
        <div role="row" className={`${TASK_GRID} border-b border-zinc-700 py-1 text-xs uppercase tracking-wide text-zinc-500`}>
          {HEADERS.map((h, i) => <div role="columnheader" key={i}>{h}</div>)}
        </div>
        <div className="min-h-0 flex-1">
          {tasks.length === 0 && !query.isPending ? (
            <p className="p-4 text-sm text-zinc-500">No tasks yet.</p>
          ) : (
            <List rowComponent={TaskRow} rowCount={tasks.length} rowHeight={TASK_ROW_HEIGHT} rowProps={rowProps} className="h-full" />
          )}
        </div>
      </div>
      {confirming && (
        <CancelDialog task={confirming} onClose={() => setConfirming(null)}
          onConfirm={() => {
            cancel.mutate({ tasks: [{ source: confirming.source, id: confirming.id }] })
            setConfirming(null)
          }} />
      )}
    </section>
  )
}
