import { compactCount, WIDEST_COMPACT_COUNT } from './count'
import { ReservedWidth } from './reserved-width'

/**
 * A count that changes under the user's pointer (level chips during a flood, status chips on every poll): compact
 * ("12.3K") and as wide as the widest compact count, so its chip neither grows nor moves its neighbours. Put the exact
 * count in the chip's tooltip; the parent sets tabular digits.
 */
export function CompactCount({ n, align = 'start' }: { n: number; align?: 'start' | 'end' }) {
  return <ReservedWidth widest={WIDEST_COMPACT_COUNT} align={align}>{compactCount(n)}</ReservedWidth>
}
