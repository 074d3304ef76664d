import { useEffect, useRef } from 'react'
import { LOG_KEYS } from './use-log-keys'
import { useViewState, viewActions } from './view-state'

/** The `?` dialog listing the keys. */
export function KeysHelp() {
  const open = useViewState((s) => s.helpOpen)
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    // jsdom has no showModal; a real browser always does.
    if (open) ref.current?.showModal?.()
  }, [open])
  if (!open) return null
  return (
    <dialog ref={ref} aria-labelledby="keys-title" onClose={() => viewActions.helpToggled(false)}
      className="m-auto rounded-lg border border-zinc-700 bg-zinc-900 p-5 text-sm text-zinc-100 backdrop:bg-black/60">
      <h2 id="keys-title" className="mb-3 font-semibold">Keyboard</h2>
      <dl className="grid grid-cols-[8rem_1fr] gap-y-1">
        {LOG_KEYS.map(([key, what]) => [<dt key={`k${key}`} className="font-mono text-sky-300">{key}</dt>, <dd key={`d${key}`}>{what}</dd>])}
      </dl>
      <button type="button" onClick={() => viewActions.helpToggled(false)} className="mt-4 rounded border border-zinc-600 px-3 py-1">Close</button>
    </dialog>
  )
}
