import { describe, expect, it } from 'vitest'
import { parseDmbFrame, parseDmbStamp } from './dmb-lines.ts'

const opts = { project: 'dmb', zone: 'UTC' }

describe('DMB frames', () => {
  it('parses a subprocess line with a space-padded day', () => {
    expect(parseDmbFrame('Nov  2, 2026 08:48:33 - INFO - riven_backend subprocess: tick 8', opts)).toEqual({
      ts: '2026-11-02T08:48:33.000Z', level: 'info', process: 'riven_backend', text: 'tick 8',
    })
  })

  it("gives rclone lines the process rclone, DMB's own lines the project name, and maps Python level names", () => {
    expect(parseDmbFrame('Nov 22, 2026 08:48:33 - WARNING - rclone mount name "RD": slow', opts)).toMatchObject({ process: 'rclone', level: 'warn', text: 'rclone mount name "RD": slow' })
    expect(parseDmbFrame('Nov 22, 2026 08:48:33 - CRITICAL - config missing', opts)).toMatchObject({ process: 'dmb', level: 'fatal', text: 'config missing' })
  })

  it('keeps the embedded newlines of a multi-line record and rejects continuation frames', () => {
    expect(parseDmbFrame('Nov 22, 2026 08:48:33 - INFO - \nDDDDDDDDDDDDD\n  banner', opts)?.text).toBe('\nDDDDDDDDDDDDD\n  banner')
    expect(parseDmbFrame('  File "x.py", line 3, in main', opts)).toBeNull()
    expect(parseDmbFrame('a - b - c', opts)).toBeNull()
  })

  it('reads the zone-less stamp in the configured zone, across DST, or in the gateway zone by default', () => {
    expect(parseDmbStamp('Jul  1, 2026 12:00:00', 'Europe/Paris')).toBe('2026-07-01T10:00:00.000Z')
    expect(parseDmbStamp('Jan  1, 2026 12:00:00', 'Europe/Paris')).toBe('2026-01-01T11:00:00.000Z')
    expect(parseDmbStamp('Jan  1, 2026 12:00:00', '-05:30')).toBe('2026-01-01T17:30:00.000Z')
    expect(parseDmbStamp('Jan  1, 2026 12:00:00')).toBe(new Date(2026, 0, 1, 12).toISOString())
    expect(parseDmbStamp('Foo  1, 2026 12:00:00')).toBeNull()
  })
})
