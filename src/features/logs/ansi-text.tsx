import Anser from 'anser'
import { memo, type CSSProperties } from 'react'
import { keepOnlySgr } from './ansi'

type AnsiTextProps = {
  /** Raw text; SGR sequences become styled spans, every other escape is removed. Rendered as text, never as HTML. */
  text: string
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

/** Renders a log line's text with its ANSI colours and styles (16, 256 and truecolour) as spans. */
export const AnsiText = memo(function AnsiText({ text }: AnsiTextProps) {
  const clean = keepOnlySgr(text)
  if (!clean.includes('\x1b')) return clean
  const entries = Anser.ansiToJson(clean, { json: true, remove_empty: true })
  return entries.map((entry, i) => (
    <span key={i} style={spanStyle(entry)}>
      {entry.content}
    </span>
  ))
})
