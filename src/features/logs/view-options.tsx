import { cn } from '@/lib/cn'
import { useEffect } from 'react'
import { localZoneLabel } from './log-format'
import { useViewState, viewActions } from './view-state'

const BUTTON = 'rounded border px-2 py-1'

/** Time zone, wrap and theme. The theme applies to the whole page (a class on <html>). */
export function ViewOptions() {
  const { timeZone, wrap, theme } = useViewState((s) => s)
  useEffect(() => {
    document.documentElement.classList.toggle('light', theme === 'light')
    document.documentElement.classList.toggle('dark', theme === 'dark')
  }, [theme])
  return (
    <div className="flex items-center gap-1">
      <button type="button" onClick={viewActions.timeZoneToggled} title="Show times in UTC or in your zone" className={cn(BUTTON, 'border-zinc-700')}>
        Time: {timeZone === 'utc' ? 'UTC' : `local (${localZoneLabel()})`}
      </button>
      <button type="button" aria-pressed={wrap} onClick={viewActions.wrapToggled} className={cn(BUTTON, wrap ? 'border-sky-500 text-sky-300' : 'border-zinc-700')}>
        Wrap
      </button>
      <button type="button" onClick={viewActions.themeToggled} className={cn(BUTTON, 'border-zinc-700')}>
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
    </div>
  )
}
