/**
 * The tab's title and favicon as an alert channel: "(3) Tailboard" and a red dot with the count. Plain DOM, no React:
 * `useFailureBadge` is the one caller. The originals are captured on first use and restored at zero.
 */
let original: { title: string; icon: string | null } | null = null

function iconLink(): HTMLLinkElement {
  let link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]')
  if (!link) {
    link = document.createElement('link')
    link.rel = 'icon'
    document.head.append(link)
  }
  return link
}

/** An SVG favicon: the app's dark tile with a red badge holding `count` (9+ above nine). */
export function badgeIcon(count: number): string {
  const text = count > 9 ? '9+' : String(count)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#18181b"/>`
    + `<circle cx="16" cy="16" r="14" fill="#dc2626"/><text x="16" y="21.5" font-family="sans-serif" font-size="${text.length > 1 ? 14 : 17}" `
    + `font-weight="700" fill="#fff" text-anchor="middle">${text}</text></svg>`
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

/** Shows `count` unseen failures in the title and favicon; 0 restores both. */
export function setTabBadge(count: number): void {
  const link = iconLink()
  original ??= { title: document.title, icon: link.getAttribute('href') }
  if (count <= 0) {
    document.title = original.title
    if (original.icon === null) link.removeAttribute('href')
    else link.setAttribute('href', original.icon)
    return
  }
  document.title = `(${count}) ${original.title}`
  link.setAttribute('type', 'image/svg+xml')
  link.setAttribute('href', badgeIcon(count))
}
