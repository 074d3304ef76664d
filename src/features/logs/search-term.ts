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
  // A plain term of printable ASCII (what most searches are) has a scan ~4× faster than the `i` regex's; any other
  // term goes through the escaped regex (`i` matching is still faster than lowercasing each line).
  else test = (!regex && asciiCaseless(term)) || ((plain) => re.test(plain.length > MAX_MATCHED_CHARS ? plain.slice(0, MAX_MATCHED_CHARS) : plain))
  return {
    match: exclude ? (plain) => !test(plain) : test,
    highlight: exclude ? null : new RegExp(re.source, `${re.flags}g`),
  }
}

/**
 * Case-insensitive search for a printable-ASCII `term`, with exactly the verdicts of `new RegExp(escaped, 'i')` on the
 * first MAX_MATCHED_CHARS characters (without the `u` flag, such a regex folds ASCII letters only: no other character
 * matches an ASCII one). Candidates come from indexOf of the first character in both cases (a native, fast scan), then
 * the rest is compared code by code. Null for any other term.
 */
export function asciiCaseless(term: string): ((plain: string) => boolean) | null {
  if (!/^[\x20-\x7e]+$/.test(term)) return null
  const lower = term.toLowerCase()
  const n = lower.length
  const codes = Array.from(lower, (c) => c.charCodeAt(0))
  const first = lower[0]!
  const firstUpper = first.toUpperCase()
  const twoCases = firstUpper !== first
  return (plain) => {
    // Last start at which the whole term still fits in the matched part of the line.
    const last = Math.min(plain.length, MAX_MATCHED_CHARS) - n
    let a = plain.indexOf(first)
    let b = twoCases ? plain.indexOf(firstUpper) : -1
    while (a !== -1 || b !== -1) {
      const at = a === -1 ? b : b === -1 ? a : Math.min(a, b)
      if (at > last) return false
      let k = 1
      for (; k < n; k++) {
        let c = plain.charCodeAt(at + k)
        if (c >= 65 && c <= 90) c += 32
        if (c !== codes[k]) break
      }
      if (k === n) return true
      if (at === a) a = plain.indexOf(first, at + 1)
      else b = plain.indexOf(firstUpper, at + 1)
    }
    return false
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
