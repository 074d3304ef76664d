import { KeysHelp } from './keys-help'
import { LogList } from './log-list'
import { LogToolbar } from './log-toolbar'
import { useLogKeys } from './use-log-keys'
import { useLogStream } from './use-log-stream'
import { useUrlState } from './use-url-state'

type LogPanelProps = {
  /** Called when the user follows a log line's task link (the app selects the task's row). */
  onTaskClick?: (taskId: string, source: string) => void
}

/**
 * The live log viewer: toolbar above a virtualised list. Starts the log stream and the URL filter sync while mounted.
 * ⚠️ Render it once, inside a container that gives it a height (e.g. a flex column with `min-h-0`).
 */
export function LogPanel({ onTaskClick }: LogPanelProps) {
  useLogStream()
  useUrlState()
  useLogKeys()
  return (
    <section aria-label="Logs" className="flex h-full min-h-0 flex-1 flex-col bg-zinc-950 text-zinc-200">
      <LogToolbar />
      <LogList onTaskClick={onTaskClick} />
      <KeysHelp />
    </section>
  )
}
