import { describe, expect, it } from 'vitest'
import { beamTaskSchema, toTaskDetail } from './beam-task-shape.ts'

describe('beam task shape', () => {
  it('keeps only http(s) output URLs, since the UI renders them as links', () => {
    const raw = beamTaskSchema.parse({
      id: 't-1', status: 'COMPLETE', created_at: '2026-08-01T10:00:00Z',
      outputs: [
        { name: 'signed', url: 'https://bucket.example/out.png?X-Amz-Signature=abc', expires_in: 3600 },
        { name: 'plain', url: 'http://127.0.0.1:9000/out.txt' },
        { name: 'script', url: 'javascript:alert(document.cookie)' },
        { name: 'data', url: 'data:text/html,<script>alert(1)</script>' },
        { name: 'relative', url: '/v2/output/1' },
        { name: 'none', url: null },
      ],
    })
    expect(toTaskDetail('beam', raw).outputs).toEqual([
      { name: 'signed', url: 'https://bucket.example/out.png?X-Amz-Signature=abc' },
      { name: 'plain', url: 'http://127.0.0.1:9000/out.txt' },
      { name: 'script' },
      { name: 'data' },
      { name: 'relative' },
      { name: 'none' },
    ])
  })
})
