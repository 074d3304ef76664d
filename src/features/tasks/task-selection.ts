import type { CancelResult, Task } from '@server/protocol'
import { taskKey } from './cancel-attempts'
import { canCancel } from './task-status'

/** Selected task keys plus the anchor of the next shift-click (a key, since rows move between polls). */
export type Selection = { keys: ReadonlySet<string>; anchor: string | null }
export const EMPTY_SELECTION: Selection = { keys: new Set(), anchor: null }

/**
 * A click on row `index` of `rows`: toggles it, or with shift selects every row from the anchor to it (in the order
 * shown now). Without an anchor still on screen, shift-click acts as a plain click.
 */
export function clickRow(selection: Selection, rows: readonly Task[], index: number, { shift }: { shift: boolean }): Selection {
  const task = rows[index]
  if (!task) return selection
  const key = taskKey(task)
  const anchorIndex = shift && selection.anchor !== null ? rows.findIndex((t) => taskKey(t) === selection.anchor) : -1
  if (anchorIndex < 0) {
    const keys = new Set(selection.keys)
    if (keys.has(key)) keys.delete(key)
    else keys.add(key)
    return { keys, anchor: key }
  }
  const keys = new Set(selection.keys)
  const [from, to] = anchorIndex < index ? [anchorIndex, index] : [index, anchorIndex]
  for (const t of rows.slice(from, to + 1)) keys.add(taskKey(t))
  return { keys, anchor: key }
}

/** Selects every row currently shown (all matching the filter), keeping the rest of the selection. */
export function selectAll(selection: Selection, rows: readonly Task[]): Selection {
  const keys = new Set(selection.keys)
  for (const t of rows) keys.add(taskKey(t))
  return { keys, anchor: selection.anchor }
}

/**
 * Splits a selection for the cancel button: what can still be cancelled, and how many are left out because they
 * already finished (or left the fetched list). Both are counted before the user confirms.
 */
export function splitSelection(keys: ReadonlySet<string>, byKey: ReadonlyMap<string, Task>): { cancellable: Task[]; leftOut: number } {
  const cancellable: Task[] = []
  for (const key of keys) {
    const task = byKey.get(key)
    if (task && canCancel(task)) cancellable.push(task)
  }
  return { cancellable, leftOut: keys.size - cancellable.length }
}

/** After a bulk cancel: the tasks whose cancel failed stay selected, ready for a retry; the rest are released. */
export function keepFailed(results: readonly CancelResult[]): Selection {
  return { keys: new Set(results.filter((r) => r.outcome === 'failed').map(taskKey)), anchor: null }
}
