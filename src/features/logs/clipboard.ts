import { writeText } from '@/lib/clipboard'
import { countOf } from '@/lib/count'
import type { LogView } from './log-model'
import { lineAsText } from './line-text'
import { viewActions } from './view-state'

/** Rows `from`..`to` (inclusive) as text, built from the data: a virtualised list has only a screenful in the DOM. */
export function rowsAsText(view: LogView, from: number, to: number): { text: string; lines: number } {
  const out: string[] = []
  for (let i = Math.max(0, from); i <= Math.min(to, view.length - 1); i++) {
    const line = view.lineAt(i)
    const gap = view.gapAt(i)
    if (line) out.push(lineAsText(line, view.plainAt(i) ?? ''))
    else if (gap) out.push(`--- ${gap.count ?? 'an unknown number of'} lines missing (${gap.reason}) ---`)
  }
  return { text: out.join('\n'), lines: out.length }
}

/** Copies rows `from`..`to` and says so in the toolbar. */
export async function copyRows(view: LogView, from: number, to: number): Promise<void> {
  const { text, lines } = rowsAsText(view, from, to)
  await writeText(text)
  viewActions.noticed(`Copied ${countOf(lines, 'line')}`)
}

/** Copies the selected seq range, or reports that it left the buffer. */
export async function copySeqRange(view: LogView, [from, to]: [number, number]): Promise<void> {
  const a = view.rowOfSeq(from)
  const b = view.rowOfSeq(to)
  if (a < 0 || b < 0) return viewActions.noticed('The selected lines are no longer in the view')
  await copyRows(view, a, b)
}

/** Copies a link that opens this view (filters in the URL) with `seq` selected. */
export async function copyPermalink(seq: number): Promise<void> {
  const url = new URL(window.location.href)
  url.searchParams.set('line', String(seq))
  url.searchParams.delete('token')
  await writeText(url.toString())
  viewActions.noticed('Copied a link to this line')
}
