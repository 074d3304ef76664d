import type { VirtualItem } from 'react-window'
import { IndexDeque } from './index-deque'

/** What the offsets follow of a published view: its rows' stable ids are `offset` … `offset + length - 1`. */
export type ViewRows = { readonly offset: number; readonly length: number; readonly generation: number }

/**
 * The tops of a view's rows when their heights vary (wrapped or expanded rows), kept from one published view to the
 * next. A row's height never changes while its id, the width, the wrap and the expanded rows stay the same, so a new
 * view costs the heights of its new rows only: new lines at the end, re-filtered ones at the front. Evicted rows just
 * leave the front. (react-window rebuilds its sizes from row 0 to the viewport whenever the row count changes: with
 * the reader 70,000 rows down, every batch of a flood cost 70,000 height reads.)
 *
 * Tops are absolute: a row keeps its top from view to view, which is what keeps the rows under the reader's eyes in
 * place while rows come and go above them.
 */
export class RowOffsets {
  /** Entry `i`: the top of row id `origin + tops.offset + i`; the last entry is the bottom of the last row. */
  private tops = new IndexDeque()
  private origin = 0
  private generation = -1
  private key: readonly unknown[] = []
  /** Bumped whenever the tops are rebuilt from scratch: absolute tops of different epochs do not compare. */
  epoch = 0

  /** Brings the tops up to `view`; `key` lists what the heights depend on (any change rebuilds them). */
  sync(view: ViewRows, key: readonly unknown[], heightOf: (row: number) => number): void {
    const end = view.offset + view.length
    if (view.generation !== this.generation || !sameKey(key, this.key) || end < this.lo || view.offset > this.hi) {
      this.generation = view.generation
      this.key = key
      this.epoch++
      this.tops = new IndexDeque(Math.max(1024, view.length + 1))
      this.origin = view.offset
      this.tops.pushBack(0)
    }
    // Rows a re-filter added at the front, then new rows at the end, then rows evicted from the front.
    for (let id = this.lo - 1; id >= view.offset; id--) this.tops.pushFront(this.topOf(id + 1) - heightOf(id - view.offset))
    for (let id = this.hi; id < end; id++) this.tops.pushBack(this.topOf(id) + heightOf(id - view.offset))
    while (this.lo < view.offset) this.tops.popFront()
  }

  /** First row id held. */
  private get lo(): number {
    return this.origin + this.tops.offset
  }

  /** One past the last row id held (its top is the bottom of the last row). */
  private get hi(): number {
    return this.lo + this.tops.length - 1
  }

  /** Absolute top of row id `id` (`hi`: the bottom of the last row). */
  topOf(id: number): number {
    return this.tops.at(id - this.lo) ?? NaN
  }

  /** Top of row `row` of `view`, from the top of its first row. */
  rowTop(view: ViewRows, row: number): number {
    return this.topOf(view.offset + row) - this.topOf(view.offset)
  }

  rowSize(view: ViewRows, row: number): number {
    return this.topOf(view.offset + row + 1) - this.topOf(view.offset + row)
  }

  totalSize(view: ViewRows): number {
    return view.length === 0 ? 0 : this.rowTop(view, view.length)
  }

  /** The row of `view` at `y` px from its top (clamped to the first and last rows). */
  rowAt(view: ViewRows, y: number): number {
    let lo = 0
    let hi = view.length - 1
    const base = this.topOf(view.offset)
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.topOf(view.offset + mid) - base <= y) lo = mid
      else hi = mid - 1
    }
    return Math.max(0, lo)
  }

  /** The rows of `view` that cover `viewport` px from `scrollTop`, with `overscan` more on each side. */
  itemsAt(view: ViewRows, scrollTop: number, viewport: number, overscan: number): VirtualItem[] {
    if (view.length === 0) return []
    const first = Math.max(0, this.rowAt(view, scrollTop) - overscan)
    const last = Math.min(view.length - 1, this.rowAt(view, scrollTop + Math.max(viewport, 1) - 1) + overscan)
    const items: VirtualItem[] = []
    for (let row = first; row <= last; row++) items.push({ index: row, offset: this.rowTop(view, row), size: this.rowSize(view, row) })
    return items
  }
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]))
}

/** The scroll offset that shows a row of `size` px at `top` aligned in a viewport of `viewport` px. */
export function scrollTopFor(align: 'start' | 'center' | 'end', top: number, size: number, viewport: number): number {
  if (align === 'start') return top
  if (align === 'end') return top + size - viewport
  return top + size / 2 - viewport / 2
}
