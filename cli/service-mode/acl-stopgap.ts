/**
 * STOPGAP, replaced by cli/acl/files.ts `writeMosquittoFiles` (`aedes-ota acl mosquitto`) when
 * branch i11-acl is merged: the same two files, `aedes-ota.conf` and `aedes-ota.acl`, for the
 * service mode of the demo and the benchmarks until the generator lands.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { readPki } from '../../certs/index.js'
import { Topics } from '../../proto/index.js'

/** What the stopgap writes: absolute paths of the fragment and the ACL. */
export interface MosquittoFiles { conf: string, acl: string }

/** Writes the fragment (TLS listener, certificate CN as username, the ACL) and the ACL for the PKI's devices and operators. */
export async function writeMosquittoFiles (o: { pki: string, out: string, port: number, host: string, service: string }): Promise<MosquittoFiles> {
  const pki = await readPki(o.pki)
  const t = new Topics('ota')
  const out = resolve(o.out)
  await mkdir(out, { recursive: true })
  const acl = join(out, 'aedes-ota.acl')
  const conf = join(out, 'aedes-ota.conf')
  const lines = [`pattern read ${t.data('%u')}`, `pattern read ${t.offer('%u')}`, `pattern read ${t.state('%u')}`, `pattern write ${t.req('%u')}`, `pattern write ${t.audit('%u')}`]
  for (const d of pki.devices) lines.push(`user ${d.id}`, `topic read ${t.root()}`, `topic read ${t.manifest(d.model)}`, `topic read ota/m/${d.model}/a/+/data`)
  lines.push(`user ${o.service}`, 'topic readwrite ota/#')
  for (const op of pki.operators.filter((x) => x.id !== o.service)) {
    lines.push(`user ${op.id}`, `topic write ${t.adminRelease(op.id)}`, `topic write ${t.adminRequest(op.id)}`, `topic read ${t.adminResult(op.id)}`,
      `topic read ${t.adminAnswer(op.id)}`, `topic read ${t.root()}`, 'topic read ota/m/+/manifest', `topic read ${t.auditAll()}`, `topic read ${t.stateAll()}`)
  }
  await writeFile(acl, lines.join('\n') + '\n', { mode: 0o644 })
  await writeFile(conf, [
    'allow_anonymous false', `acl_file ${acl}`, 'max_packet_size 268435460', 'max_queued_messages 1000', 'max_queued_bytes 67108864',
    `listener ${o.port} ${o.host}`, `cafile ${resolve(pki.ca.cert)}`, `certfile ${resolve(pki.server.cert)}`, `keyfile ${resolve(pki.server.key)}`,
    'tls_version tlsv1.2', 'require_certificate true', 'use_identity_as_username true', 'use_username_as_clientid true', ''
  ].join('\n'), { mode: 0o644 })
  return { conf, acl }
}
