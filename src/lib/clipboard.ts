/**
 * Writes `text` to the clipboard. Without clipboard permission (plain http on a LAN address, where the async API is
 * missing or refused) it falls back to a hidden textarea and `execCommand('copy')`.
 */
export async function writeText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.append(area)
    area.select()
    document.execCommand('copy')
    area.remove()
  }
}
