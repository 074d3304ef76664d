import { useEffect, useRef } from 'react'
import type { Task } from '@server/protocol'

type CancelDialogProps = { task: Task; onConfirm: () => void; onClose: () => void }

/** Confirm step: names the task, its current status and what it will become. Escape or "Keep running" backs out. */
export function CancelDialog({ task, onConfirm, onClose }: CancelDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    dialog?.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog ref={ref} aria-labelledby="cancel-title" onCancel={onClose}
      className="m-auto rounded-lg border border-zinc-700 bg-zinc-900 p-5 text-zinc-100 backdrop:bg-black/60">
      <h2 id="cancel-title" className="text-base font-semibold">Cancel {task.name}?</h2>
      <p className="mt-2 text-sm text-zinc-300">
        Task <span className="font-mono">{task.id}</span> on <span className="font-mono">{task.source}</span> is {task.status}. It will
        be stopped and become CANCELLED (its process group gets SIGTERM, then SIGKILL after the grace period).
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" autoFocus onClick={onClose} className="rounded border border-zinc-600 px-3 py-1 text-sm hover:bg-zinc-800">Keep running</button>
        <button type="button" onClick={onConfirm} className="rounded bg-red-700 px-3 py-1 text-sm font-semibold text-white hover:bg-red-600">Cancel task</button>
      </div>
    </dialog>
  )
}
