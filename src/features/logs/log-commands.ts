import type { TaskRef } from '@server/protocol'
import { EMPTY_FILTER } from './log-filter'
import { logStore } from './log-store'

/**
 * Shows only the lines of one task (the task table's "Show logs"): a fresh filter on its source and id, following
 * the newest line. The task's status markers carry its id too, so they stay in view.
 */
export function showTaskLogs(task: TaskRef): void {
  const { actions } = logStore.getState()
  actions.filterChanged({ ...EMPTY_FILTER, sources: [task.source], taskId: task.id })
  actions.followChanged('live')
}
