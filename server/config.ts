import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { z } from 'zod'

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'a name of letters, digits, ".", "_" or "-" (at most 64)')
const commandSchema = z.array(z.string().min(1)).min(1, 'at least the program to run')

const serviceSchema = z.strictObject({
  name: idSchema,
  command: commandSchema,
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  restart: z.enum(['always', 'on-failure', 'never']).default('on-failure'),
})

const scheduleSchema = z.strictObject({
  name: idSchema,
  command: commandSchema,
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  everySeconds: z.number().positive(),
  timeoutSeconds: z.number().positive().optional(),
  maxRetries: z.number().int().min(0).max(100).default(0),
  expiresAfterSeconds: z.number().positive().optional(),
})

const localSourceSchema = z.strictObject({
  id: idSchema,
  kind: z.literal('local'),
  services: z.array(serviceSchema).default([]),
  schedules: z.array(scheduleSchema).default([]),
  concurrency: z.number().int().min(1).max(256).default(4),
  cancelGraceSeconds: z.number().positive().max(600).default(5),
})

export const configSchema = z.strictObject({
  /** Lines the gateway keeps for tabs that reconnect. */
  bufferLines: z.number().int().min(1_000).max(5_000_000).default(100_000),
  sources: z.array(z.discriminatedUnion('kind', [localSourceSchema])).min(1, 'at least one source'),
})
export type Config = z.infer<typeof configSchema>
export type LocalSourceConfig = z.infer<typeof localSourceSchema>

export class ConfigError extends Error {}

function describe(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(top level)'
}

/**
 * Parses and validates a config file. Relative `cwd`s are resolved against the file's folder.
 * @throws ConfigError naming the file, the field and what was expected
 */
export function loadConfig(file: string): Config {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(err as Error).message}`)
  }
  const parsed = configSchema.safeParse(raw)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${describe(issue.path)}: ${issue.message}`)
    throw new ConfigError(`config file ${file} is invalid:\n${lines.join('\n')}`)
  }
  const ids = parsed.data.sources.map((s) => s.id)
  const dup = ids.find((id, i) => ids.indexOf(id) !== i)
  if (dup) throw new ConfigError(`config file ${file} is invalid:\n  sources: the id "${dup}" is used twice; ids must be unique`)
  const base = dirname(resolve(file))
  for (const source of parsed.data.sources) {
    for (const item of [...source.services, ...source.schedules]) item.cwd = resolve(base, item.cwd ?? '.')
  }
  return parsed.data
}
