import { useEffect, useRef, useState } from 'react'
import type { Task } from '@server/protocol'
import { taskKey } from './cancel-attempts'
import { setTabBadge } from './tab-badge'
import { isFailureKind, statusKind } from './task-status'

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

// "Looking" needs the tab visible and focused: a visible window behind another one is not being read.
const isLooking = () => document.visibilityState === 'visible' && document.hasFocus()

/**
 * Counts task failures that appeared while the user was not looking and shows them in the tab title and favicon.
 * Failures already there when the page opened are not news. Looking again (the tab becomes visible and focused, or
 * any click or key in it) clears the count.
 */
export function useFailureBadge(tasks: readonly Task[] | undefined): number {
  const known = useRef<Set<string> | null>(null)
  const [unseen, setUnseen] = useState(0)

  useEffect(() => {
    if (!tasks) return
    const now = failedKeys(tasks)
    const fresh = known.current === null ? 0 : countNew(known.current, now)
    // keep only what is still listed, so the set does not grow with every task that ever failed
    known.current = now
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
