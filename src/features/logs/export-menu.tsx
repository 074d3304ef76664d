import { useRef } from 'react'
import { downloadLines, type ExportFormat, type ExportScope } from './export-lines'

const ITEM = 'block w-full rounded px-2 py-1 text-left hover:bg-zinc-800'

/** Download the filtered view or the whole buffer, as text or NDJSON. */
export function ExportMenu() {
  const ref = useRef<HTMLDetailsElement>(null)
  const save = (scope: ExportScope, format: ExportFormat) => {
    if (ref.current) ref.current.open = false
    downloadLines(scope, format)
  }
  return (
    <details ref={ref} className="relative">
      <summary className="cursor-pointer list-none rounded border border-zinc-700 px-2 py-1 hover:border-zinc-500">Download ▾</summary>
      <div role="menu" aria-label="Download" className="absolute right-0 z-20 mt-1 w-56 rounded border border-zinc-700 bg-zinc-900 p-1 shadow-xl">
        <button role="menuitem" type="button" className={ITEM} onClick={() => save('view', 'text')}>Filtered view as text</button>
        <button role="menuitem" type="button" className={ITEM} onClick={() => save('view', 'ndjson')}>Filtered view as NDJSON</button>
        <button role="menuitem" type="button" className={ITEM} onClick={() => save('buffer', 'text')}>Whole buffer as text</button>
        <button role="menuitem" type="button" className={ITEM} onClick={() => save('buffer', 'ndjson')}>Whole buffer as NDJSON</button>
      </div>
    </details>
  )
}
