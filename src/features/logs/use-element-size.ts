import { useLayoutEffect, useState } from 'react'

export type ElementSize = { width: number; height: number }

/**
 * The element's content-box size: read once when it mounts (so the first paint already knows it), then kept by a
 * ResizeObserver. `fallback` until the element exists, and where there is no ResizeObserver (jsdom).
 */
export function useElementSize(element: HTMLElement | null, fallback: ElementSize): ElementSize {
  const [size, setSize] = useState(fallback)
  useLayoutEffect(() => {
    if (!element) return
    const update = (width: number, height: number) =>
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }))
    if (element.clientWidth > 0 || element.clientHeight > 0) update(element.clientWidth, element.clientHeight)
    if (typeof ResizeObserver !== 'function') return
    const observer = new ResizeObserver(([entry]) => entry && update(entry.contentRect.width, entry.contentRect.height))
    observer.observe(element)
    return () => observer.disconnect()
  }, [element])
  return size
}
