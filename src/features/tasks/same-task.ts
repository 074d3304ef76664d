import { taskSchema, type Task } from '@server/protocol'

// Taken from the schema so that a field added to the protocol is compared too.
const FIELDS = taskSchema.keyof().options

/**
 * Whether `b` holds exactly `a`'s values in every task field. Tasks are flat records of strings, numbers and null, so
 * this is a full compare; `b` may be unchecked JSON (equal to a checked task, it is a valid one).
 */
export function sameTask(a: Task, b: Task | Record<string, unknown>): boolean {
  if (a === b) return true // a delta poll hands back the very objects of unchanged tasks
  for (const field of FIELDS) if (a[field] !== (b as Record<string, unknown>)[field]) return false
  return true
}
