/** `--peers`: frontail and log.io on the same flood. Not implemented in this round; the run says why. */
export async function runPeers(_opts: { rate: number; seconds: number }) {
  return { notRun: 'frontail/log.io comparison not implemented yet (low priority, outside the time budget of the first round)' }
}
