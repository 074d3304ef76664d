import { useEffect, useRef, useState } from 'react'
import type { Task } from '@server/protocol'
import { taskKey } from './cancel-attempts'
import { setTabBadge } from './tab-badge'
import { isFailureKind, statusKind } from './task-status'
import { changedTasks } from './changed-tasks'

/** Keys of the tasks that are failures (failed, ERROR, timeout, expired) in this poll. */
export function failedKeys(tasks: readonly Task[]): Set<string> {
  const keys = new Set<string>()
  for (const t of tasks) if (isFailureKind(statusKind(t.status))) keys.add(taskKey(t))
  return keys
}

/** How many of `now` were not failures in `before`: the failures that appeared between two polls. */
export function countNew(before: ReadonlySet<string>, now: ReadonlySet<string>): number {
  let n = 0
  for (const key of now) if (!before.has(key)) n++
  return n
}

const failed = (t: Task) => isFailureKind(statusKind(t.status))

/**
 * Moves `known` (the failed keys of `before`) to those of `now` and returns how many failures are new. Only task
 * objects that changed between the polls are looked at: a poll shares unchanged tasks, so a 10,000-task poll with 50
 * changes costs 50 checks. Same answer as `countNew(failedKeys(before), failedKeys(now))`.
 */
export function advanceFailed(known: Set<string>, before: readonly Task[], now: readonly Task[]): number {
  const { added, removed } = changedTasks(before, now)
  const nowFailed = new Set<string>()
  for (const t of added) if (failed(t)) nowFailed.add(taskKey(t))
  let fresh = 0
  for (const key of nowFailed) if (!known.has(key)) fresh++
  for (const t of removed) if (failed(t) && !nowFailed.has(taskKey(t))) known.delete(taskKey(t))
  for (const key of nowFailed) known.add(key)
  return fresh
}

// "Looking" needs the tab visible and focused: a visible window behind another one is not being read.
const isLooking = () => document.visibilityState === 'visible' && document.hasFocus()

/**
 * Counts task failures that appeared while the user was not looking and shows them in the tab title and favicon.
 * Failures already there when the page opened are not news. Looking again (the tab becomes visible and focused, or
 * any click or key in it) clears the count.
 */
export function useFailureBadge(tasks: readonly Task[] | undefined): number {
  // The failed keys of the last poll (only what is still listed, so it does not grow with every task that ever failed).
  const known = useRef<{ tasks: readonly Task[]; failed: Set<string> } | null>(null)
  const [unseen, setUnseen] = useState(0)

  useEffect(() => {
    if (!tasks) return
    if (known.current === null) return void (known.current = { tasks, failed: failedKeys(tasks) })
    const fresh = advanceFailed(known.current.failed, known.current.tasks, tasks)
    known.current.tasks = tasks
    if (fresh > 0 && !isLooking()) setUnseen((n) => n + fresh)
  }, [tasks])

  useEffect(() => {
    const seen = () => isLooking() && setUnseen(0)
    // visibilitychange reaches window too (its event path ends there), so one set of capture listeners covers all
    const events = ['visibilitychange', 'focus', 'pointerdown', 'keydown'] as const
    for (const e of events) window.addEventListener(e, seen, true)
    return () => {
      for (const e of events) window.removeEventListener(e, seen, true)
    }
  }, [])

  useEffect(() => setTabBadge(unseen), [unseen])
  useEffect(() => () => setTabBadge(0), [])
  return unseen
}
