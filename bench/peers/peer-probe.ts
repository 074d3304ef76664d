/**
 * Measurement code injected into a peer viewer's page (frontail, log.io): both append one DOM row per line, so a
 * MutationObserver sees each line when it is shown. A row's text leads with `#<n> <epochMicros>` (bench/peers/
 * file-flood.ts); each line number is counted once, with its lag (shown − created). Frames: a rAF loop.
 * ⚠️ Self-contained: Playwright serialises this function, so it may not use imports or outer variables.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, window: any, MutationObserver: any, addEventListener: any, requestAnimationFrame: (cb: (t: number) => void) => number

export type PeerProbeData = {
  /** Distinct lines shown so far. */
  shown: number
  /** [wall-clock ms when shown, lag ms] per distinct line shown. */
  seen: Array<[number, number]>
  frames: number[]
}

export function installPeerProbe(): void {
  const data: PeerProbeData = { shown: 0, seen: [], frames: [] }
  ;(window as { __peer: PeerProbeData }).__peer = data
  // One bit per line number: a viewer may show a line twice (a reconnect replays its last lines).
  let bits = new Uint8Array(1 << 20)
  const stamp = /#(\d+) (\d{13,17})/g
  const wall = () => performance.timeOrigin + performance.now()
  const look = (text: string, now: number) => {
    stamp.lastIndex = 0
    for (let m = stamp.exec(text); m; m = stamp.exec(text)) {
      const n = Number(m[1])
      if (n >= bits.length * 8) {
        const grown = new Uint8Array(Math.max(bits.length * 2, (n >> 3) + 1))
        grown.set(bits)
        bits = grown
      }
      if (bits[n >> 3]! & (1 << (n & 7))) continue
      bits[n >> 3]! |= 1 << (n & 7)
      data.shown++
      data.seen.push([now, now - Number(m[2]) / 1000])
    }
  }
  const mo = new MutationObserver((records: Array<{ addedNodes: ArrayLike<{ textContent: string | null }> }>) => {
    const now = wall()
    for (const r of records) for (let i = 0; i < r.addedNodes.length; i++) look(r.addedNodes[i]!.textContent ?? '', now)
  })
  const start = () => mo.observe(document.documentElement, { childList: true, subtree: true })
  if (document.documentElement) start()
  else addEventListener('DOMContentLoaded', start)
  const loop = (t: number) => {
    data.frames.push(t)
    requestAnimationFrame(loop)
  }
  requestAnimationFrame(loop)
}
