/**
 * The device state machine as docs/PROTOCOL.md ("Device states") draws it, read from its Mermaid
 * diagram, and the events a device published on its audit topic, checked against it. Also an
 * operator's subscription to `ota/audit/+`: the events as the broker forwards them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeStatusEvent, stateName, type StatusEvent } from '../../proto/index.js'
import type { TestEnv } from './env.js'

/** The start of a device in the diagram. */
export const START = '[*]'

/** States of an update under way: a manifest refused meanwhile is reported REJECTED between their events. */
const UNDER_WAY = new Set(['OFFERED', 'DEFERRED', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'INSTALLING', 'REBOOTING', 'TRIAL'])

/** The "Device states" section of docs/PROTOCOL.md, up to the next `## ` heading. */
export function deviceStatesSection (): string {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'PROTOCOL.md'), 'utf8')
  const start = text.indexOf('\n## Device states\n')
  if (start < 0) throw new Error('docs/PROTOCOL.md has no "## Device states" section')
  const end = text.indexOf('\n## ', start + 1)
  return text.slice(start, end < 0 ? undefined : end)
}

/** The transitions of the section's `stateDiagram-v2` (`A --> B: label`), as `A>B`, and every state it names. */
export function documentedMachine (): { edges: Set<string>, states: Set<string> } {
  const section = deviceStatesSection()
  const m = /```mermaid\n(stateDiagram-v2\n[\s\S]*?)```/.exec(section)
  if (m === null) throw new Error('the "Device states" section has no mermaid stateDiagram-v2')
  const edges = new Set<string>()
  const states = new Set<string>()
  for (const line of m[1]!.split('\n').slice(1)) {
    if (line.trim() === '') continue
    const e = /^\s*(\[\*\]|[A-Z]+)\s*-->\s*(\[\*\]|[A-Z]+)\s*(:.*)?$/.exec(line)
    if (e === null) throw new Error(`unexpected line in the state diagram: ${line}`)
    edges.add(`${e[1]}>${e[2]}`)
    for (const s of [e[1]!, e[2]!]) if (s !== START) states.add(s)
  }
  return { edges, states }
}

/**
 * The transitions of `runs` (each the states one device process published, from its start)
 * that the diagram does not have, as `A -> B`. The section's rules apply: a state reported again
 * is no transition, and a REJECTED between the events of an update under way is out of band.
 */
export function undocumented (runs: ReadonlyArray<readonly string[]>): string[] {
  const { edges } = documentedMachine()
  const bad: string[] = []
  for (const run of runs) {
    let last = START
    for (const s of run) {
      if (s === last) continue
      if (s === 'REJECTED' && UNDER_WAY.has(last)) continue
      if (!edges.has(`${last}>${s}`)) bad.push(`${last} -> ${s}`)
      last = s
    }
  }
  return bad
}

/** Status events on `ota/audit/+`, as an operator receives them, per device. */
export interface AuditWatch {
  /** the events of `id` received so far */
  of: (id: string) => StatusEvent[]
  /** their state names */
  states: (id: string) => string[]
}

/** Subscribes the environment's first operator to `ota/audit/+` (closed with the environment). */
export async function watchAudit (env: TestEnv): Promise<AuditWatch> {
  const op = env.pki.operators[0]
  if (op === undefined) throw new Error('the test PKI has no operator')
  const c = await env.connect(op.id)
  const seen = new Map<string, StatusEvent[]>()
  c.on('message', (_topic, payload) => {
    const e = decodeStatusEvent(new Uint8Array(payload))
    const list = seen.get(e.deviceId) ?? []
    list.push(e)
    seen.set(e.deviceId, list)
  })
  await c.subscribeAsync({ [env.broker.plugin.topics.auditAll()]: { qos: 1 } })
  const of = (id: string): StatusEvent[] => [...(seen.get(id) ?? [])]
  return { of, states: (id) => of(id).map((e) => stateName(e.state)) }
}
