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

const urlSchema = (protocols: string[]) =>
  z.string().refine((text) => {
    try {
      return protocols.includes(new URL(text).protocol.slice(0, -1))
    } catch {
      return false
    }
  }, `a ${protocols.join(' or ')} URL, e.g. "${protocols[0]}://127.0.0.1:8080"`)
const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable, e.g. "BEAM_TOKEN"')
const timezoneSchema = z.string().refine((zone) => {
  if (/^(?:Z|UTC|[+-]\d\d:?\d\d)$/.test(zone)) return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}, 'an IANA time zone such as "Europe/Paris", "UTC" or an offset such as "+02:00"')

const fileSourceSchema = z.strictObject({
  id: idSchema,
  kind: z.literal('file'),
  /** Files or globs (`*`, `?`, `**`), relative to the config file's folder. */
  paths: z.array(z.string().min(1)).min(1, 'at least one file or glob'),
  from: z.enum(['end', 'start']).default('end'),
  pollMs: z.number().int().min(20).max(60_000).default(500),
})

const BEAM_OBJECT_TYPES = ['BETA9_TASK', 'BETA9_DEPLOYMENT', 'BETA9_STUB', 'BETA9_CONTAINER', 'BETA9_APP', 'BETA9_WORKSPACE'] as const
const beamSourceSchema = z.strictObject({
  id: idSchema,
  kind: z.literal('beam'),
  apiUrl: urlSchema(['https', 'http']).default('https://api.beam.cloud'),
  realtimeUrl: urlSchema(['wss', 'ws']).default('wss://rt.beam.cloud'),
  tokenEnv: envNameSchema,
  /** Log streams to follow; `name` is the process shown (default: the object id). */
  streams: z.array(z.strictObject({ objectType: z.enum(BEAM_OBJECT_TYPES).default('BETA9_TASK'), objectId: z.string().min(1), name: z.string().min(1).optional() })).default([]),
  /** Tasks the task table shows: hosted Beam has no list endpoint. */
  taskIds: z.array(z.string().min(1)).default([]),
  backfillLines: z.number().int().min(0).max(10_000).default(250),
})

const beta9SourceSchema = z.strictObject({
  id: idSchema,
  kind: z.literal('beta9'),
  url: urlSchema(['https', 'http']),
  workspace: z.string().min(1),
  tokenEnv: envNameSchema,
  /** Narrows the log stream (beta9's own query parameters). */
  logFilters: z
    .strictObject({ stub_id: z.string(), app_id: z.string(), task_id: z.string(), container_id: z.string(), object_type: z.string(), object_id: z.string() })
    .partial()
    .default({}),
})

const felderaSourceSchema = z.strictObject({
  id: idSchema,
  kind: z.literal('feldera'),
  url: urlSchema(['https', 'http']),
  pipelines: z.array(z.string().min(1)).min(1, 'at least one pipeline name'),
  tokenEnv: envNameSchema.optional(),
  tenant: z.string().min(1).optional(),
})

const dmbSourceSchema = z.strictObject({
  id: idSchema,
  kind: z.literal('dmb'),
  /** DMB/DUMB base URL; `/ws/logs` is appended. */
  url: urlSchema(['http', 'https', 'ws', 'wss']),
  /** DUMB with auth: the access token, sent as `?token=`. */
  tokenEnv: envNameSchema.optional(),
  /** Zone of DMB's zone-less timestamps; default: the gateway's own zone. */
  timezone: timezoneSchema.optional(),
  /** Process shown for DMB's own lines (they carry no process name). */
  project: z.string().min(1).default('dmb'),
  pingSeconds: z.number().positive().max(300).default(10),
})

export const configSchema = z.strictObject({
  /** Lines the gateway keeps for tabs that reconnect. */
  bufferLines: z.number().int().min(1_000).max(5_000_000).default(100_000),
  sources: z
    .array(z.discriminatedUnion('kind', [localSourceSchema, fileSourceSchema, beamSourceSchema, beta9SourceSchema, felderaSourceSchema, dmbSourceSchema]))
    .min(1, 'at least one source'),
})

/**
 * A secret read from the environment. It prints, stringifies and inspects as `***`, so a config that ends up in a log
 * or a JSON answer does not carry it; `reveal()` is for the one place that sends it upstream.
 */
export class Secret {
  readonly #value: string
  constructor(value: string) {
    this.#value = value
  }
  reveal(): string {
    return this.#value
  }
  toString(): string {
    return '***'
  }
  toJSON(): string {
    return '***'
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret(***)'
  }
}

type ParsedConfig = z.infer<typeof configSchema>
type WithSecret<T> = T extends { tokenEnv?: string } ? T & { token?: Secret } : T
export type SourceConfig = WithSecret<ParsedConfig['sources'][number]>
export type Config = Omit<ParsedConfig, 'sources'> & { sources: SourceConfig[] }
export type LocalSourceConfig = z.infer<typeof localSourceSchema>

export class ConfigError extends Error {}

function describe(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(top level)'
}

/**
 * Parses and validates a config file. Relative `cwd`s and file paths are resolved against the file's folder; each
 * `tokenEnv` is read from `env` into a `Secret`.
 * @throws ConfigError naming the file, the field and what was expected (never a secret's value)
 */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Config {
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
  const sources: SourceConfig[] = parsed.data.sources.map((source, i) => {
    if (source.kind === 'local') {
      for (const item of [...source.services, ...source.schedules]) item.cwd = resolve(base, item.cwd ?? '.')
      return source
    }
    if (source.kind === 'file') return { ...source, paths: source.paths.map((p) => resolve(base, p)) }
    if (source.tokenEnv === undefined) return source
    const value = env[source.tokenEnv]
    if (!value) {
      throw new ConfigError(
        `config file ${file} is invalid:\n  sources[${i}].tokenEnv: the environment variable ${source.tokenEnv} is not set or empty (it must hold the token of source "${source.id}")`,
      )
    }
    return { ...source, token: new Secret(value) }
  })
  return { ...parsed.data, sources }
}
