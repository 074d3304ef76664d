import { describe, expect, it } from 'vitest'
import { compareNames } from './name-picker'

describe('compareNames', () => {
  it('sorts names case-insensitively, ties by case, without the locale collation', () => {
    expect(['worker', 'Beta', 'api', 'beta', 'Worker-2', 'alpha'].sort(compareNames)).toEqual(['alpha', 'api', 'Beta', 'beta', 'worker', 'Worker-2'])
    expect(compareNames('db', 'db')).toBe(0)
  })
})
