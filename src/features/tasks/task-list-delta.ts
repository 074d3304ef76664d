import { taskListDeltaSchema, type Task, type TaskList, type TaskListAnswer } from '@server/protocol'
import { taskKey as keyOf } from './cancel-attempts'
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
    const held = new Map(previous.tasks.map((t) => [keyOf(t), t]))
    const tasks: Task[] = new Array(order.length)
    for (let i = 0; i < order.length; i++) {
      const task = fresh.get(order[i]!) ?? held.get(order[i]!)
      if (!task) return null
      tasks[i] = task
    }
    return shared({ tasks, ...rest })
  }
  // Looked up by id (a string each task already holds), not by a key built for each of 10,000 tasks.
  const byId = new Map(changed.map((t) => [t.id, t]))
  let replaced = 0
  const tasks = fresh.size === 0 ? previous.tasks : previous.tasks.map((t) => {
    const update = byId.get(t.id)
    const next = update?.source === t.source ? update : update ? fresh.get(keyOf(t)) : undefined
    if (!next) return t
    replaced++
    return next
  })
  return replaced === fresh.size ? shared({ tasks, ...rest }) : null
}

function shared(list: TaskList): TaskList {
  sharedByDelta.add(list)
  return list
}
