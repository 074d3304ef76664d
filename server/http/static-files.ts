import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { sendError } from './respond.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.map': 'application/json',
  '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
}

/**
 * Serves the built SPA from `root`; any path that is not a file gets `index.html` so that deep links work.
 * Hashed files under /assets are cached for good, index.html never (it names the current hashes).
 * Returns false when the build is missing, so the caller can say how to build it.
 * @throws URIError for a malformed percent-escape in the path (the caller answers 400)
 */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, { head = false } = {}): Promise<boolean> {
  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '')
  let file = join(root, relative)
  if (!file.startsWith(root + sep) && file !== root) file = join(root, 'index.html')
  let info = await stat(file).catch(() => null)
  const immutable = relative.startsWith('assets/')
  if (!info?.isFile() && immutable) {
    // A hashed asset that is not there (an old tab after a rebuild): index.html in its place would be cached for a year.
    sendError(res, 404, 'not-found', `no such asset: /${relative}`)
    return true
  }
  if (!info?.isFile()) {
    file = join(root, 'index.html')
    info = await stat(file).catch(() => null)
    if (!info?.isFile()) return false
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  })
  if (head) res.end()
  // A rebuild can remove the file between stat and open: end this response, never crash the gateway.
  else pipeline(createReadStream(file), res, (err) => err && res.destroy())
  return true
}
