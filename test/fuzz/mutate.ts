/**
 * What the fuzz tests share: how many cases a property runs (small in `npm test`, `FUZZ_RUNS`
 * in `npm run fuzz`), arbitraries of hostile bytes (random, and valid encodings mutated by byte
 * flips, insertions, deletions, truncation and splices), and the one check every failure meets:
 * an {@link OtaError} whose code is in {@link ErrorCodes}, never another exception.
 */
import fc from 'fast-check'
import { ErrorCodes, isOtaError } from '../../proto/index.js'

/**
 * Cases per property: the environment `variable` when set (the long run, `npm run fuzz`), else
 * `fallback`. Network properties read `FUZZ_NET_RUNS` (a case there is a TLS connection).
 * @throws Error when the variable is not a positive integer
 */
export function runs (fallback: number, variable: 'FUZZ_RUNS' | 'FUZZ_NET_RUNS' = 'FUZZ_RUNS'): number {
  const v = process.env[variable]
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${variable} must be a positive integer, got ${v}`)
  return n
}


/** One edit of a byte string. */
type Edit =
  | { op: 'flip', at: number, bit: number }
  | { op: 'set', at: number, value: number }
  | { op: 'insert', at: number, bytes: Uint8Array }
  | { op: 'delete', at: number, count: number }
  | { op: 'truncate', at: number }
  | { op: 'splice', at: number, from: number, count: number }

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0, 0x7f, 0x80, 0xff, 0x08, 0x0a, 0x12, 0x1a) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('splice' as const), at: fc.nat(), from: fc.nat(), count: fc.integer({ min: 1, max: 64 }) })
)

function apply (b: Uint8Array, e: Edit): Uint8Array {
  if (b.length === 0) return e.op === 'insert' ? e.bytes : b
  const at = e.at % (b.length + 1)
  const i = e.at % b.length
  switch (e.op) {
    case 'flip': { const c = Uint8Array.from(b); c[i] = c[i]! ^ (1 << e.bit); return c }
    case 'set': { const c = Uint8Array.from(b); c[i] = e.value; return c }
    case 'insert': return concat(b.subarray(0, at), e.bytes, b.subarray(at))
    case 'delete': return concat(b.subarray(0, i), b.subarray(Math.min(b.length, i + e.count)))
    case 'truncate': return b.slice(0, at)
    case 'splice': {
      // A run of the message copied over another place: length-delimited fields nested wrongly.
      const from = e.from % b.length
      return concat(b.subarray(0, at), b.subarray(from, from + e.count), b.subarray(at))
    }
  }
}

function concat (...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}

/** 1 to 6 edits of one of `seeds` (each a valid encoding). */
export function mutated (seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([s, edits]) => edits.reduce(apply, s))
}

/** Arbitrary bytes (up to 2 KiB), mutated valid encodings, and valid ones: what a hostile peer sends. */
export function hostile (seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
    { weight: 6, arbitrary: mutated(seeds) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) }
  )
}

/**
 * Runs `fn`; returns normally when it succeeds or throws an OtaError with a known code.
 * @throws Error describing any other exception (the property then fails with the input)
 */
export function typedOrOk (fn: () => unknown): void {
  try {
    fn()
  } catch (e) {
    if (isOtaError(e) && Object.hasOwn(ErrorCodes, e.code)) return
    throw new Error(`not a typed OtaError: ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`, { cause: e })
  }
}
