import safeRegex from 'safe-regex2'

/** A text query: plain or regex, case-sensitive or not; `exclude` keeps the lines that do NOT match. */
export type SearchSpec = { term: string; regex: boolean; caseSensitive: boolean; exclude: boolean }

export const EMPTY_SEARCH: SearchSpec = { term: '', regex: false, caseSensitive: false, exclude: false }

/**
 * Lines longer than this are matched on their first part only: a linear regex over a 64 KB record per line at
 * 50k lines/s would already cost the frame budget, and a pathological one would cost far more.
 */
export const MAX_MATCHED_CHARS = 8_192

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export type CompiledSearch = {
  /** null: no term, everything matches. */
  match: ((plain: string) => boolean) | null
  /** The regex to highlight matches with (global), null without a term or when excluding. */
  highlight: RegExp | null
  error?: string
}

/**
 * Compiles a search. A regex that would backtrack exponentially (nested quantifiers, as in `(a+)+$`) is refused with
 * an error instead of being run: one such line would hang the tab, since JavaScript regexes cannot be interrupted.
 */
export function compileSearch({ term, regex, caseSensitive, exclude }: SearchSpec): CompiledSearch {
  if (term === '') return { match: null, highlight: null }
  let re: RegExp
  try {
    re = new RegExp(regex ? term : escapeRegExp(term), caseSensitive ? '' : 'i')
  } catch (e) {
    return { match: null, highlight: null, error: e instanceof Error ? e.message : String(e) }
  }
  if (regex && !safeRegex(re)) {
    return { match: null, highlight: null, error: 'this pattern can take exponential time (a quantifier inside a quantified group); rewrite it without nesting' }
  }
  let test: (plain: string) => boolean
  if (!regex && caseSensitive) test = (plain) => plain.includes(term)
  // Case-insensitive plain search goes through an escaped regex: `i` matching is faster than lowercasing each line.
  else test = (plain) => re.test(plain.length > MAX_MATCHED_CHARS ? plain.slice(0, MAX_MATCHED_CHARS) : plain)
  return {
    match: exclude ? (plain) => !test(plain) : test,
    highlight: exclude ? null : new RegExp(re.source, `${re.flags}g`),
  }
}

/** Match ranges `[start, end)` of `re` in `text`, skipping empty matches. */
export function matchRanges(re: RegExp, text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  re.lastIndex = 0
  const limit = Math.min(text.length, MAX_MATCHED_CHARS)
  for (let m = re.exec(text); m !== null && m.index < limit; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++
      continue
    }
    ranges.push([m.index, m.index + m[0].length])
  }
  return ranges
}
