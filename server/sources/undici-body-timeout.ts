/**
 * For tests: runs code with Node's fetch using a dispatcher whose `bodyTimeout` is short (the default one's is
 * 300 s), so undici aborts a silent body exactly as it does in production (`UND_ERR_BODY_TIMEOUT`, "terminated"),
 * only sooner. The dispatcher is a new instance of the class of Node's own global dispatcher: no extra dependency.
 */
const KEY = Symbol.for('undici.globalDispatcher.1')

type Dispatcher = object & { close(): Promise<void> }

/** @param anyUrl a URL that answers, used once so the global dispatcher exists */
export async function withBodyTimeout(ms: number, anyUrl: string, fn: () => Promise<void>): Promise<void> {
  const global = globalThis as unknown as Record<symbol, Dispatcher | undefined>
  await fetch(anyUrl).then((r) => r.body?.cancel(), () => {})
  const previous = global[KEY]
  if (!previous) throw new Error("Node's fetch has no global dispatcher to copy")
  const Agent = previous.constructor as new (opts: { bodyTimeout: number }) => Dispatcher
  const agent = new Agent({ bodyTimeout: ms })
  global[KEY] = agent
  try {
    await fn()
  } finally {
    global[KEY] = previous
    await agent.close()
  }
}
