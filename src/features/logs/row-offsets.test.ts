import { describe, expect, it } from 'vitest'
import { RowOffsets, scrollTopFor } from './row-offsets'

// Row id `id` is `1 + id % 3` text lines of 20 px: heights 20, 40, 60, 20, 40, 60…
const heightOfId = (id: number) => 20 * (1 + (((id % 3) + 3) % 3))
const view = (offset: number, length: number, generation = 0) => ({ offset, length, generation })

function synced(offsets: RowOffsets, v: ReturnType<typeof view>, key: unknown[] = [true, 800]) {
  const reads: number[] = []
  offsets.sync(v, key, (row) => {
    reads.push(v.offset + row)
    return heightOfId(v.offset + row)
  })
  return reads
}

const expectedTop = (v: ReturnType<typeof view>, row: number) => {
  let top = 0
  for (let id = v.offset; id < v.offset + row; id++) top += heightOfId(id)
  return top
}

describe('RowOffsets', () => {
  it('gives each row its top and size, and the whole height', () => {
    const offsets = new RowOffsets()
    const v = view(0, 7)
    synced(offsets, v)
    expect([0, 1, 2, 3, 6].map((row) => offsets.rowTop(v, row))).toEqual([0, 20, 60, 120, 240])
    expect(offsets.rowSize(v, 2)).toBe(60)
    expect(offsets.totalSize(v)).toBe(260)
  })

  it('reads the heights of new rows only: appended at the end, or added at the front by a re-filter', () => {
    const offsets = new RowOffsets()
    synced(offsets, view(100, 1000))
    expect(synced(offsets, view(100, 1003))).toEqual([1100, 1101, 1102])
    expect(synced(offsets, view(97, 1006))).toEqual([99, 98, 97])
    const v = view(97, 1006)
    expect(offsets.rowTop(v, 500)).toBe(expectedTop(v, 500))
    expect(offsets.totalSize(v)).toBe(expectedTop(v, 1006))
  })

  it('keeps a row at the same absolute top when rows are evicted above it', () => {
    const offsets = new RowOffsets()
    synced(offsets, view(0, 1000))
    const before = offsets.topOf(600)
    expect(synced(offsets, view(250, 750))).toEqual([])
    expect(offsets.topOf(600)).toBe(before)
    const v = view(250, 750)
    // Relative to the view, rows move up by exactly the evicted rows' height.
    expect(offsets.rowTop(v, 600 - 250)).toBe(before - expectedTop(view(0, 1000), 250))
    expect(offsets.rowTop(v, 0)).toBe(0)
  })

  it('rebuilds (a new epoch) when the heights change meaning, the view is rebuilt or no row is shared', () => {
    const offsets = new RowOffsets()
    synced(offsets, view(0, 10))
    const epoch = offsets.epoch
    synced(offsets, view(0, 12))
    expect(offsets.epoch).toBe(epoch)
    expect(synced(offsets, view(0, 12), [true, 640])).toHaveLength(12)
    expect(offsets.epoch).toBe(epoch + 1)
    expect(synced(offsets, view(0, 12, 1), [true, 640])).toHaveLength(12)
    expect(synced(offsets, view(50, 5, 1), [true, 640])).toEqual([50, 51, 52, 53, 54])
    expect(offsets.epoch).toBe(epoch + 3)
  })

  it('finds the row at a scroll offset, and the rows around a viewport', () => {
    const offsets = new RowOffsets()
    const v = view(3, 9) // ids 3…11: 20, 40, 60, 20, 40, 60, 20, 40, 60 → tops 0, 20, 60, 120, 140, 180, 240, 260, 300
    synced(offsets, v)
    expect([0, 19, 20, 59, 60, 139, 140, 330, 1e6, -5].map((y) => offsets.rowAt(v, y))).toEqual([0, 0, 1, 1, 2, 3, 4, 8, 8, 0])
    expect(offsets.itemsAt(v, 60, 80, 0)).toEqual([
      { index: 2, offset: 60, size: 60 },
      { index: 3, offset: 120, size: 20 },
    ])
    expect(offsets.itemsAt(v, 60, 80, 1).map((it) => it.index)).toEqual([1, 2, 3, 4])
    expect(offsets.itemsAt(view(0, 0), 0, 500, 4)).toEqual([])
  })
})

describe('scrollTopFor', () => {
  it('aligns a row at the start, the end or the middle of the viewport', () => {
    expect(scrollTopFor('start', 400, 60, 200)).toBe(400)
    expect(scrollTopFor('end', 400, 60, 200)).toBe(260)
    expect(scrollTopFor('center', 400, 60, 200)).toBe(330)
  })
})
