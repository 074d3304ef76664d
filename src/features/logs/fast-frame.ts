import { serverFrameSchema, type ServerFrame } from '@server/protocol'
import { parseLinesFrame } from './fast-lines'

type Result = { success: true; data: ServerFrame } | { success: false; error: string }

/** Validates a parsed gateway frame: `lines` frames on the fast path (fast-lines.ts), every other (rare) one with zod. */
export function parseServerFrame(json: unknown): Result {
  const lines = parseLinesFrame(json)
  if (lines) return lines
  const parsed = serverFrameSchema.safeParse(json)
  return parsed.success ? { success: true, data: parsed.data } : { success: false, error: parsed.error.issues[0]?.message ?? 'invalid' }
}
