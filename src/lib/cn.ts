/** Joins class names, skipping falsy ones (the tiny subset of clsx this app needs). */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(' ')
}
