import type { VirtualItem } from 'react-window'

/**
 * The rows of a list that follows its tail: the last ones filling `viewport` px, with `overscan` more above, each at
 * `index × rowHeight`. They follow from the row count alone, so a batch that adds rows is rendered and laid out once,
 * already at the tail. (A virtualizer learns its new range only from the scroll event after the list has grown: one
 * render and one layout of the old range first, at every batch.)
 */
export function tailItems(count: number, viewport: number, rowHeight: number, overscan: number): VirtualItem[] {
  if (count <= 0) return []
  const visible = Math.max(1, Math.ceil(viewport / rowHeight))
  const items: VirtualItem[] = []
  for (let index = Math.max(0, count - visible - overscan); index < count; index++) items.push({ index, offset: index * rowHeight, size: rowHeight })
  return items
}
