import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRecordGrouper } from './record-grouper.ts'

function setup(opts: { maxLines?: number; maxChars?: number } = {}) {
  const records: string[] = []
  const grouper = createRecordGrouper({ onRecord: (r) => records.push(r), idleMs: 50, ...opts })
  const push = (...lines: string[]) => lines.forEach((l) => grouper.push(l))
  return { records, grouper, push }
}

describe('createRecordGrouper', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('emits a single-line record when the next record starts', () => {
    const { records, push } = setup()
    push('one', 'two')
    expect(records).toEqual(['one'])
  })

  it('emits a held record after the idle time, not before', () => {
    const { records, push } = setup()
    push('alone')
    vi.advanceTimersByTime(49)
    expect(records).toEqual([])
    vi.advanceTimersByTime(1)
    expect(records).toEqual(['alone'])
  })

  it('measures idleness from the last line, so a slowly written trace stays whole', () => {
    const { records, push } = setup()
    push('Error: boom')
    vi.advanceTimersByTime(40)
    push('    at a (a.js:1:1)')
    vi.advanceTimersByTime(40)
    push('    at b (b.js:2:2)')
    vi.advanceTimersByTime(49)
    expect(records).toEqual([])
    vi.advanceTimersByTime(1)
    expect(records).toEqual(['Error: boom\n    at a (a.js:1:1)\n    at b (b.js:2:2)'])
  })

  it('joins a Java stack trace with Caused by and ... N more', () => {
    const { records, push, grouper } = setup()
    push(
      'ERROR request failed',
      'java.lang.IllegalStateException: outer',
      '\tat com.x.A.run(A.java:10)',
      'Caused by: java.io.IOException: inner',
      '\tat com.x.B.read(B.java:5)',
      '\t... 12 more',
      'at unindented.frame(X.java:1)',
      'INFO next',
    )
    grouper.flush()
    expect(records).toEqual([
      'ERROR request failed',
      'java.lang.IllegalStateException: outer\n\tat com.x.A.run(A.java:10)\nCaused by: java.io.IOException: inner\n\tat com.x.B.read(B.java:5)\n\t... 12 more\nat unindented.frame(X.java:1)',
      'INFO next',
    ])
  })

  it('keeps a Python traceback with its message and final exception line as one record', () => {
    const { records, push, grouper } = setup()
    push(
      'ERROR:root:job failed',
      'Traceback (most recent call last):',
      '  File "job.py", line 3, in <module>',
      '    main()',
      '',
      '  File "job.py", line 2, in main',
      'ValueError: bad input',
      'INFO:root:next job',
    )
    grouper.flush()
    expect(records).toHaveLength(2)
    expect(records[0]).toBe(
      'ERROR:root:job failed\nTraceback (most recent call last):\n  File "job.py", line 3, in <module>\n    main()\n\n  File "job.py", line 2, in main\nValueError: bad input',
    )
    expect(records[1]).toBe('INFO:root:next job')
  })

  it('keeps chained Python exceptions together', () => {
    const { records, push, grouper } = setup()
    push(
      'Traceback (most recent call last):',
      '  File "a.py", line 1',
      'KeyError: 1',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "a.py", line 3',
      'RuntimeError: wrapped',
      'next',
    )
    grouper.flush()
    expect(records).toHaveLength(2)
    expect(records[0]!.split('\n')).toHaveLength(9)
    expect(records[1]).toBe('next')
  })

  it('a traceback after a long pause starts its own record', () => {
    const { records, push, grouper } = setup()
    push('INFO earlier')
    vi.advanceTimersByTime(100)
    push('Traceback (most recent call last):', '  File "x.py", line 1', 'OSError: nope')
    grouper.flush()
    expect(records).toEqual(['INFO earlier', 'Traceback (most recent call last):\n  File "x.py", line 1\nOSError: nope'])
  })

  it('caps a record by line count and size', () => {
    const byLines = setup({ maxLines: 3 })
    byLines.push('head', ' 1', ' 2', ' 3', ' 4')
    byLines.grouper.flush()
    expect(byLines.records).toEqual(['head\n 1\n 2', ' 3\n 4'])

    const bySize = setup({ maxChars: 10 })
    bySize.push('head', ' 12345', ' 6')
    bySize.grouper.flush()
    expect(bySize.records).toEqual(['head', ' 12345\n 6'])
  })

  it('an indented first line is a record of its own', () => {
    const { records, push, grouper } = setup()
    push('  indented first')
    grouper.dispose()
    expect(records).toEqual(['  indented first'])
  })

  it('dispose emits and clears the timer', () => {
    const { records, push, grouper } = setup()
    push('x')
    grouper.dispose()
    expect(records).toEqual(['x'])
    expect(vi.getTimerCount()).toBe(0)
  })
})
