/**
 * The torture scenarios: a factory image and the releases a device is taken through, each one
 * a stage whose chains of killed device processes must end in a known outcome.
 *
 * - `full`: a good release downloaded as the whole image, confirmed; then another, into the
 *   slot of the factory image;
 * - `delta`: a good release reached by a delta patch from the factory image (download of the
 *   patch, block-by-block apply into the inactive slot), confirmed;
 * - `bad-then-good`: a release whose health check fails (the device's `--health-check` exits
 *   non-zero for a version ending in `-bad`), reverted and refused; then a good release after
 *   it, confirmed.
 *
 * Images are drawn from the run's seed: the same seed, the same bytes, the same chunk and block
 * counts.
 */
import { createRelease, type KeyPair, type Release } from '../sign/index.js'
import { prng, randomBytesFrom } from './prng.js'
import type { TortureDevice } from './env.js'

/** What a stage must end in: the release confirmed, or reverted (and refused) for a bad one. */
export type Expectation = 'confirm' | 'revert'

/** One release a device is taken through. */
export interface Stage {
  /** short name, printed in the summary and on failure */
  name: string
  version: string
  securityVersion: number
  image: Uint8Array
  expect: Expectation
  /**
   * true: published again (next sequence) at every round, because a later stage of the
   * scenario replaced it; false: published once, before the first round
   */
  republish: boolean
  /** the signed release with manifest sequence `sequence` */
  release: (sequence: number) => Release
}

/** A device, its factory image and the stages it goes through in order. */
export interface Scenario {
  name: string
  device: TortureDevice
  /** the factory release (sequence 1) every round provisions a fresh state folder from */
  factory: Release
  factoryImage: Uint8Array
  stages: Stage[]
}

/** Shapes of the images: sizes in bytes, a power-of-two chunk size. */
export interface ImageShape {
  /** bytes of every image; default 256 KiB */
  imageSize: number
  /** bytes per chunk of every artifact and output bytes per delta block; default 4 KiB */
  chunkSize: number
}

/** The defaults of {@link ImageShape}: small images, many chunks, so that a run is quick and its points many. */
export const DefaultShape: ImageShape = { imageSize: 256 * 1024, chunkSize: 4096 }

/** The version suffix the health check fails. */
export const BAD_SUFFIX = '-bad'

/** The device's `--health-check`: fails the trial of any version ending in {@link BAD_SUFFIX}. */
export const HEALTH_CHECK = `case "$OTA_VERSION" in *${BAD_SUFFIX}) exit 1;; esac`

/** `base` with a few bytes changed at spread offsets and one run inserted: what a firmware rebuild looks like to a delta. */
function edited (base: Uint8Array, rand: () => number): Uint8Array {
  const out = Buffer.from(base)
  for (let i = 0; i < 16; i++) {
    const at = Math.floor(rand() * (out.length - 64))
    out.set(randomBytesFrom(rand, 64), at)
  }
  const cut = Math.floor(out.length / 2)
  const inserted = randomBytesFrom(rand, 1024)
  return new Uint8Array(Buffer.concat([out.subarray(0, cut), inserted, out.subarray(cut, out.length - inserted.length)]))
}

/** The scenarios' names and devices, in run order: the certificates a world needs. */
export const SCENARIO_DEVICES: ReadonlyArray<{ scenario: string } & TortureDevice> = [
  { scenario: 'full', id: 'full-0001', model: 'torture-full' },
  { scenario: 'delta', id: 'delta-0001', model: 'torture-delta' },
  { scenario: 'bad-then-good', id: 'bad-0001', model: 'torture-bad-then-good' }
]

/** Builds the scenarios of a run from its seed, signed by `signer`. */
export function buildScenarios (seed: number, signer: KeyPair, shape: ImageShape = DefaultShape): Scenario[] {
  const rand = prng(seed ^ 0x5eed)
  const img = (): Uint8Array => randomBytesFrom(rand, shape.imageSize)
  const { chunkSize } = shape
  const sign = (model: string, image: Uint8Array, version: string, securityVersion: number, sequence: number, bases?: Array<{ image: Uint8Array, version: string }>): Release =>
    createRelease({
      image, model, version, securityVersion, sequence, chunkSize, signers: [signer],
      // Never expires: a long torture run must not outlive its manifests.
      expiresAt: 0,
      ...(bases !== undefined ? { bases, deltaBlockSize: chunkSize } : {})
    })
  const stage = (model: string, name: string, image: Uint8Array, version: string, securityVersion: number, expect: Expectation, republish: boolean, bases?: Array<{ image: Uint8Array, version: string }>): Stage => {
    // A delta costs seconds to encode: a release published once is signed once.
    let once: Release | null = null
    return {
      name, version, securityVersion, image, expect, republish,
      release: (sequence) => {
        if (republish) return sign(model, image, version, securityVersion, sequence, bases)
        once ??= sign(model, image, version, securityVersion, sequence, bases)
        return once
      }
    }
  }
  const scenario = (name: string, factoryImage: Uint8Array, stages: (model: string) => Stage[]): Scenario => {
    const { id, model } = SCENARIO_DEVICES.find((d) => d.scenario === name)!
    return { name, device: { id, model }, factory: sign(model, factoryImage, '1.0.0', 1, 1), factoryImage, stages: stages(model) }
  }
  const fullBase = img()
  const deltaBase = img()
  const badBase = img()
  return [
    scenario('full', fullBase, (m) => [
      stage(m, 'full', img(), '2.0.0', 2, 'confirm', true),
      // Into the slot of the image the device first ran: the steady state of a device's updates.
      stage(m, 'full-again', img(), '3.0.0', 3, 'confirm', true)
    ]),
    scenario('delta', deltaBase, (m) => [stage(m, 'delta', edited(deltaBase, rand), '2.0.0', 2, 'confirm', false, [{ image: deltaBase, version: '1.0.0' }])]),
    scenario('bad-then-good', badBase, (m) => [
      stage(m, 'bad', img(), `2.0.0${BAD_SUFFIX}`, 2, 'revert', true),
      stage(m, 'good-after-bad', img(), '3.0.0', 3, 'confirm', true)
    ])
  ]
}
