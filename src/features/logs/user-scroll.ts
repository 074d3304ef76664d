/**
 * Whether the user is scrolling: a wheel, key, touch or pointer press in the last second, or a pointer still held
 * (a scrollbar drag). Only such a scroll may stop the list following its tail; a scroll the page makes by itself (a
 * resize clamping the offset, rows re-measured, a batch landing between a scroll and its event) must not, or at 50k
 * lines/s the ring evicts the rows under a viewport that nobody asked to stop.
 */
const RECENT_MS = 1_000
let lastInputAt = -Infinity
let pressed = false

const touched = () => {
  lastInputAt = performance.now()
}
const pressedDown = () => {
  pressed = true
  touched()
}
const released = () => {
  pressed = false
  touched()
}

const LISTENERS: ReadonlyArray<[string, () => void]> = [
  ['wheel', touched],
  ['keydown', touched],
  ['touchstart', touched],
  ['pointerdown', pressedDown],
  ['pointerup', released],
  ['pointercancel', released],
]

/** Starts watching the window's input (capture phase, passive); returns the stop. */
export function watchUserScroll(target: Window = window): () => void {
  const options = { capture: true, passive: true }
  for (const [type, listener] of LISTENERS) target.addEventListener(type, listener, options)
  return () => {
    for (const [type, listener] of LISTENERS) target.removeEventListener(type, listener, options)
    pressed = false
    lastInputAt = -Infinity
  }
}

export const userIsScrolling = (now = performance.now()) => pressed || now - lastInputAt < RECENT_MS
