import { describe, expect, it } from 'vitest'
import { asciiCaseless, compileSearch, MAX_MATCHED_CHARS } from './search-term'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** What the `i` regex says, on the part of the line that is matched. */
const regexVerdict = (term: string, line: string) => new RegExp(escape(term), 'i').test(line.slice(0, MAX_MATCHED_CHARS))

describe('asciiCaseless', () => {
  it('gives the case-insensitive regex verdict on every line of a mixed corpus', () => {
    let seed = 42
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    // Letters in both cases, digits, punctuation and characters outside ASCII that case-fold to ASCII letters in
    // other modes: the Kelvin sign, dotless i, long s.
    const alphabet = 'aAbBsSkKiI09 -_.:[]()\u212a\u0131\u017f\u00e9\u00c9ZzeE'
    const pick = (len: number) => Array.from({ length: len }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')
    const terms = ['ab', 'Sk', 'K', 'i.', 'ba(', '0 -', 'ZE', 'kis', 'a']
    for (let i = 0; i < 3_000; i++) {
      const line = pick(1 + Math.floor(rand() * 60))
      for (const term of terms) expect(asciiCaseless(term)!(line), `${term} in ${JSON.stringify(line)}`).toBe(regexVerdict(term, line))
    }
  })

  it('matches only within the first MAX_MATCHED_CHARS characters, like the regex path', () => {
    const test = asciiCaseless('needle')!
    const pad = 'x'.repeat(MAX_MATCHED_CHARS)
    expect(test(`${pad.slice(6)}NEEDLE`)).toBe(true)
    expect(test(`${pad.slice(5)}NEEDLE`)).toBe(false)
    expect(test(`${pad.slice(5)}NEEDLE`)).toBe(regexVerdict('needle', `${pad.slice(5)}NEEDLE`))
  })

  it('is not used for terms outside printable ASCII', () => {
    expect(asciiCaseless('café')).toBeNull()
    expect(asciiCaseless('tab\there')).toBeNull()
  })

  it('is what a plain case-insensitive search runs, with exclude on top', () => {
    const { match } = compileSearch({ term: 'Timeout', regex: false, caseSensitive: false, exclude: true })
    expect(match!('request TIMEOUT after 3s')).toBe(false)
    expect(match!('ok')).toBe(true)
  })
})
