import type { Task, TaskList } from '@server/protocol'
import { taskKey as keyOf } from './cancel-attempts'
import { sameTask } from './same-task'
import { sharedByDelta } from './task-list-delta'

const sameRef = (a: Task | undefined, b: Task) => a !== undefined && a.id === b.id && a.source === b.source
/** How far to look around the expected index before building a map: covers a poll's worth of new tasks. */
const RESYNC_WINDOW = 64

/**
 * React Query `structuralSharing` for task lists: keeps every unchanged task object (so memoised rows skip), and the
 * previous list itself when nothing changed (so nothing downstream re-derives). Polls come back in the same order
 * with a few new tasks on top, so each task is looked for at its index plus the current offset, re-synced within a
 * small window; only a reshuffled list pays for a lookup map.
 */
export function shareTasks(previous: unknown, next: unknown): unknown {
  const old = previous as TaskList | undefined
  const fresh = next as TaskList
  if (!old?.tasks || !fresh?.tasks) return next
  // Built from a delta: unchanged tasks are the held objects already, and an empty delta kept the very array.
  if (sharedByDelta.has(fresh)) return fresh.tasks === old.tasks && sameListFields(old, fresh) ? old : next
  let byKey: Map<string, Task> | null = null
  let offset = 0
  let sameTasks = old.tasks.length === fresh.tasks.length
  const find = (t: Task, i: number): Task | undefined => {
    if (sameRef(old.tasks[i + offset], t)) return old.tasks[i + offset]
    for (let d = -RESYNC_WINDOW; d <= RESYNC_WINDOW; d++) {
      if (sameRef(old.tasks[i + d], t)) return old.tasks[i + (offset = d)]
    }
    byKey ??= new Map(old.tasks.map((o) => [keyOf(o), o]))
    return byKey.get(keyOf(t))
  }
  const tasks = fresh.tasks.map((t, i) => {
    const before = find(t, i)
    const kept = before && sameTask(before, t) ? before : t
    if (kept !== old.tasks[i]) sameTasks = false
    return kept
  })
  // The version and the source errors count too: a whole list after a gateway restart has the same tasks but a new
  // version, which the next poll must send as `since`.
  if (sameTasks) return sameListFields(old, fresh) ? old : { ...fresh, tasks: old.tasks }
  return { ...fresh, tasks }
}

const sameListFields = (a: TaskList, b: TaskList) =>
  a.next === b.next && a.version === b.version && JSON.stringify(a.errors) === JSON.stringify(b.errors)
