import type WebSocket from 'ws'

export type Counter = { ws: WebSocket; lines: number; frames: number; gaps: number; lags: number[]; counting: boolean }
export function connectCounter(url: string, token: string): Promise<Counter>
