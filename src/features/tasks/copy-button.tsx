import { useEffect, useState } from 'react'
import { writeText } from '@/lib/clipboard'

type CopyButtonProps = { text: string; label: string }

/** Copies `text` to the clipboard and says so for a moment; the label names what is copied. */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 1_200)
    return () => clearTimeout(timer)
  }, [copied])
  return (
    <button type="button" aria-label={label} title={label}
      onClick={(e) => {
        e.stopPropagation()
        void writeText(text).then(() => setCopied(true))
      }}
      className="shrink-0 rounded px-1 text-[10px] text-zinc-500 hover:bg-zinc-700 hover:text-zinc-100">
      {copied ? 'copied' : 'copy'}
    </button>
  )
}
