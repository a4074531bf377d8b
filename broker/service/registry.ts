// Placeholder until the acl helper's registry.ts lands (replaced by its file at merge).
import { readPki } from '../../certs/index.js'
export interface ServiceRegistry { readonly devices: ReadonlyMap<string, string>, readonly operators: ReadonlySet<string> }
export async function readRegistry (source: { pki?: string, file?: string }): Promise<ServiceRegistry> {
  const p = await readPki(source.pki!)
  return { devices: new Map(p.devices.map((d) => [d.id, d.model])), operators: new Set(p.operators.map((o) => o.id)) }
}
