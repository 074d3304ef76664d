/**
 * A scriptable stand-in for the browser WebSocket, for unit tests with fake timers. Each `createFakeWebSocketClass()`
 * call returns a class with its own `instances`, so tests never share state or need a global reset.
 *
 * @example
 * const FakeWebSocket = createFakeWebSocketClass()
 * const close = connectLogSocket({ WebSocketImpl: FakeWebSocket })
 * FakeWebSocket.last().open().receive({ type: 'hello', cursor: 1, oldest: 0, capacity: 10 })
 */
export function createFakeWebSocketClass() {
  return class FakeWebSocket {
    static readonly CONNECTING = 0
    static readonly OPEN = 1
    static readonly CLOSING = 2
    static readonly CLOSED = 3
    /** Every socket constructed by this class, oldest first. */
    static readonly instances: FakeWebSocket[] = []

    /** The most recently constructed socket. @throws Error when none was constructed */
    static last(): FakeWebSocket {
      const socket = FakeWebSocket.instances.at(-1)
      if (!socket) throw new Error('no FakeWebSocket was constructed')
      return socket
    }

    readyState = FakeWebSocket.CONNECTING
    readonly sent: unknown[] = []
    /** Set when the client called close(). */
    closedByClient: { code?: number; reason?: string } | null = null
    onopen: ((ev: Event) => void) | null = null
    onmessage: ((ev: MessageEvent) => void) | null = null
    onclose: ((ev: CloseEvent) => void) | null = null
    onerror: ((ev: Event) => void) | null = null

    constructor(readonly url: string) {
      FakeWebSocket.instances.push(this)
    }

    send(data: unknown): void {
      this.sent.push(data)
    }

    close(code?: number, reason?: string): void {
      this.closedByClient = { code, reason }
      this.readyState = FakeWebSocket.CLOSED
    }

    /** The server accepts the connection. */
    open(): this {
      this.readyState = FakeWebSocket.OPEN
      this.onopen?.(new Event('open'))
      return this
    }

    /** The server sends a frame; objects are JSON-encoded, strings are sent verbatim (to script malformed frames). */
    receive(frame: unknown): this {
      const data = typeof frame === 'string' ? frame : JSON.stringify(frame)
      this.onmessage?.(new MessageEvent('message', { data }))
      return this
    }

    /** The connection drops (or the server closes it). */
    serverClose(code = 1006, reason = ''): this {
      this.readyState = FakeWebSocket.CLOSED
      this.onclose?.(new CloseEvent('close', { code, reason, wasClean: code === 1000 }))
      return this
    }

    /** A transport error; browsers follow it with a close. */
    fail(): this {
      this.onerror?.(new Event('error'))
      return this.serverClose(1006)
    }
  }
}
export type FakeWebSocketClass = ReturnType<typeof createFakeWebSocketClass>
export type FakeWebSocket = InstanceType<FakeWebSocketClass>
