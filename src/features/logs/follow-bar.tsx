import { countOf, formatCount } from '@/lib/count'
import { jumpToLive, resume } from './follow-actions'
import { useLogFollow, useLogSince } from './log-store'

const BUTTON = 'rounded-full px-3 py-1 text-xs font-medium shadow-lg focus-visible:outline-2 focus-visible:outline-sky-300'

/** Shown while not following: what arrived below (lines, errors, lines evicted unseen) and the ways back. */
export function FollowBar() {
  const follow = useLogFollow()
  const since = useLogSince()
  const lines = since?.lines ?? 0
  const errors = since?.errors ?? 0
  return (
    <div role="status" aria-label="Follow state" className="absolute bottom-3 right-5 flex items-center gap-2">
      <span className="rounded-full bg-zinc-800/95 px-3 py-1 text-xs text-zinc-200 shadow-lg">
        {follow === 'paused' && <strong className="mr-1 text-amber-300">⏸ Paused</strong>}
        {countOf(lines, 'new line')}
        {errors > 0 && <span className="text-red-300">, {countOf(errors, 'error')}</span>} below
        {since && since.evictedUnseen > 0 && <span className="text-amber-300"> · {formatCount(since.evictedUnseen)} evicted before you saw them</span>}
      </span>
      {follow === 'paused' && (
        <button type="button" onClick={resume} className={`${BUTTON} bg-zinc-700 text-white hover:bg-zinc-600`}>Resume</button>
      )}
      <button type="button" onClick={jumpToLive} className={`${BUTTON} bg-sky-600 text-white hover:bg-sky-500`}>Jump to live</button>
    </div>
  )
}
