import type { ReactNode } from 'react'
import { cn } from './cn'

const ALIGN = { start: 'justify-items-start', center: 'justify-items-center', end: 'justify-items-end' }

/**
 * Text at least as wide as `widest`, laid out invisibly in the same grid cell, so what sits beside it does not move as
 * it changes. Counts that grow with a flood use it: growing, they re-wrapped the log toolbar as the flood began, and
 * the log list lost a row of height and re-rendered every row. `widest` is drawn by a pseudo-element: it is not in the
 * text that is read, copied or tested.
 */
export function ReservedWidth({ widest, align = 'start', children }: { widest: string; align?: keyof typeof ALIGN; children: ReactNode }) {
  return (
    <span
      data-widest={widest}
      className={cn('inline-grid before:invisible before:col-start-1 before:row-start-1 before:content-[attr(data-widest)]', ALIGN[align])}
    >
      <span className="col-start-1 row-start-1">{children}</span>
    </span>
  )
}
