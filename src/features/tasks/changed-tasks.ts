import type { Task } from '@server/protocol'

export type TaskChanges = { added: readonly Task[]; removed: readonly Task[] }

/** Changes told by whoever built a list from another (a poll's delta), keyed by the new list. */
const told = new WeakMap<readonly Task[], { before: readonly Task[]; changes: TaskChanges }>()

/**
 * Records that `now` is `before` with `removed` replaced by `added`, so that `changedTasks(before, now)` needs no walk
 * over both lists: the table's view and the failure badge both ask, at every poll, about 10,000 tasks.
 */
export function tellChanges(before: readonly Task[], now: readonly Task[], changes: TaskChanges): void {
  told.set(now, { before, changes })
}

/**
 * The task objects in `now` and not in `before`, and the reverse (treat them as read-only: callers share them). A poll
 * usually keeps the order (only statuses change): one walk side by side finds the few slots that differ. New tasks on
 * top shift every slot, so past a few mismatches it compares by set membership instead.
 */
export function changedTasks(before: readonly Task[], now: readonly Task[]): TaskChanges {
  const known = told.get(now)
  if (known?.before === before) return known.changes
  if (before.length === now.length) {
    const added: Task[] = []
    const removed: Task[] = []
    for (let i = 0; i < now.length && added.length <= 64; i++) {
      if (before[i] === now[i]) continue
      added.push(now[i]!)
      removed.push(before[i]!)
    }
    if (added.length <= 64) return { added, removed }
  }
  const had = new Set(before)
  const has = new Set(now)
  return { added: now.filter((t) => !had.has(t)), removed: before.filter((t) => !has.has(t)) }
}
