import { countOf } from '@/lib/count'
import { useEffect, useRef, useState } from 'react'
import type { Task } from '@server/protocol'

/** From this many tasks on, the user types the count to confirm (an incident is no time for a stray click). */
export const TYPED_CONFIRM_AT = 25
const LISTED = 8

type CancelDialogProps = {
  /** The tasks that will be cancelled (finished ones already left out). */
  tasks: readonly Task[]
  /** Selected tasks left out because they already finished or left the list. */
  leftOut?: number
  /** `force`: SIGKILL at once instead of SIGTERM and a grace period. */
  mode?: 'cancel' | 'force'
  onConfirm: (reason: string) => void
  onClose: () => void
}

function countStatuses(tasks: readonly Task[]): string[] {
  const counts = new Map<string, number>()
  for (const t of tasks) counts.set(t.status, (counts.get(t.status) ?? 0) + 1)
  return [...counts].map(([status, n]) => `${n} ${status}`)
}

/**
 * Confirm step: names the tasks, their current status and the state they will move to, takes an optional reason
 * (kept with the task). Escape or "Keep running" backs out.
 */
export function CancelDialog({ tasks, leftOut = 0, mode = 'cancel', onConfirm, onClose }: CancelDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const [reason, setReason] = useState('')
  const [typed, setTyped] = useState('')
  useEffect(() => {
    const dialog = ref.current
    dialog?.showModal()
    return () => dialog?.close()
  }, [])
  const single = tasks.length === 1 ? tasks[0] : undefined
  const byStatus = countStatuses(tasks)
  const needsTyping = tasks.length >= TYPED_CONFIRM_AT
  const force = mode === 'force'
  const title = force ? `Force-stop ${single ? single.name : countOf(tasks.length, 'task')}?` : `Cancel ${single ? single.name : countOf(tasks.length, 'task')}?`
  const confirmLabel = force ? 'Force stop' : single ? 'Cancel task' : `Cancel ${countOf(tasks.length, 'task')}`
  return (
    <dialog ref={ref} aria-labelledby="cancel-title" onCancel={onClose} onClick={(e) => e.stopPropagation()}
      className="m-auto w-[34rem] max-w-[95vw] rounded-lg border border-zinc-700 bg-zinc-900 p-5 text-zinc-100 backdrop:bg-black/60">
      <h2 id="cancel-title" className="text-base font-semibold">{title}</h2>
      <ul aria-label="Tasks to cancel" className="mt-2 max-h-40 overflow-auto text-sm text-zinc-300">
        {tasks.slice(0, LISTED).map((t) => (
          <li key={`${t.source}/${t.id}`}>
            {t.name} <span className="font-mono text-xs">{t.id}</span> on <span className="font-mono text-xs">{t.source}</span> is {t.status}
          </li>
        ))}
        {tasks.length > LISTED && <li className="text-zinc-500">and {countOf(tasks.length - LISTED, 'more task')}</li>}
      </ul>
      <p className="mt-2 text-sm text-zinc-300">
        {byStatus.join(', ')} → CANCELLED.{' '}
        {force
          ? 'Its process group gets SIGKILL now: no chance to clean up or save state.'
          : 'Queued tasks stop at once; running ones get SIGTERM, then SIGKILL after the grace period (local workspace).'}
      </p>
      {leftOut > 0 && <p className="mt-1 text-sm text-zinc-400">{countOf(leftOut, 'selected task')} already finished and {leftOut === 1 ? 'is' : 'are'} left out.</p>}
      {tasks.length > 1 && <p className="mt-1 text-xs text-zinc-500">New tasks may keep arriving; only these are cancelled.</p>}
      <label className="mt-3 block text-sm">
        Reason (optional)
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="e.g. incident 42: bad deploy"
          className="mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-sm" />
      </label>
      {needsTyping && (
        <label className="mt-3 block text-sm">
          Type {tasks.length} to confirm
          <input value={typed} onChange={(e) => setTyped(e.target.value)} inputMode="numeric"
            className="mt-1 block w-28 rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-sm" />
        </label>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" autoFocus onClick={onClose} className="rounded border border-zinc-600 px-3 py-1 text-sm hover:bg-zinc-800">Keep running</button>
        <button type="button" disabled={tasks.length === 0 || (needsTyping && typed.trim() !== String(tasks.length))}
          onClick={() => onConfirm(reason.trim())}
          className="rounded bg-red-700 px-3 py-1 text-sm font-semibold text-white hover:bg-red-600 disabled:opacity-40">{confirmLabel}</button>
      </div>
    </dialog>
  )
}
