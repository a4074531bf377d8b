/**
 * The download's silence timer (client/silence-timer.ts): it fires only after a whole period with
 * nothing heard, however many frames arrived before, once per period, and never after stop().
 */
import { describe, it, expect, afterEach, vi } from 'vitest'
import { SilenceTimer } from '../client/silence-timer.js'

afterEach(() => { vi.useRealTimers() })

describe('silence timer', () => {
  it('a stream of frames keeps it quiet; a whole silent period fires it once', () => {
    vi.useFakeTimers()
    let fired = 0
    const t = new SilenceTimer(100, () => { fired++ })
    t.restart()
    for (let k = 0; k < 50; k++) { vi.advanceTimersByTime(30); t.heard() }
    expect(fired).toBe(0)
    vi.advanceTimersByTime(99)
    expect(fired).toBe(0)
    vi.advanceTimersByTime(1)
    expect(fired).toBe(1)
    vi.advanceTimersByTime(1000)
    expect(fired).toBe(1)
  })

  it('restart() from the callback waits for another whole period; stop() silences it; heard() starts a stopped timer', () => {
    vi.useFakeTimers()
    let fired = 0
    const t = new SilenceTimer(50, () => { fired++; if (fired < 3) t.restart() })
    t.restart()
    vi.advanceTimersByTime(49)
    expect(fired).toBe(0)
    vi.advanceTimersByTime(1)
    expect(fired).toBe(1)
    vi.advanceTimersByTime(50)
    expect(fired).toBe(2)
    vi.advanceTimersByTime(50)
    expect(fired).toBe(3)
    vi.advanceTimersByTime(500)
    expect(fired).toBe(3)
    t.heard()
    vi.advanceTimersByTime(20)
    t.stop()
    vi.advanceTimersByTime(500)
    expect(fired).toBe(3)
    t.heard()
    vi.advanceTimersByTime(50)
    expect(fired).toBe(4)
  })
})
