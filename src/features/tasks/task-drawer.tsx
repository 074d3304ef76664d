import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { Task, TaskDetail, TaskRef } from '@server/protocol'
import { useClock } from './clock'
import { durationText } from './task-duration'
import { taskQueries } from './task-queries'
import { TaskStatusBadge } from './task-status-badge'

type TaskDrawerProps = {
  taskRef: TaskRef
  /** The polled row, shown at once while the detail loads (and kept if the detail fails). */
  summary: Task | undefined
  onClose: () => void
  onShowLogs?: (task: TaskRef) => void
}

type Field = [label: string, value: string | number | null | undefined]

function fields(t: Task & Partial<TaskDetail>, now: number): Field[] {
  return [
    ['Source', t.source], ['ID', t.id], ['Name', t.name], ['Status', t.status], ['Created', t.createdAt], ['Started', t.startedAt],
    ['Ended', t.endedAt], ['Duration', durationText(t, now)], ['Attempt', t.attempt], ['Container', t.containerId],
    ['Failure reason', t.failureReason], ['Cancel requested', t.cancelRequestedAt], ['Cancel reason', t.cancelReason],
    ['PID', t.pid], ['Exit code', t.exitCode], ['Signal', t.signal], ['Command', t.command?.join(' ')],
  ]
}

const json = (value: unknown) => JSON.stringify(value, null, 2)

/** Every field of one task, its decoded config, outputs and stats where the source has them, and "Show logs". */
export function TaskDrawer({ taskRef, summary, onClose, onShowLogs }: TaskDrawerProps) {
  const now = useClock()
  const detail = useQuery(taskQueries.detail(taskRef))
  const task = detail.data ?? summary
  return (
    <aside aria-label="Task detail" className="flex w-[26rem] shrink-0 flex-col overflow-auto border-l border-zinc-700 bg-zinc-900/60 p-3 text-sm"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="flex items-center gap-2">
        <h3 className="truncate font-semibold">{task?.name ?? taskRef.id}</h3>
        {task && <TaskStatusBadge status={task.status} />}
        <button type="button" onClick={onClose} aria-label="Close task detail" className="ml-auto rounded px-1.5 text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100">✕</button>
      </div>
      {onShowLogs && (
        <button type="button" onClick={() => onShowLogs(taskRef)} className="mt-2 self-start rounded border border-sky-700 px-2 py-0.5 text-xs text-sky-200 hover:bg-sky-900/50">
          Show logs
        </button>
      )}
      {detail.isError && (
        <p role="alert" className="mt-2 text-xs text-red-300">
          {detail.error.message}{summary ? ' (showing the last polled fields)' : ''}
        </p>
      )}
      {task && (
        <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-x-2 gap-y-1 text-xs">
          {fields(task, now).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-zinc-500">{label}</dt>
              <dd className="break-all font-mono text-zinc-200">{String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {detail.data?.config !== undefined && <Section title="Config"><pre className="whitespace-pre-wrap break-all">{json(detail.data.config)}</pre></Section>}
      {detail.data?.outputs && detail.data.outputs.length > 0 && (
        <Section title="Outputs">
          <ul>{detail.data.outputs.map((o) => <li key={o.name}>{o.url ? <a href={o.url} target="_blank" rel="noreferrer" className="text-sky-300 underline">{o.name}</a> : o.name}</li>)}</ul>
        </Section>
      )}
      {detail.data?.stats && <Section title="Stats"><pre className="whitespace-pre-wrap break-all">{json(detail.data.stats)}</pre></Section>}
    </aside>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="mt-3">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h4>
      <div className="mt-1 rounded bg-zinc-950 p-2 font-mono text-[11px] text-zinc-300">{children}</div>
    </section>
  )
}
