import WebSocket from 'ws'
import { serverFrameSchema, type ServerFrame } from '../protocol.ts'

/** A real `ws` client that records validated frames, for gateway tests. */
export async function openStream(url: string, headers: Record<string, string>): Promise<{ ws: WebSocket; frames: ServerFrame[]; close(): void }> {
  const ws = new WebSocket(url, { headers })
  const frames: ServerFrame[] = []
  ws.on('message', (data) => frames.push(serverFrameSchema.parse(JSON.parse(String(data)))))
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
  return { ws, frames, close: () => ws.close() }
}

/** Polls `check` until it returns true, failing after `timeoutMs` with `what` in the message. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export const linesOf = (frames: ServerFrame[]) => frames.flatMap((f) => (f.type === 'lines' ? f.lines : []))
