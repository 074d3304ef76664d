import { taskListDeltaSchema, type Task, type TaskList, type TaskListAnswer } from '@server/protocol'
import { taskKey as keyOf } from './cancel-attempts'
import { tellChanges } from './changed-tasks'
import { taskListParser, type ParseResult } from './task-list-parser'

/** Lists built from a delta: their unchanged tasks already are the held objects, so structural sharing can skip them. */
export const sharedByDelta = new WeakSet<TaskList>()

/** Checks a `GET /api/tasks` answer: a delta against its schema, a whole list with the shared task-list parser. */
export const taskAnswerParser = {
  safeParse(json: unknown): ParseResult<TaskListAnswer> {
    const isDelta = json !== null && typeof json === 'object' && 'delta' in json
    return isDelta ? taskListDeltaSchema.safeParse(json) : taskListParser.safeParse(json)
  },
}

/**
 * The list `answer` describes, given the list this tab holds: the answer itself when it is a whole list, else
 * `previous` with the delta applied (unchanged tasks keep their objects). Null when the delta does not fit `previous`
 * (another base, a key it does not know): the caller then asks for the whole list.
 */
export function applyTaskAnswer(previous: TaskList | undefined, answer: TaskListAnswer): TaskList | null {
  if (!('delta' in answer)) return answer
  if (!previous || previous.version !== answer.base) return null
  const { changed, order, version, next, errors } = answer
  const rest = { ...(next !== undefined && { next }), ...(errors !== undefined && { errors }), version }
  const fresh = new Map(changed.map((t) => [keyOf(t), t]))
  if (order) {
    const held = positionsOf(previous.tasks)
    const tasks: Task[] = new Array(order.length)
    for (let i = 0; i < order.length; i++) {
      const at = held.get(order[i]!)
      const task = fresh.get(order[i]!) ?? (at === undefined ? undefined : previous.tasks[at])
      if (!task) return null
      tasks[i] = task
    }
    return shared({ tasks, ...rest })
  }
  if (fresh.size === 0) return shared({ tasks: previous.tasks, ...rest })
  // Same order: each changed task takes its old one's place, found by key in the list's positions.
  const at = positionsOf(previous.tasks)
  const tasks = previous.tasks.slice()
  const removed: Task[] = []
  for (const [key, task] of fresh) {
    const i = at.get(key)
    if (i === undefined) return null
    removed.push(tasks[i]!)
    tasks[i] = task
  }
  positions.set(tasks, at)
  tellChanges(previous.tasks, tasks, { added: [...fresh.values()], removed })
  return shared({ tasks, ...rest })
}

/**
 * Where each task of a held list is, by key. Built once per whole list or new order (10,000 keys), then handed on to
 * each list a delta builds from it in the same order: a poll costs its changes, not a lookup per task.
 */
const positions = new WeakMap<readonly Task[], Map<string, number>>()

function positionsOf(tasks: readonly Task[]): Map<string, number> {
  let at = positions.get(tasks)
  if (!at) {
    at = new Map()
    for (let i = 0; i < tasks.length; i++) at.set(keyOf(tasks[i]!), i)
    positions.set(tasks, at)
  }
  return at
}

function shared(list: TaskList): TaskList {
  sharedByDelta.add(list)
  return list
}
