/** The public surface of `aedes-ota/client`: a change to it must be deliberate (update this list and the docs). */
import { describe, it, expect } from 'vitest'
import * as client from '../client/index.js'

describe('aedes-ota/client exports', () => {
  it('exports exactly the supported runtime names', () => {
    expect(Object.keys(client).sort()).toEqual([
      'DeviceDefaults', 'FileSlotStorage', 'OtaDevice', 'SLOT_FILES', 'SimulatedBootControl', 'provisionDevice', 'slotPath', 'writeSlotImage'
    ])
  })
})
