/**
 * Log levels, in a file of their own without zod: the browser's socket worker checks `lines` frames against them and
 * stays a few kilobytes (protocol.ts builds its schemas from them).
 */
export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] as const

/** A level's position in LEVELS (the browser's ring stores it as this number). */
export const LEVEL_INDEX = Object.fromEntries(LEVELS.map((l, i) => [l, i])) as Record<(typeof LEVELS)[number], number>
