/**
 * Turns a byte stream into complete text lines: UTF-8 characters cut between chunks are reassembled, `\r\n` and `\n`
 * both end a line, and memory per stream is bounded by `maxLineLength`.
 */
import { StringDecoder } from 'node:string_decoder'

/** Longest line kept whole; longer lines are cut into pieces of this many UTF-16 code units. */
export const MAX_LINE_LENGTH = 64 * 1024

export type LineSplitterOptions = { maxLineLength?: number }

export type LineSplitter = {
  /** Feeds a chunk and returns the lines it completed (without their terminators). */
  push(chunk: Uint8Array | string): string[]
  /** Ends the stream: returns the held partial line, if any (and any bytes of a truncated character as U+FFFD). */
  end(): string[]
}

/** Creates a splitter for one stream (stdout and stderr each need their own). */
export function createLineSplitter({ maxLineLength = MAX_LINE_LENGTH }: LineSplitterOptions = {}): LineSplitter {
  if (maxLineLength < 2) throw new RangeError('maxLineLength must be at least 2')
  const decoder = new StringDecoder('utf8')
  let partial = ''

  const complete = (line: string, out: string[]): void => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line
    if (text.length <= maxLineLength) out.push(text)
    else cut(text, out, true)
  }

  // Cuts an over-long line into pieces; with `all: false` the last short piece is kept as the new partial line.
  const cut = (text: string, out: string[], all: boolean): string => {
    let start = 0
    while (text.length - start > maxLineLength || (all && start < text.length)) {
      let end = Math.min(start + maxLineLength, text.length)
      // never split a surrogate pair: the halves would each render as garbage
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--
      out.push(text.slice(start, end))
      start = end
    }
    return text.slice(start)
  }

  return {
    push(chunk) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer)
      const out: string[] = []
      let from = 0
      let nl = text.indexOf('\n')
      if (nl === -1) {
        partial += text
      } else {
        complete(partial + text.slice(0, nl), out)
        from = nl + 1
        while ((nl = text.indexOf('\n', from)) !== -1) {
          complete(text.slice(from, nl), out)
          from = nl + 1
        }
        partial = text.slice(from)
      }
      // a held `\r` may still turn out to be half of `\r\n`, so it must not count towards a cut
      if (partial.length > maxLineLength + 1) partial = cut(partial, out, false)
      return out
    },
    end() {
      const rest = partial + decoder.end()
      partial = ''
      const out: string[] = []
      if (rest.length > 0) complete(rest, out)
      return out
    },
  }
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff
