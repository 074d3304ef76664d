/**
 * Fake tasks for the task-table benchmark: `count` tasks, about half of them in flight (so the table polls fast),
 * and a few dozen changing status on every list call, as a busy upstream would between polls.
 */
import { isTerminalStatus, type Task } from '../../protocol.ts'
import type { TaskProvider } from '../source.ts'

const STATUSES = ['RUNNING', 'PENDING', 'COMPLETE', 'FAILED', 'RETRY', 'CANCELLED', 'TIMEOUT', 'EXPIRED']
/** Where an in-flight task goes next; finished tasks stay finished, as with a real upstream. */
function nextStatus(status: string, i: number): string {
  if (status === 'PENDING' || status === 'RETRY') return 'RUNNING'
  if (status !== 'RUNNING') return status
  return i % 5 === 0 ? 'FAILED' : i % 7 === 0 ? 'RETRY' : 'COMPLETE'
}
/** Tasks whose status moves on per list call. */
export const CHANGES_PER_POLL = 50

export function createFloodTasks(source: string, count: number): TaskProvider {
  const base = Date.parse('2026-01-01T00:00:00Z')
  const tasks: Task[] = Array.from({ length: count }, (_, i) => {
    const status = STATUSES[i % STATUSES.length]!
    return {
      source,
      id: `task-${String(i).padStart(5, '0')}`,
      name: `job-${i % 97}`,
      status,
      createdAt: new Date(base + i * 1000).toISOString(),
      startedAt: new Date(base + i * 1000 + 500).toISOString(),
      // Ended tasks have an end, as upstreams send them; in-flight ones tick in the table.
      endedAt: isTerminalStatus(status) ? new Date(base + i * 1000 + 2_500).toISOString() : null,
    }
  })
  let polls = 0
  return {
    async list(query) {
      polls++
      for (let k = 0; k < CHANGES_PER_POLL; k++) {
        const i = (polls * 7919 + k * 104_729) % count
        const t = tasks[i]!
        const status = nextStatus(t.status, i)
        if (status !== t.status) tasks[i] = { ...t, status, endedAt: status === 'RUNNING' || status === 'RETRY' ? null : new Date().toISOString() }
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
