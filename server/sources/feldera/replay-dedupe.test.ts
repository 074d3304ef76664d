import { describe, expect, it } from 'vitest'
import { createReplayDedupe } from './replay-dedupe.ts'

describe('replay dedupe', () => {
  it('passes lines through until a reconnect, then drops the replayed buffer and keeps what is new', () => {
    const d = createReplayDedupe()
    expect(d.push(['a', 'b', 'c'])).toEqual({ lines: ['a', 'b', 'c'], diverged: false })
    d.reconnected()
    expect(d.push(['a', 'b'])).toEqual({ lines: [], diverged: false })
    expect(d.push(['c', 'd'])).toEqual({ lines: ['d'], diverged: false })
    expect(d.push(['e'])).toEqual({ lines: ['e'], diverged: false })
  })

  it('aligns on the longest match when lines repeat, and when the buffer lost its oldest lines', () => {
    const d = createReplayDedupe()
    d.push(['tick', 'tick', 'x', 'tick'])
    d.reconnected()
    // the upstream ring dropped the first "tick": the replay starts at the second one
    expect(d.push(['tick', 'x', 'tick', 'tick', 'y'])).toEqual({ lines: ['tick', 'y'], diverged: false })
  })

  it('reports a divergence when the replay does not continue what was seen, and emits all of it', () => {
    const d = createReplayDedupe()
    d.push(['a', 'b'])
    d.reconnected()
    expect(d.push(['p', 'q'])).toEqual({ lines: ['p', 'q'], diverged: true })
  })

  it('holds replayed lines that could still match, and drops them if the stream ends first', () => {
    const d = createReplayDedupe()
    d.push(['a', 'b', 'c'])
    d.reconnected()
    expect(d.push(['a', 'b'])).toEqual({ lines: [], diverged: false })
    expect(d.ended()).toEqual({ lines: [], diverged: false })
    d.reconnected()
    expect(d.push(['a', 'b', 'c', 'd'])).toEqual({ lines: ['d'], diverged: false })
  })

  it('forgets everything on reset (the upstream cleared its logs)', () => {
    const d = createReplayDedupe()
    d.push(['a'])
    d.reset()
    d.reconnected()
    expect(d.replaying()).toBe(false)
    expect(d.push(['a'])).toEqual({ lines: ['a'], diverged: false })
  })
})
