import { useSyncExternalStore } from 'react'
import { startOfDay } from './format'

/**
 * One 1 s clock for everything in the task feature that shows time passing. Only what ticks subscribes (a running
 * task's duration, a cancel in flight, "Updated N s ago", the open drawer), so a tick re-renders those few cells and not
 * the table with every row on screen: that cost ~5 ms of scripting every second with 10,000 tasks, on a page whose log
 * viewer may be taking a flood at the same time.
 */
export const TICK_MS = 1_000

const listeners = new Set<() => void>()
let now = Date.now()
let timer: ReturnType<typeof setInterval> | null = null

function tick() {
  now = Date.now()
  for (const listener of listeners) listener()
}

/** Runs `listener` every tick; the timer runs only while something listens. */
export function subscribeClock(listener: () => void): () => void {
  listeners.add(listener)
  if (timer === null) {
    now = Date.now()
    timer = setInterval(tick, TICK_MS)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size > 0 || timer === null) return
    clearInterval(timer)
    timer = null
  }
}

/**
 * The clock's time. While no timer runs it is brought up to date on read, but only when a tick length or more off
 * (either way: the system clock can be set back): React reads it more than once per render and needs the same answer.
 */
export function clockNow(): number {
  if (timer === null && Math.abs(Date.now() - now) >= TICK_MS) now = Date.now()
  return now
}

/** The current time, re-rendering the caller every tick. */
export const useClock = (): number => useSyncExternalStore(subscribeClock, clockNow)

/** Midnight of today (local time): re-renders the caller only when the day changes, although it is checked every tick. */
export const useToday = (): number => useSyncExternalStore(subscribeClock, () => startOfDay(clockNow()))
