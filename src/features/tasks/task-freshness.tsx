import { useClock } from './clock'

type TaskFreshnessProps = {
  /** When the shown data was fetched (0 before the first answer). */
  updatedAt: number
  /** The latest poll's error while it is being retried or after retries gave up; the data on screen is then stale. */
  error: Error | null
  /** Sources the gateway could not read on the latest poll (the others' tasks are shown). */
  sourceErrors?: ReadonlyArray<{ source: string; message: string }>
}

/** "Updated N s ago", always; when polls fail, says the data is stale, why, and that polling goes on. */
export function TaskFreshness({ updatedAt, error, sourceErrors = [] }: TaskFreshnessProps) {
  const now = useClock()
  const ago = updatedAt ? `Updated ${Math.max(0, Math.round((now - updatedAt) / 1000))}s ago` : 'Loading…'
  return (
    // Not a live region: "Updated N s ago" changes every second and a screen reader would read it out each time. The
    // failures are alerts, which are read out once when they appear.
    <span className="ml-auto flex items-center gap-2 text-xs text-zinc-500">
      {error && (
        <span role="alert" className="rounded bg-red-950/60 px-1.5 py-0.5 text-red-300">
          {updatedAt ? 'Stale: ' : ''}{error.message} (retrying)
        </span>
      )}
      {sourceErrors.map((e) => (
        <span key={e.source} role="alert" title={e.message} className="max-w-80 truncate rounded bg-amber-950/60 px-1.5 py-0.5 text-amber-300">
          {e.source} unreachable: {e.message}
        </span>
      ))}
      <span>{ago}</span>
    </span>
  )
}
