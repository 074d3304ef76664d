/**
 * Escape sequences a terminal would interpret: CSI (`ESC [` or the 8-bit `\x9b`), OSC / DCS / PM / APC strings up to
 * their terminator, and the two-byte ESC forms. Group 1 is set only for SGR (`ESC [ … m`), the one kind we render.
 */
const ESCAPES =
  /(\x1b\[[0-9;:]*m)|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[\]P^_X][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?|[\x00-\x08\x0b-\x1f\x7f]/g

/** Quick test so the common case (no escapes, no control characters) costs one scan and no allocation. */
const HAS_CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x9b]/

/** Text without any escape sequence or control character (tabs and newlines stay). Returns `text` itself when clean. */
export function stripAnsi(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(ESCAPES, '') : text
}

/** Keeps SGR (colour and style) sequences and removes every other escape and control character, for the ANSI parser. */
export function keepOnlySgr(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(ESCAPES, (match, sgr: string | undefined) => sgr ?? '') : text
}
