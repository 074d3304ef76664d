#!/usr/bin/env node
// Playwright cannot download its own browsers on this network, so the browser tests use a system Chromium.
// This finds one, or installs Debian's package when running as root on a fresh machine. It prints the path it chose
// so that e2e/playwright.config.ts (which runs the same lookup) can use it.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null
  return CANDIDATES.find((p) => existsSync(p)) ?? null
}

function install() {
  if (process.getuid?.() !== 0) {
    throw new Error('no Chromium found and not root: install it (Debian: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH')
  }
  console.log('ensure-chromium: installing Debian chromium (apt-get update && apt-get install -y chromium)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let path = findChromium()
  if (!path) {
    install()
    path = findChromium()
  }
  if (!path) {
    console.error('ensure-chromium: Chromium is still missing after the install')
    process.exit(1)
  }
  console.log(`ensure-chromium: using ${path}`)
}
