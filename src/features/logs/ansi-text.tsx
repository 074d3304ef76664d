import Anser from 'anser'
import { memo, type CSSProperties, type ReactNode } from 'react'
import { keepOnlySgr } from './ansi'
import { matchRanges } from './search-term'

type AnsiTextProps = {
  /** Raw text; SGR sequences become styled spans, every other escape is removed. Rendered as text, never as HTML. */
  text: string
  /** Find matches to mark (a global regex over the text without escapes). */
  highlight?: RegExp | null
}

const rgb = (value: string | null | undefined) => (value ? `rgb(${value})` : undefined)

function spanStyle(entry: Anser.AnserJsonEntry): CSSProperties | undefined {
  const d = entry.decorations
  let color = rgb(entry.fg_truecolor || entry.fg)
  let background = rgb(entry.bg_truecolor || entry.bg)
  if (d.includes('reverse')) [color, background] = [background ?? 'var(--color-zinc-950, #09090b)', color ?? 'currentColor']
  if (!color && !background && d.length === 0) return undefined
  const lines = [d.includes('underline') && 'underline', d.includes('strikethrough') && 'line-through'].filter(Boolean)
  return {
    color: d.includes('hidden') ? 'transparent' : color,
    backgroundColor: background,
    fontWeight: d.includes('bold') ? 700 : undefined,
    fontStyle: d.includes('italic') ? 'italic' : undefined,
    opacity: d.includes('dim') ? 0.6 : undefined,
    textDecoration: lines.length > 0 ? lines.join(' ') : undefined,
  }
}

/** Splits `content` (which starts at `start` in the whole text) at the match ranges, marking the matched parts. */
function marked(content: string, start: number, ranges: Array<[number, number]>) {
  const parts: ReactNode[] = []
  let at = 0
  for (const [from, to] of ranges) {
    const a = Math.max(from - start, at)
    const b = Math.min(to - start, content.length)
    if (b <= a) continue
    if (a > at) parts.push(content.slice(at, a))
    parts.push(<mark key={a} className="rounded-sm bg-yellow-300 text-black">{content.slice(a, b)}</mark>)
    at = b
  }
  if (at < content.length) parts.push(content.slice(at))
  return parts
}

/** Renders a log line's text with its ANSI colours and styles (16, 256 and truecolour) as spans. */
export const AnsiText = memo(function AnsiText({ text, highlight }: AnsiTextProps) {
  const clean = keepOnlySgr(text)
  const entries = clean.includes('\x1b')
    ? Anser.ansiToJson(clean, { json: true, remove_empty: true })
    : null
  const plain = entries ? entries.map((e) => e.content).join('') : clean
  const ranges = highlight ? matchRanges(highlight, plain) : []
  if (!entries) return ranges.length > 0 ? marked(clean, 0, ranges) : clean
  let offset = 0
  return entries.map((entry, i) => {
    const start = offset
    offset += entry.content.length
    return (
      <span key={i} style={spanStyle(entry)}>
        {ranges.length > 0 ? marked(entry.content, start, ranges) : entry.content}
      </span>
    )
  })
})
