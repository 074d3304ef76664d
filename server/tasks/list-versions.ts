import type { Task, TaskList, TaskListAnswer } from '../protocol.ts'

type Version = { id: string; query: string; keys: string[]; json: Map<string, string> }

const keyOf = (t: Task) => `${t.source}/${t.id}`

/**
 * Recent task-list answers, so a poll can be answered with what changed since the answer the tab holds
 * (`GET /api/tasks?since=<version>`) instead of every task again. With 10,000 tasks of which 50 change between polls,
 * a tab then receives and parses ~50 tasks, not 1.6 MB. Each version keeps every task's JSON (~160 bytes each), so
 * only the last `max` versions are kept; an older `since` simply gets the whole list. An unchanged list keeps its
 * version, so tabs polling a quiet list do not push each other's versions out.
 */
export function createListVersions(max = 8) {
  const versions = new Map<string, Version>()
  let counter = 0

  function remember(query: string, tasks: readonly Task[], keys: string[]): Version {
    const json = new Map<string, string>()
    for (let i = 0; i < tasks.length; i++) json.set(keys[i]!, JSON.stringify(tasks[i]))
    const latest = [...versions.values()].reverse().find((v) => v.query === query)
    if (latest && sameOrder(latest.keys, keys) && keys.every((k) => latest.json.get(k) === json.get(k))) return latest
    const version: Version = { id: `${Date.now().toString(36)}-${(++counter).toString(36)}`, query, keys, json }
    versions.set(version.id, version)
    for (const id of versions.keys()) if (versions.size > max) versions.delete(id)
    return version
  }

  return {
    /**
     * The answer for `list` asked with `query` (the request's filters, so a version is never applied to another
     * query's list): its changes since version `since` when that version is known, else the whole list.
     */
    answer(query: string, list: TaskList, since: string | null): TaskListAnswer {
      const keys = list.tasks.map(keyOf)
      // Two tasks with one key (an upstream listing a task twice) cannot be told apart in a delta: whole list, no version.
      if (new Set(keys).size !== keys.length) return list
      const base = since === null ? undefined : versions.get(since)
      const now = remember(query, list.tasks, keys)
      const rest = { ...(list.next !== undefined && { next: list.next }), ...(list.errors !== undefined && { errors: list.errors }) }
      if (!base || base.query !== query) return { ...list, version: now.id }
      const changed = list.tasks.filter((t, i) => base.json.get(now.keys[i]!) !== now.json.get(now.keys[i]!))
      return { delta: true, base: base.id, version: now.id, changed, ...(!sameOrder(base.keys, now.keys) && { order: now.keys }), ...rest }
    },
  }
}
export type ListVersions = ReturnType<typeof createListVersions>

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
