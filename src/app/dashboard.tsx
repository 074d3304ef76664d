import { LogPanel } from '@/features/logs/log-panel'
import { TaskTable } from '@/features/tasks/task-table'
import { PanelErrorBoundary } from './error-boundary'

/** The only place that composes features: tasks on top, the live log below. */
export function Dashboard() {
  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-3 border-b border-zinc-800 px-4 py-2">
        <h1 className="text-base font-bold tracking-tight">Tailboard</h1>
        <span className="text-xs text-zinc-500">incident console</span>
      </header>
      <main className="grid min-h-0 flex-1 grid-rows-[minmax(10rem,38%)_1fr]">
        <PanelErrorBoundary name="tasks">
          <TaskTable />
        </PanelErrorBoundary>
        <div className="flex min-h-0 flex-col border-t border-zinc-700">
          <PanelErrorBoundary name="logs">
            <LogPanel />
          </PanelErrorBoundary>
        </div>
      </main>
    </div>
  )
}
