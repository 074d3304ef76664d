import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { stripAnsi } from './ansi'
import { AnsiText } from './ansi-text'

const spans = (container: HTMLElement) => [...container.querySelectorAll('span')]

describe('AnsiText', () => {
  it('renders plain text as text', () => {
    const { container } = render(<AnsiText text="hello world" />)
    expect(container.textContent).toBe('hello world')
    expect(spans(container)).toHaveLength(0)
  })

  it('renders 16-colour foregrounds and backgrounds as styled spans', () => {
    const { container } = render(<AnsiText text={'\x1b[31mred\x1b[0m plain \x1b[42mgreen bg'} />)
    expect(container.textContent).toBe('red plain green bg')
    const [red, , green] = spans(container)
    expect(red?.style.color).toBe('rgb(187, 0, 0)')
    expect(green?.style.backgroundColor).toBe('rgb(0, 187, 0)')
  })

  it('renders 256-colour and truecolour', () => {
    const { container } = render(<AnsiText text={'\x1b[38;5;196ma\x1b[48;5;21mb\x1b[0m\x1b[38;2;10;20;30mc\x1b[48;2;1;2;3md'} />)
    const [a, b, c, d] = spans(container)
    expect(a?.style.color).toBe('rgb(255, 0, 0)')
    expect(b?.style.backgroundColor).toBe('rgb(0, 0, 255)')
    expect(c?.style.color).toBe('rgb(10, 20, 30)')
    expect(d?.style.backgroundColor).toBe('rgb(1, 2, 3)')
  })

  it('renders bold, italic, underline and dim', () => {
    const { container } = render(<AnsiText text={'\x1b[1mb\x1b[0m\x1b[3mi\x1b[0m\x1b[4mu\x1b[0m\x1b[2md'} />)
    const [b, i, u, d] = spans(container)
    expect(b?.style.fontWeight).toBe('700')
    expect(i?.style.fontStyle).toBe('italic')
    expect(u?.style.textDecoration).toBe('underline')
    expect(d?.style.opacity).toBe('0.6')
  })

  it('strips escape sequences it does not render', () => {
    const text = '\x1b]0;window title\x07a\x1b[2Kb\x1b[?25lc\x1b(Bd\re\x1b[31mf'
    const { container } = render(<AnsiText text={text} />)
    expect(container.textContent).toBe('abcdef')
    expect(stripAnsi(text)).toBe('abcdef')
  })

  it('keeps hostile markup as literal text', () => {
    const hostile = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    const { container } = render(<AnsiText text={`\x1b[31m${hostile}\x1b[0m ${hostile}`} />)
    expect(container.textContent).toBe(`${hostile} ${hostile}`)
    expect(container.querySelector('script, img')).toBeNull()
    expect((window as { pwned?: number }).pwned).toBeUndefined()
  })
})
