/**
 * The public surface of `aedes-ota/broker` and `aedes-ota/operator`, listed: adding or removing
 * a runtime export must change this test, so a change to the surface is deliberate.
 */
import { describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as broker from '../broker/index.js'
import * as operator from '../operator/index.js'

describe('public exports', () => {
  it('aedes-ota/broker: the plugin, the standalone broker and their documented helpers only', () => {
    expect(Object.keys(broker).sort()).toEqual(['MAX_SEQUENCE_STEP', 'compareVersions', 'createOtaPlugin', 'parseAclFile', 'startOtaBroker'])
  })

  it('aedes-ota/operator: the operator client only', () => {
    expect(Object.keys(operator).sort()).toEqual(['fetchInventory', 'listReleases', 'publishBundle'])
  })

  it('package.json maps the subpaths to their entries', async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> }
    expect(pkg.exports['./broker']?.default).toBe('./dist/broker/index.js')
    expect(pkg.exports['./operator']?.default).toBe('./dist/operator/index.js')
  })
})
