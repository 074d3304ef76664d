import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expandGlob, globBase, globToRegExp } from './glob.ts'

describe('glob', () => {
  it('finds the static base and matches *, ? and **', () => {
    expect(globBase('/var/log/app/*.log')).toBe('/var/log/app')
    expect(globBase('/var/log/app.log')).toBe('/var/log')
    const re = globToRegExp('/logs/**/*.log')
    expect(re.test('/logs/a.log')).toBe(true)
    expect(re.test('/logs/x/y/a.log')).toBe(true)
    expect(re.test('/logs/a.txt')).toBe(false)
    expect(globToRegExp('/l/a?.log').test('/l/ab.log')).toBe(true)
    expect(globToRegExp('/l/*.log').test('/l/x/a.log')).toBe(false)
  })

  it('expands against the file system', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tailboard-glob-'))
    mkdirSync(join(dir, 'sub', 'deep'), { recursive: true })
    for (const f of ['a.log', 'b.txt', 'sub/c.log', 'sub/deep/d.log']) writeFileSync(join(dir, f), '')
    expect(await expandGlob(`${dir}/*.log`)).toEqual([`${dir}/a.log`])
    expect(await expandGlob(`${dir}/**/*.log`)).toEqual([`${dir}/a.log`, `${dir}/sub/c.log`, `${dir}/sub/deep/d.log`])
    expect(await expandGlob(`${dir}/missing.log`)).toEqual([`${dir}/missing.log`])
  })
})
