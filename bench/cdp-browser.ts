/**
 * Chromium driven over a bare DevTools connection, for the runs that flood a page through a WebSocket.
 *
 * Playwright enables the Network domain on every page and worker it drives (that is how it reports WebSockets), and
 * Chromium then copies every WebSocket message into a DevTools event (`Network.webSocketFrameReceived`, with the whole
 * payload). At 50,000 lines/s that is ~15 MB/s that the renderer JSON-escapes, the browser process relays (0.23–0.31
 * core measured) and the bench's own Node process parses, all on the 2 cores the page under test shares. A user's tab
 * has no DevTools attached. These pages attach only Page, Runtime, Input, Performance and, when asked, Profiler.
 *
 * The API is the few Playwright page methods the flood runs use, with the same meaning.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { findChromium } from '../scripts/ensure-chromium.mjs'
import { CHROMIUM_ARGS } from './browser.ts'
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any, location: any // in-page callbacks only

// The switches Playwright launches Chromium with that change how a page runs (timers and rendering of a tab that
// is not focused, IPC flood protection), so figures stay comparable with the Playwright-driven runs.
const RUN_LIKE_PLAYWRIGHT = [
  '--headless',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-ipc-flooding-protection',
  '--disable-hang-monitor',
  '--disable-field-trial-config',
  '--disable-back-forward-cache',
  '--disable-breakpad',
  '--disable-extensions',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--no-default-browser-check',
  '--force-color-profile=srgb',
  '--password-store=basic',
  '--use-mock-keychain',
]

/** One DevTools session: a target's when `sessionId` is set, else the browser's. */
export type CdpSession = { send<T = unknown>(method: string, params?: object): Promise<T> }

export type CdpPage = CdpSession & {
  /** Runs `script` (source, or a function called with `arg`) in every document before its own scripts. */
  addInitScript<A>(script: string | ((arg: A) => void), arg?: A): Promise<void>
  goto(url: string, options?: { timeout?: number }): Promise<void>
  /** Calls `fn(arg)` in the page; awaits a returned promise; returns the result by value. */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>
  /** Polls `fn(arg)` until it is truthy; rejects after `timeout` ms. */
  waitForFunction<A = undefined>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number; polling?: number }): Promise<void>
  /** A real mouse click (press and release) at the middle of the first element matching `selector`. */
  click(selector: string, options?: { timeout?: number }): Promise<void>
  close(): Promise<void>
}

export type CdpBrowser = {
  /** A page in a fresh browser context (its own storage), with a viewport of `width` × `height`. */
  newPage(viewport?: { width: number; height: number }): Promise<CdpPage>
  /** The browser's own session (Tracing, for one). */
  session: CdpSession
  /** Calls `listener` with the params of every `method` event, of any session; returns the unsubscribe. */
  on(method: string, listener: (params: unknown) => void): () => void
  close(): Promise<void>
}

type Reply = { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: unknown; sessionId?: string }

