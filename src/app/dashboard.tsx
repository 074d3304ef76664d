import { useCallback, useState } from 'react'
import type { TaskRef } from '@server/protocol'
import { showTaskLogs } from '@/features/logs/log-commands'
import { LogPanel } from '@/features/logs/log-panel'
import { TaskTable } from '@/features/tasks/task-table'
import { PanelErrorBoundary } from './error-boundary'

/** The only place that composes features: tasks on top, the live log below, linked both ways. */
export function Dashboard() {
  const [focusedTask, setFocusedTask] = useState<TaskRef | null>(null)
  // A new object per click, so clicking the same task's link again focuses it again.
  const onTaskClick = useCallback((id: string, source: string) => setFocusedTask({ source, id }), [])
  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-3 border-b border-zinc-800 px-4 py-2">
        <h1 className="text-base font-bold tracking-tight">Tailboard</h1>
        <span className="text-xs text-zinc-500">incident console</span>
      </header>
      {/* One column as wide as the window: the task table's minimum width (it scrolls sideways itself) must not
          widen the page, and the log list with it, past the window. */}
      <main className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)] grid-rows-[minmax(12rem,42%)_1fr]">
        <PanelErrorBoundary name="tasks">
          <TaskTable onShowLogs={showTaskLogs} focusedTask={focusedTask} />
        </PanelErrorBoundary>
        <div className="flex min-h-0 flex-col border-t border-zinc-700">
          <PanelErrorBoundary name="logs">
            <LogPanel onTaskClick={onTaskClick} />
          </PanelErrorBoundary>
        </div>
      </main>
    </div>
  )
}
