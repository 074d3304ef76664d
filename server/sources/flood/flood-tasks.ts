/**
 * Fake tasks for the task-table benchmark: `count` tasks, about half of them in flight (so the table polls fast),
 * and a few dozen changing status on every list call, as a busy upstream would between polls.
 */
import type { Task } from '../../protocol.ts'
import type { TaskProvider } from '../source.ts'

const STATUSES = ['RUNNING', 'PENDING', 'COMPLETE', 'FAILED', 'RUNNING', 'COMPLETE', 'RETRY', 'CANCELLED']
/** Tasks whose status moves on per list call. */
export const CHANGES_PER_POLL = 50

export function createFloodTasks(source: string, count: number): TaskProvider {
  const base = Date.parse('2026-01-01T00:00:00Z')
  const tasks: Task[] = Array.from({ length: count }, (_, i) => ({
    source,
    id: `task-${String(i).padStart(5, '0')}`,
    name: `job-${i % 97}`,
    status: STATUSES[i % STATUSES.length]!,
    createdAt: new Date(base + i * 1000).toISOString(),
    startedAt: new Date(base + i * 1000 + 500).toISOString(),
    endedAt: null,
  }))
  let polls = 0
  return {
    async list(query) {
      polls++
      for (let k = 0; k < CHANGES_PER_POLL; k++) {
        const i = (polls * 7919 + k * 104_729) % count
        const t = tasks[i]!
        tasks[i] = { ...t, status: STATUSES[(STATUSES.indexOf(t.status) + 1) % STATUSES.length]! }
      }
      const wanted = query.status?.map((s) => s.toUpperCase())
      const picked = wanted ? tasks.filter((t) => wanted.includes(t.status)) : tasks
      return { tasks: picked.slice(0, query.limit) }
    },
    async get(id) {
      return tasks.find((t) => t.id === id) ?? null
    },
    async cancel(ids) {
      return ids.map((id) => ({ id, accepted: false, error: 'the flood source does not cancel' }))
    },
  }
}
