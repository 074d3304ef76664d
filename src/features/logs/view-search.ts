/**
 * Binary search over `length` rows whose keys ascend: the first row whose key is >= `target` (`length` when none).
 * View rows are line indexes with gap markers in between, keyed just below the line they precede.
 */
export function searchRow(length: number, keyAt: (row: number) => number, target: number): number {
  let lo = 0
  let hi = length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (keyAt(mid) < target) lo = mid + 1
    else hi = mid
  }
  return lo
}
