import { cn } from '@/lib/cn'
import { CompactCount } from '@/lib/compact-count'
import { formatCount } from '@/lib/count'
import { LEVELS, type Level } from '@server/protocol'
import { LEVEL_BADGE } from './log-format'
import { logStore, useLogFilter, useLogLevelCounts } from './log-store'

/**
 * One toggle per level with the lines held at that level; off hides the level (on top of the minimum level). The
 * counts are compact ("12.3K"; the exact one in the tooltip) in a width of their own, so the chips do not grow as lines
 * arrive: growing, they re-wrapped the toolbar as a flood began (see LogToolbar).
 */
export function LevelChips() {
  const counts = useLogLevelCounts()
  const filter = useLogFilter()
  const toggle = (level: Level) => {
    const f = logStore.getState().filter
    const hidden = f.hiddenLevels.includes(level) ? f.hiddenLevels.filter((l) => l !== level) : [...f.hiddenLevels, level]
    logStore.getState().actions.filterChanged({ ...f, hiddenLevels: hidden })
  }
  return (
    <div role="group" aria-label="Levels" className="flex items-center gap-1">
      {LEVELS.map((level) => {
        const shown = !filter.hiddenLevels.includes(level)
        const count = counts[level] ?? 0
        return (
          <button key={level} type="button" aria-pressed={shown} aria-label={`${level} lines`} title={`${formatCount(count)} ${level} lines held`} onClick={() => toggle(level)}
            className={cn('rounded px-1 py-0.5 text-[10px] font-semibold uppercase tabular-nums', LEVEL_BADGE[level], !shown && 'line-through opacity-40')}>
            {level} <CompactCount n={count} />
          </button>
        )
      })}
    </div>
  )
}