export async function launchCdpBrowser(): Promise<CdpBrowser> {
  const executable = findChromium()
  if (!executable) throw new Error('no Chromium: run `node scripts/ensure-chromium.mjs` (or set CHROMIUM_PATH)')
  const profile = mkdtempSync(join(tmpdir(), 'tailboard-bench-chromium-'))
  // --remote-debugging-pipe: the protocol on fds 3 (to Chromium) and 4 (from it), messages ended by NUL; no port.
  const chrome: ChildProcess = spawn(executable, [...RUN_LIKE_PLAYWRIGHT, ...CHROMIUM_ARGS, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  })
  const toChrome = chrome.stdio[3] as Writable
  const fromChrome = chrome.stdio[4] as Readable
  let nextId = 1
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; method: string }>()
  let exited: Error | null = null
  let buffered = ''
  const listeners = new Map<string, Set<(params: unknown) => void>>()
  fromChrome.setEncoding('utf8')
  fromChrome.on('data', (chunk: string) => {
    const parts = (buffered + chunk).split('\0')
    buffered = parts.pop()!
    for (const part of parts) {
      const reply = JSON.parse(part) as Reply
      if (reply.id === undefined) {
        for (const listener of listeners.get(reply.method ?? '') ?? []) listener(reply.params)
        continue
      }
      const call = waiting.get(reply.id)
      waiting.delete(reply.id)
      if (reply.error) call?.reject(new Error(`${call.method}: ${reply.error.message}`))
      else call?.resolve(reply.result)
    }
  })
  chrome.once('exit', (code, signal) => {
    exited = new Error(`Chromium exited (${signal ?? code})`)
    for (const call of waiting.values()) call.reject(exited)
    waiting.clear()
  })

  const session = (sessionId?: string): CdpSession => ({
    send<T>(method: string, params: object = {}) {
      if (exited) return Promise.reject(exited)
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, method })
        toChrome.write(JSON.stringify({ id, method, params, sessionId }) + '\0')
      })
    },
  })
  const browser = session()
  // The first call also waits for Chromium to be up.
  let startTimer: ReturnType<typeof setTimeout> | undefined
  try {
    await Promise.race([browser.send('Browser.getVersion'), new Promise((_, reject) => (startTimer = setTimeout(() => reject(new Error('Chromium did not answer within 30 s')), 30_000)))])
  } catch (e) {
    chrome.kill('SIGKILL')
    rmSync(profile, { recursive: true, force: true })
    throw e
  } finally {
    clearTimeout(startTimer)
  }

  return {
    async newPage(viewport = { width: 1400, height: 900 }) {
      const { browserContextId } = await browser.send<{ browserContextId: string }>('Target.createBrowserContext')
      const { targetId } = await browser.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank', browserContextId })
      const { sessionId } = await browser.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })
      const page = session(sessionId)
      await page.send('Page.enable')
      await page.send('Runtime.enable')
      await page.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false })
      return pageOn(page, async () => {
        await browser.send('Target.disposeBrowserContext', { browserContextId }).catch(() => undefined)
      })
    },
    session: browser,
    on(method, listener) {
      const set = listeners.get(method) ?? listeners.set(method, new Set()).get(method)!
      set.add(listener)
      return () => set.delete(listener)
    },
    async close() {
      chrome.kill('SIGKILL')
      if (!exited) await new Promise((r) => chrome.once('exit', r))
      // The renderer and GPU processes can still be writing into the profile for a moment after the browser's exit.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
    },
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function pageOn(page: CdpSession, close: () => Promise<void>): CdpPage {
  async function evaluateSource<T>(expression: string): Promise<T> {
    const r = await page.send<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    })
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`)
    return r.result.value as T
  }
  const call = (fn: (arg: never) => unknown, arg: unknown) => `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`

  const self: CdpPage = {
    send: page.send,
    async addInitScript(script, arg) {
      const source = typeof script === 'string' ? script : call(script, arg)
      await page.send('Page.addScriptToEvaluateOnNewDocument', { source })
    },
    async goto(url, { timeout = 30_000 } = {}) {
      const { errorText } = await page.send<{ errorText?: string }>('Page.navigate', { url })
      if (errorText) throw new Error(`goto ${url}: ${errorText}`)
      // The old document (about:blank) is complete too: wait for the new origin's.
      const origin = new URL(url).origin
      await self.waitForFunction((o) => location.origin === o && document.readyState === 'complete', origin, { timeout })
    },
    evaluate: (fn, arg) => evaluateSource(call(fn, arg)),
    async waitForFunction(fn, arg, { timeout = 30_000, polling = 50 } = {}) {
      const until = Date.now() + timeout
      for (;;) {
        // A navigation under way destroys the context the check runs in: that is a "not yet".
        if (await evaluateSource(call(fn, arg)).catch(() => false)) return
        if (Date.now() >= until) throw new Error(`waitForFunction: not true within ${timeout} ms: ${fn.toString().slice(0, 120)}`)
        await sleep(polling)
      }
    },
    async click(selector, { timeout = 10_000 } = {}) {
      await self.waitForFunction((s) => document.querySelector(s) !== null, selector, { timeout })
      const { x, y } = await self.evaluate((s) => {
        const el = document.querySelector(s)!
        el.scrollIntoView({ block: 'center', inline: 'center' })
        const r = el.getBoundingClientRect()
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 }
      }, selector)
      await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y })
      await page.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', buttons: 1, clickCount: 1 })
      await page.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', buttons: 0, clickCount: 1 })
    },
    close,
  }
  return self
}
