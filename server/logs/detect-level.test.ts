import { describe, expect, it } from 'vitest'
import { detectLevel, levelFromName } from './detect-level.ts'

describe('detectLevel', () => {
  it.each([
    ['2024-05-01T10:00:00Z INFO server listening on :8080', 'info'],
    ['[ERROR] connection refused', 'error'],
    ['WARN: disk 91% full', 'warn'],
    ['warn: disk 91% full', 'warn'],
    ['12:00:01 [debug] cache miss key=a', 'debug'],
    ['ts=2024-05-01T10:00:00Z level=warn msg="slow query"', 'warn'],
    ['lvl=error msg=boom', 'error'],
    ['{"time":1,"level":"warn","msg":"retrying"}', 'warn'],
    ['{"severity":"ERROR","message":"x"}', 'error'],
    ['{"level":50,"msg":"pino error"}', 'error'],
    ['{"level":30,"msg":"pino info"}', 'info'],
    ['E1123 10:01:02.123456   42 main.go:12] failed to sync', 'error'],
    ['W1123 10:01:02.123456   42 main.go:12] slow', 'warn'],
    ['I1123 10:01:02.123456   42 main.go:12] ok', 'info'],
    ['Traceback (most recent call last):\n  File "x.py", line 1', 'error'],
    ['TypeError: cannot read properties of undefined', 'error'],
    ['java.lang.IllegalStateException: bad state\n\tat Foo.bar(Foo.java:1)', 'error'],
    ['2024 FATAL out of memory', 'fatal'],
    ['PANIC: runtime error', 'fatal'],
    ['CRITICAL database unreachable', 'fatal'],
    ['WARNING deprecated flag', 'warn'],
    ['DEBUG tick', 'debug'],
    ['TRACE enter handler', 'trace'],
    ['\x1b[32mINFO\x1b[0m GET /health 200', 'info'],
    ['\x1b[1;31m[ERROR]\x1b[0m upstream timeout', 'error'],
  ] as const)('%j → %s', (text, level) => {
    expect(detectLevel(text)).toBe(level)
  })

  it('returns the caller fallback when there is no marker', () => {
    expect(detectLevel('just some output')).toBe('unknown')
    expect(detectLevel('just some output', 'info')).toBe('info')
    expect(detectLevel('')).toBe('unknown')
  })

  it('does not read words inside identifiers or lower-case prose as levels', () => {
    expect(detectLevel('ERR_CONNECTION_RESET while INFORMATIONAL fetch')).toBe('unknown')
    expect(detectLevel('no error here, just info about the weather')).toBe('unknown')
  })

  it('only looks at the head of long lines', () => {
    expect(detectLevel(`${'x'.repeat(300)} ERROR late`)).toBe('unknown')
  })

  it('prefers the first marker', () => {
    expect(detectLevel('INFO request failed with ERROR from upstream')).toBe('info')
  })
})

describe('levelFromName', () => {
  it('maps names and numbers', () => {
    expect(levelFromName('Warning')).toBe('warn')
    expect(levelFromName('60')).toBe('fatal')
    expect(levelFromName('banana')).toBeUndefined()
  })
})
