/**
 * A child process of `bench:fleet` holding many plain mqtt.js subscribers, each with its own
 * device certificate and TLS connection, on the Mosquitto baseline: the same kind of process
 * as the simulated devices (cli/fleet/), without the OTA protocol. It gets its job as JSON in
 * argv[2], connects its subscribers a bounded number at a time, subscribes each to the fan-out
 * topic (QoS 0, as our data frames), reports `ready`, then counts the bytes each receives and
 * reports `done` with the time the last one had them all (or when it gave up).
 */
import { readFile } from 'node:fs/promises'
import mqtt from 'mqtt'

/** The job `bench:fleet` gives a subscriber process. */
export interface SubscriberJob {
  url: string
  /** CA certificate path */
  ca: string
  /** TLS server name (the broker certificate's DNS name) */
  servername: string
  /** the subscribers: client id, certificate and key paths */
  clients: Array<{ id: string, cert: string, key: string }>
  topic: string
  /** bytes each subscriber must receive */
  bytes: number
  connectConcurrency: number
  /** give up after this long, ms */
  timeoutMs: number
}

/** What the process sends its parent. */
export type SubscriberMessage =
  | { type: 'ready', connected: number }
  | { type: 'done', complete: number, at: number, peak_rss_MiB: number, cpu_s: number }

async function main (): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as SubscriberJob
  const send = (m: SubscriberMessage): Promise<void> => new Promise((resolve) => { process.send!(m, () => { resolve() }) })
  const ca = await readFile(job.ca)
  const clients: mqtt.MqttClient[] = []
  const got = new Array<number>(job.clients.length).fill(0)
  let complete = 0
  let lastAt = 0
  let finish: () => void = () => {}
  const allDone = new Promise<void>((resolve) => { finish = resolve })
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < job.clients.length) {
      const i = next++
      const c = job.clients[i]!
      const [cert, key] = await Promise.all([readFile(c.cert), readFile(c.key)])
      const client = mqtt.connect(job.url, { ca, cert, key, servername: job.servername, clientId: c.id, reconnectPeriod: 0, connectTimeout: 60_000, clean: true })
      clients.push(client)
      client.on('message', (_t, payload) => {
        got[i]! += payload.length
        if (got[i] === job.bytes) { complete++; lastAt = Date.now(); if (complete === job.clients.length) finish() }
      })
      await new Promise<void>((resolve, reject) => { client.once('connect', () => resolve()); client.once('error', reject) })
      await client.subscribeAsync(job.topic, { qos: 0 })
    }
  }
  const timer = setTimeout(() => { finish() }, job.timeoutMs)
  await Promise.all(Array.from({ length: Math.min(job.connectConcurrency, job.clients.length) }, worker))
  await send({ type: 'ready', connected: clients.length })
  await allDone
  clearTimeout(timer)
  const u = process.resourceUsage()
  await send({ type: 'done', complete, at: lastAt, peak_rss_MiB: Number((u.maxRSS / 1024).toFixed(1)), cpu_s: Number(((u.userCPUTime + u.systemCPUTime) / 1e6).toFixed(2)) })
  await Promise.all(clients.map(async (c) => await c.endAsync(true).catch(() => {})))
  process.disconnect()
}

main().catch((e: unknown) => { process.stderr.write(`subscribers failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exit(1) })
