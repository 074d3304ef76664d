import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { SESSION_COOKIE } from '../protocol.ts'

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

export type AuthOptions = {
  token: string
  /** Host names (no port) accepted in `Host`; empty means any (the gateway was bound to a non-loopback address). */
  allowedHosts: readonly string[]
}

/** Hosts a gateway bound to `bindHost` answers to: loopback names for a loopback bind, else any. */
export function defaultAllowedHosts(bindHost: string, extra: readonly string[] = []): string[] {
  const loopback = bindHost === 'localhost' || bindHost.startsWith('127.') || bindHost === '::1'
  return loopback ? [...LOOPBACK_NAMES, ...extra] : []
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function hostname(hostHeader: string): string {
  // `[::1]:8080` keeps its brackets; `name:8080` loses the port.
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1)
  return hostHeader.split(':')[0] ?? ''
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return undefined
}

/**
 * Token, cookie, Host and Origin checks. The cookie holds an HMAC of the token, not the token, so a fixed
 * `TAILBOARD_TOKEN` keeps sessions valid across restarts while a random token ends them.
 */
export function createAuth({ token, allowedHosts }: AuthOptions) {
  const session = createHmac('sha256', token).update('tailboard-session-v1').digest('base64url')

  return {
    /** DNS rebinding guard: a page on evil.example resolving to 127.0.0.1 still sends `Host: evil.example`. */
    hostAllowed(req: IncomingMessage): boolean {
      if (allowedHosts.length === 0) return true
      return allowedHosts.includes(hostname(req.headers.host ?? '').toLowerCase())
    },
    /** Browsers always send Origin on WebSocket upgrades and cross-site POSTs; it must be this gateway. */
    originAllowed(req: IncomingMessage): boolean {
      const origin = req.headers.origin
      if (origin === undefined) return true
      try {
        return new URL(origin).host === req.headers.host
      } catch {
        return false
      }
    },
    authenticated(req: IncomingMessage): boolean {
      const header = req.headers.authorization
      if (header?.startsWith('Bearer ') && sameSecret(header.slice(7).trim(), token)) return true
      const value = cookie(req, SESSION_COOKIE)
      return value !== undefined && sameSecret(value, session)
    },
    tokenMatches: (candidate: string) => sameSecret(candidate, token),
    sessionCookie: (secure: boolean) =>
      `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`,
  }
}
export type Auth = ReturnType<typeof createAuth>
