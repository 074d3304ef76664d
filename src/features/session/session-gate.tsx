import { useEffect, useState, type FormEvent, type ReactNode } from 'react'
import { z } from 'zod'
import { ApiError, apiRequest } from '@/lib/api-client'
import { onSignedOut } from '@/lib/auth-events'
import { signIn, tradeTokenFromUrl } from './session-api'

type GateState = { kind: 'checking' } | { kind: 'ok' } | { kind: 'signed-out'; error?: string }

// One check per page load: StrictMode runs effects twice, and a second check racing the first token trade would
// find no token in the URL and no cookie yet.
let sessionCheck: Promise<GateState> | null = null
const checkSessionOnce = () => (sessionCheck ??= checkSession())

async function checkSession(): Promise<GateState> {
  try {
    if (await tradeTokenFromUrl()) return { kind: 'ok' } // the gateway just accepted it: no need to ask again
  } catch (err) {
    return { kind: 'signed-out', error: err instanceof Error ? err.message : String(err) }
  }
  try {
    await apiRequest('/api/sources', z.unknown())
    return { kind: 'ok' }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return { kind: 'signed-out' }
    return { kind: 'ok' } // any other failure is shown by the panels themselves, which retry
  }
}

/** Trades the URL's token for the session cookie, or asks for the token when there is no valid session. */
export function SessionGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<GateState>({ kind: 'checking' })
  const [token, setToken] = useState('')
  useEffect(() => {
    let live = true
    void checkSessionOnce().then((s) => live && setState(s))
    const off = onSignedOut(() => setState({ kind: 'signed-out', error: 'The gateway no longer accepts this session (it restarted with a new token). Paste the token it printed, or open its URL again.' }))
    return () => {
      live = false
      off()
    }
  }, [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    try {
      await signIn(token.trim())
      setState({ kind: 'ok' })
    } catch (err) {
      setState({ kind: 'signed-out', error: err instanceof Error ? err.message : String(err) })
    }
  }

  if (state.kind === 'ok') return children
  if (state.kind === 'checking') return <p className="p-6 text-sm text-zinc-400">Connecting to the gateway…</p>
  return (
    <form onSubmit={submit} className="mx-auto mt-24 max-w-md space-y-3 rounded-lg border border-zinc-800 p-6">
      <h1 className="text-lg font-semibold">Tailboard needs its access token</h1>
      <p className="text-sm text-zinc-400">Open the URL the gateway printed when it started (it ends in <code>?token=…</code>), or paste the token here.</p>
      <input aria-label="Access token" value={token} onChange={(e) => setToken(e.target.value)} autoFocus
        className="w-full rounded border border-zinc-700 bg-zinc-900 px-2 py-1 font-mono text-sm" />
      {state.error && <p role="alert" className="text-sm text-red-300">{state.error}</p>}
      <button type="submit" className="rounded bg-emerald-700 px-3 py-1 text-sm font-semibold">Sign in</button>
    </form>
  )
}
