/**
 * A TCP load balancer for chaos tests: listens on 127.0.0.1, hands each new connection to the
 * next backend that accepts it (round robin, skipping backends that refuse: a broker being
 * restarted), relays bytes untouched (TLS stays end to end between device and broker), and cuts
 * connections on demand, picked by a seeded PRNG so a failing run reproduces from its seed.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { prng } from './prng.js'

/** A backend the proxy forwards to. */
export interface Backend { host: string, port: number }

/** What the proxy did so far. */
export interface ProxyStats {
  /** connections relayed to a backend */
  relayed: number
  /** connections cut by {@link ChaosProxy.cut} */
  cut: number
  /** connections refused because no backend accepted them */
  refused: number
}

/** A running proxy. */
export interface ChaosProxy {
  /** `mqtts://127.0.0.1:<port>` */
  url: string
  port: number
  stats: ProxyStats
  /** Replaces the backend list (e.g. a restarted broker on a new port). */
  setBackends: (backends: Backend[]) => void
  /** Connections open now. */
  open: () => number
  /**
   * Cuts up to `n` open connections chosen at random (both sides destroyed, as a network drop would).
   * @returns how many were cut
   */
  cut: (n: number) => number
  close: () => Promise<void>
}

/**
 * Starts a proxy in front of `backends`.
 * @param seed - seed of the PRNG that picks the connections to cut
 */
export async function startChaosProxy (backends: Backend[], seed: number): Promise<ChaosProxy> {
  const rand = prng(seed)
  let list = [...backends]
  let next = 0
  const pairs = new Set<{ client: Socket, upstream: Socket }>()
  const stats: ProxyStats = { relayed: 0, cut: 0, refused: 0 }

  const dial = async (): Promise<Socket | null> => {
    for (let tries = 0; tries < list.length; tries++) {
      const b = list[next++ % list.length]!
      const s = await new Promise<Socket | null>((resolve) => {
        const up = connect(b.port, b.host)
        up.once('connect', () => { up.removeAllListeners('error'); resolve(up) })
        up.once('error', () => { up.destroy(); resolve(null) })
      })
      if (s !== null) return s
    }
    return null
  }

  const server: Server = createServer((client) => {
    client.pause()
    client.on('error', () => {})
    void dial().then((up) => {
      if (up === null || client.destroyed) {
        if (up === null) stats.refused++
        up?.destroy()
        client.destroy()
        return
      }
      stats.relayed++
      const pair = { client, upstream: up }
      pairs.add(pair)
      up.on('error', () => {})
      const end = (): void => { pairs.delete(pair); client.destroy(); up.destroy() }
      client.once('close', end)
      up.once('close', end)
      client.pipe(up)
      up.pipe(client)
      client.resume()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `mqtts://127.0.0.1:${port}`,
    port,
    stats,
    setBackends: (b) => { list = [...b] },
    open: () => pairs.size,
    cut: (n) => {
      const open = [...pairs]
      let done = 0
      while (done < n && open.length > 0) {
        const [p] = open.splice(Math.floor(rand() * open.length), 1)
        pairs.delete(p!)
        p!.client.destroy()
        p!.upstream.destroy()
        stats.cut++
        done++
      }
      return done
    },
    close: async () => {
      for (const p of pairs) { p.client.destroy(); p.upstream.destroy() }
      pairs.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
