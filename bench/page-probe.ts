/**
 * Measurement code injected into the dashboard (page.addInitScript) — it reads the DOM and `performance` only, no app
 * internals. Lag: when the log list's DOM changes (MutationObserver, i.e. at React's commit, which the browser paints
 * in the same frame) the newest row's `data-seq` and `<time dateTime>` (the line's creation time) give the lag of
 * every line up to it; the next animation frame bounds the paint from above. Frames: a rAF loop. Long frames:
 * PerformanceObserver `long-animation-frame`. Input: Event Timing plus a click listener.
 * ⚠️ Self-contained: Playwright serialises this function, so it may not use imports or outer variables.
 */
// In-page code, type-checked with Node types only (server/tsconfig.json): the DOM globals it touches are declared loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, window: any, MutationObserver: any, addEventListener: any, requestAnimationFrame: (cb: (t: number) => void) => number

export type ProbeLag = [count: number, lagNewestMs: number, lagOldestMs: number, nextFrameMs: number]
export type ProbeData = {
  frames: number[]
  lags: ProbeLag[]
  /**
   * Long animation frames. `scriptMs`: scripts run in tasks before the frame's rendering (of which `forcedLayoutMs` in
   * layouts a script forced); `frameScriptMs`: scripts inside the rendering step (animation-frame and resize
   * callbacks); `renderMs`: the rendering step's own style, layout and paint.
   */
  loafs: Array<{ start: number; duration: number; blocking: number; script?: string; scriptMs?: number; forcedLayoutMs?: number; frameScriptMs?: number; renderMs?: number }>
  events: Array<{ name: string; start: number; delay: number; duration: number }>
  clicks: Array<{ start: number; handled: number; nextFrame: number }>
  newestSeq: number
}

export function installProbe(): void {
  const data: ProbeData = { frames: [], lags: [], loafs: [], events: [], clicks: [], newestSeq: -1 }
  const w = window as unknown as { __bench: ProbeData & { reset(): void } }
  w.__bench = Object.assign(data, {
    reset() {
      data.frames.length = data.lags.length = data.loafs.length = data.events.length = data.clicks.length = 0
      // The runs that measure lag start their flood right after a reset, so no line painted after it was created
      // before it. Without this, the first batch's lags spanned back to the line that primed the page: the whole
      // wait between the two (a 4 s wait gave a "max lag" of 4.2 s).
      lastCreated = wall()
    },
  })
  const wall = () => performance.timeOrigin + performance.now()
  let lastCreated = NaN
  const pendingPaint: Array<{ sample: ProbeLag; created: number }> = []
  let observed: { querySelectorAll(s: string): any } | null = null // eslint-disable-line @typescript-eslint/no-explicit-any

  function readNewest(): void {
    const rows = observed!.querySelectorAll('[data-seq]')
    let best: { querySelector(s: string): { getAttribute(n: string): string | null } | null } | null = null
    let bestSeq = -1
    for (let i = 0; i < rows.length; i++) {
      const seq = Number(rows[i].dataset.seq)
      if (seq > bestSeq) {
        bestSeq = seq
        best = rows[i]
      }
    }
    if (!best || bestSeq <= data.newestSeq) return
    // The creation stamp in the text (`#<n> <epochMicros>`) when the line has one: a file source stamps `ts` when
    // it reads the line, not when the line was written.
    const stamp = /#\d+ (\d{13,17})/.exec((best as unknown as { textContent: string }).textContent)
    const created = stamp ? Number(stamp[1]) / 1000 : Date.parse(best.querySelector('time')?.getAttribute('datetime') ?? '')
    const now = wall()
    const count = data.newestSeq < 0 ? 1 : bestSeq - data.newestSeq
    // Lines between the previous newest and this one were created between the two stamps: their lags span both.
    const sample: ProbeLag = [count, now - created, now - (Number.isNaN(lastCreated) ? created : Math.min(created, lastCreated)), NaN]
    data.lags.push(sample)
    pendingPaint.push({ sample, created })
    data.newestSeq = bestSeq
    lastCreated = created
  }

  const mo = new MutationObserver(() => readNewest())
  const loop = (t: number) => {
    data.frames.push(t)
    if (pendingPaint.length > 0) {
      const now = wall()
      for (const p of pendingPaint) p.sample[3] = now - p.created
      pendingPaint.length = 0
    }
    if (!observed) {
      observed = document.querySelector('[aria-label="Log lines"]')
      if (observed) mo.observe(observed, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-seq'] })
    }
    requestAnimationFrame(loop)
  }
  requestAnimationFrame(loop)

  try {
    new PerformanceObserver((list) => {
      type Script = { startTime: number; sourceFunctionName?: string; invoker?: string; duration: number; forcedStyleAndLayoutDuration?: number }
      for (const e of list.getEntries() as Array<PerformanceEntry & { blockingDuration?: number; renderStart?: number; scripts?: Script[] }>) {
        const scripts = e.scripts ?? []
        const top = scripts.slice().sort((a, b) => b.duration - a.duration)[0]
        const renderStart = e.renderStart || e.startTime + e.duration
        const inFrame = scripts.filter((x) => x.startTime >= renderStart)
        const frameScriptMs = inFrame.reduce((sum, x) => sum + x.duration, 0)
        data.loafs.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration ?? 0,
          script: top ? `${top.invoker ?? ''} ${top.sourceFunctionName ?? ''} ${Math.round(top.duration)}ms` : undefined,
          scriptMs: Math.round(scripts.reduce((sum, x) => sum + x.duration, 0) - frameScriptMs),
          forcedLayoutMs: Math.round(scripts.reduce((sum, x) => sum + (x.forcedStyleAndLayoutDuration ?? 0), 0)),
          frameScriptMs: Math.round(frameScriptMs),
          renderMs: Math.round(e.startTime + e.duration - renderStart - frameScriptMs),
        })
      }
    }).observe({ type: 'long-animation-frame', buffered: true })
  } catch {
    // not supported: long frames come from the rAF gaps instead
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Array<PerformanceEntry & { processingStart: number }>) {
        data.events.push({ name: e.name, start: e.startTime, delay: e.processingStart - e.startTime, duration: e.duration })
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as { type: string })
  } catch {
    // no Event Timing
  }
  addEventListener(
    'click',
    (e: { timeStamp: number }) => {
      const c = { start: e.timeStamp, handled: performance.now(), nextFrame: NaN }
      data.clicks.push(c)
      requestAnimationFrame(() => setTimeout(() => (c.nextFrame = performance.now()), 0))
    },
    { capture: true },
  )
}
