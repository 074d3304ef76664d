import type { VirtualItem } from 'react-window'

export type TailRows = { items: VirtualItem[]; totalSize: number }

/**
 * The rows of a list that follows its tail: the last ones filling `viewport` px, with `overscan` more above. They
 * follow from the row count alone, so a batch that adds rows is rendered and laid out once, already at the tail. (A
 * virtualizer learns its new range only from the scroll event after the list has grown: one render and one layout of
 * the old range first, at every batch.)
 *
 * Only these rows' heights are read. The rows above count `restSize` each, so wrapped or expanded rows cost a few
 * dozen height reads per batch, not one per held row; `totalSize` is then an estimate above the tail (exact with
 * fixed-height rows), and a list leaving the tail re-anchors its rows (see LogList).
 */
export function tailItems(count: number, viewport: number, size: number | ((index: number) => number), overscan: number, restSize = typeof size === 'number' ? size : 0): TailRows {
  if (count <= 0) return { items: [], totalSize: 0 }
  const heightOf = typeof size === 'number' ? () => size : size
  const heights: number[] = []
  let covered = 0
  let start = count
  while (start > 0 && covered < viewport) {
    const height = heightOf(--start)
    heights.push(height)
    covered += height
  }
  if (heights.length === 0) heights.push(heightOf(--start)) // not measured yet: at least the last row
  for (let more = 0; more < overscan && start > 0; more++) heights.push(heightOf(--start))
  const items: VirtualItem[] = []
  let offset = start * restSize
  for (let i = heights.length - 1; i >= 0; i--) {
    const height = heights[i]!
    items.push({ index: count - 1 - i, offset, size: height })
    offset += height
  }
  return { items, totalSize: offset }
}
