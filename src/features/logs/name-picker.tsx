import { formatCount } from '@/lib/count'
import { useEffect, useId, useRef, useState } from 'react'
import { processColor } from './log-format'

type NamePickerProps = {
  /** What is picked, e.g. "Process" or "Source": the button's and the group's accessible name. */
  label: string
  /** Lines held per name. */
  counts: Readonly<Record<string, number>>
  /** Selected names; empty means all. */
  selected: readonly string[]
  onChange: (selected: string[]) => void
}

/**
 * Case-insensitive, by code point. Not `localeCompare`: its first call in a page loads the locale's collation data
 * (16–20 ms in a fresh page of this Chromium), and it came in the first frame of a flood, when its processes showed up.
 */
export function compareNames(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()]
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0
}

/** A dropdown of checkboxes, one per known name with its line count and colour. */
export function NamePicker({ label, counts, selected, onChange }: NamePickerProps) {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const popupId = useId()
  // Selected processes stay listed even before (or after) they have lines in the buffer.
  const names = [...new Set([...Object.keys(counts), ...selected])].sort(compareNames)
  const chosen = new Set(selected)

  useEffect(() => {
    if (!open) return
    const closeOutside = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', closeOutside)
    return () => document.removeEventListener('pointerdown', closeOutside)
  }, [open])

  const toggle = (name: string) => onChange(chosen.has(name) ? selected.filter((p) => p !== name) : [...selected, name])
  const summary = selected.length === 0 ? 'all' : selected.length === 1 ? selected[0] : `${selected.length} selected`

  return (
    <div ref={rootRef} className="relative" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={popupId}
        onClick={() => setOpen((o) => !o)}
        className="max-w-48 truncate rounded border border-zinc-700 bg-zinc-900 px-2 py-1 text-xs hover:border-zinc-500"
      >
        {label}: {summary} ▾
      </button>
      {open && (
        <div
          id={popupId}
          role="group"
          aria-label={label}
          className="absolute left-0 z-20 mt-1 max-h-72 w-64 overflow-auto rounded border border-zinc-700 bg-zinc-900 p-1 text-xs shadow-xl"
        >
          <button type="button" onClick={() => onChange([])} className="w-full rounded px-2 py-1 text-left text-sky-300 hover:bg-zinc-800">
            Show all
          </button>
          {names.length === 0 && <p className="px-2 py-1 text-zinc-500">None yet</p>}
          {names.map((name) => (
            <label key={name} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 hover:bg-zinc-800">
              <input type="checkbox" checked={chosen.has(name)} onChange={() => toggle(name)} />
              <span className="truncate" style={{ color: processColor(name) }}>
                {name}
              </span>
              <span className="ml-auto tabular-nums text-zinc-500">{formatCount(counts[name] ?? 0)}</span>
            </label>
          ))}
        </div>
      )}
    </div>
  )
}
