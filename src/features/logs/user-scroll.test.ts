import { afterEach, describe, expect, it } from 'vitest'
import { userIsScrolling, watchUserScroll } from './user-scroll'

let stop: (() => void) | null = null
afterEach(() => stop?.())

describe('userIsScrolling', () => {
  it('is false until the user touches a wheel, key or pointer, and for a second after', () => {
    stop = watchUserScroll()
    expect(userIsScrolling()).toBe(false)
    window.dispatchEvent(new WheelEvent('wheel', { deltaY: -100 }))
    const at = performance.now()
    expect(userIsScrolling(at)).toBe(true)
    expect(userIsScrolling(at + 1_500)).toBe(false)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageUp' }))
    expect(userIsScrolling()).toBe(true)
  })

  it('stays true while a pointer is held (a scrollbar drag), whatever its length', () => {
    stop = watchUserScroll()
    window.dispatchEvent(new Event('pointerdown'))
    expect(userIsScrolling(performance.now() + 60_000)).toBe(true)
    window.dispatchEvent(new Event('pointerup'))
    expect(userIsScrolling(performance.now() + 1_500)).toBe(false)
  })

  it('forgets everything once stopped', () => {
    stop = watchUserScroll()
    window.dispatchEvent(new Event('pointerdown'))
    stop()
    stop = null
    expect(userIsScrolling()).toBe(false)
    window.dispatchEvent(new WheelEvent('wheel'))
    expect(userIsScrolling()).toBe(false)
  })
})
