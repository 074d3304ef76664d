/** Entry of the log stream's socket worker: see socket-relay.ts for why the socket lives here. */
import { relaySockets, type RelayScope } from './socket-relay'

relaySockets(globalThis as unknown as RelayScope, WebSocket)
