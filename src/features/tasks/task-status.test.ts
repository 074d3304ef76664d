import { describe, expect, it } from 'vitest'
import { canCancel, isActive, isFailureKind, statusKind } from './task-status'

describe('statusKind', () => {
  it('shows ERROR (beta9) and FAILED (Beam) as the same failure', () => {
    expect(statusKind('ERROR')).toBe('failed')
    expect(statusKind('FAILED')).toBe('failed')
    expect(isFailureKind(statusKind('ERROR'))).toBe(true)
  })

  it('maps every Beam status regardless of case', () => {
    expect(['PENDING', 'running', 'Retry', 'COMPLETE', 'CANCELLED', 'TIMEOUT', 'EXPIRED'].map(statusKind))
      .toEqual(['pending', 'running', 'retry', 'complete', 'cancelled', 'timeout', 'expired'])
  })

  it('keeps an unknown status as unknown instead of failing', () => {
    expect(statusKind('SCHEDULED_SOMEWHERE')).toBe('unknown')
    expect(statusKind('')).toBe('unknown')
    expect(isFailureKind('unknown')).toBe(false)
  })

  it('treats TIMEOUT and EXPIRED as failures but not CANCELLED', () => {
    expect(isFailureKind('timeout')).toBe(true)
    expect(isFailureKind('expired')).toBe(true)
    expect(isFailureKind('cancelled')).toBe(false)
  })
})

describe('canCancel and isActive', () => {
  it('offers cancel only for PENDING, RUNNING and RETRY', () => {
    const offered = ['PENDING', 'RUNNING', 'RETRY', 'COMPLETE', 'ERROR', 'FAILED', 'CANCELLED', 'TIMEOUT', 'EXPIRED', 'WEIRD']
      .filter((status) => canCancel({ status }))
    expect(offered).toEqual(['PENDING', 'RUNNING', 'RETRY'])
  })

  it('counts an unknown status as in flight so polling does not slow down early', () => {
    expect(isActive({ status: 'WEIRD' })).toBe(true)
    expect(isActive({ status: 'ERROR' })).toBe(false)
  })
})
