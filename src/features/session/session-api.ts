import { z } from 'zod'
import { apiRequest } from '@/lib/api-client'

/**
 * Trades the token from the URL the gateway printed for an HttpOnly session cookie, then removes it from the
 * address bar so it does not end up in history, bookmarks or screenshots. Returns whether there was a token.
 * @throws ApiError when the gateway refuses the token
 */
export async function tradeTokenFromUrl(): Promise<boolean> {
  const url = new URL(window.location.href)
  const token = url.searchParams.get('token')
  if (!token) return false
  url.searchParams.delete('token')
  window.history.replaceState(window.history.state, '', url)
  await signIn(token)
  return true
}

export async function signIn(token: string): Promise<void> {
  await apiRequest('/api/session', z.undefined(), { method: 'POST', body: { token } })
}
