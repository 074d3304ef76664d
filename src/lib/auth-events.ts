/**
 * "The gateway no longer accepts this tab's session" (it restarted with a new token): any request that gets a 401
 * reports it here, and the session gate asks for the token again instead of leaving panels retrying forever.
 */
const SIGNED_OUT = 'tailboard:signed-out'

export const reportSignedOut = () => window.dispatchEvent(new Event(SIGNED_OUT))

export function onSignedOut(listener: () => void): () => void {
  window.addEventListener(SIGNED_OUT, listener)
  return () => window.removeEventListener(SIGNED_OUT, listener)
}
