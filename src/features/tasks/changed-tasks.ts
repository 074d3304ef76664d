import type { Task } from '@server/protocol'

/**
 * The task objects in `now` and not in `before`, and the reverse. A poll usually keeps the order (only statuses
 * change): one walk side by side finds the few slots that differ. New tasks on top shift every slot, so past a few
 * mismatches it compares by set membership instead.
 */
export function changedTasks(before: readonly Task[], now: readonly Task[]): { added: Task[]; removed: Task[] } {
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
