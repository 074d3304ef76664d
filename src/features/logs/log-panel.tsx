import { LogList } from './log-list'
import { LogToolbar } from './log-toolbar'
import { useLogStream } from './use-log-stream'
import { useUrlFilterSync } from './use-url-filter'

/**
 * The live log viewer: toolbar above a virtualised list. Starts the log stream and the URL filter sync while mounted.
 * ⚠️ Render it once, inside a container that gives it a height (e.g. a flex column with `min-h-0`).
 */
export function LogPanel() {
  useLogStream()
  useUrlFilterSync()
  return (
    <section aria-label="Logs" className="flex h-full min-h-0 flex-1 flex-col bg-zinc-950 text-zinc-200">
      <LogToolbar />
      <LogList />
    </section>
  )
}
