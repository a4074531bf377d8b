/**
 * Mulberry32: a small seeded PRNG, so that a randomized run (fuzz input, kill point, torture
 * chain) reproduces from its seed.
 * @param seed - any integer; only its low 32 bits count
 * @returns a function giving numbers in [0, 1)
 */
export function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `n` bytes drawn from `rand` (a {@link prng}). */
export function randomBytesFrom (rand: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i += 4) {
    const v = Math.floor(rand() * 4294967296)
    for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (8 * j)) & 0xff
  }
  return out
}
