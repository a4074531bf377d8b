/**
 * The largest MQTT packet a connection may send, enforced before the packet is buffered: aedes
 * 1.x (mqtt-packet) reads a packet whole before any hook sees it and has no size option, so the
 * standalone broker puts a {@link PacketGuard} between the TLS socket and `aedes.handle`. It
 * reads each fixed header's Remaining Length (MQTT 3.1.1, 2.2.3: a variable byte integer of at
 * most four bytes) as the bytes pass and closes the connection at the first header that claims
 * more than the limit, or that is malformed, before one byte of that packet's body reaches aedes.
 */
import { Duplex } from 'node:stream'
import type { TLSSocket } from 'node:tls'

/** Why a {@link PacketGuard} closed its connection. */
export interface PacketRefusal {
  /** `oversize`: a header claimed more than the limit; `malformed`: a Remaining Length over four bytes */
  reason: 'oversize' | 'malformed'
  /** the claimed Remaining Length, bytes (0 when malformed) */
  claimed: number
  /** the limit in force, bytes */
  limit: number
  /** the MQTT control packet type (first header byte >> 4) */
  packetType: number
}

/**
 * Walks MQTT fixed headers across arbitrary chunk boundaries: no copy of any packet is kept.
 * @returns from {@link feed} the refusal of the first header beyond `limit`, else null
 */
export class HeaderScanner {
  /** bytes of the current packet's body still to pass; -1 while reading a header */
  private remaining = -1
  private headerByte = -1
  private value = 0
  private shift = 0
  private lengthBytes = 0

  /** @param limit - the largest Remaining Length allowed now, bytes (asked at every header) */
  constructor (private readonly limit: () => number) {}

  /** Scans `chunk`; returns the refusal as soon as one header is over the limit or malformed. */
  feed (chunk: Uint8Array): PacketRefusal | null {
    let i = 0
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const skip = Math.min(this.remaining, chunk.length - i)
        this.remaining -= skip
        i += skip
        if (this.remaining === 0) this.remaining = -1
        continue
      }
      const b = chunk[i++]!
      if (this.headerByte < 0) { this.headerByte = b; this.value = 0; this.shift = 0; this.lengthBytes = 0; continue }
      this.value += (b & 0x7f) * 2 ** this.shift
      this.shift += 7
      this.lengthBytes++
      const limit = this.limit()
      const packetType = this.headerByte >> 4
      if (this.value > limit) return { reason: 'oversize', claimed: this.value, limit, packetType }
      if ((b & 0x80) !== 0) {
        if (this.lengthBytes === 4) return { reason: 'malformed', claimed: 0, limit, packetType }
        continue
      }
      this.headerByte = -1
      this.remaining = this.value === 0 ? -1 : this.value
    }
    return null
  }
}

/**
 * A stream that stands for a TLS socket before aedes: bytes from the socket pass through a
 * {@link HeaderScanner}; writes, `end` and `destroy` go to the socket. It carries the socket
 * (`tlsSocket`) for identity.ts and mirrors its addresses for logs and audit records.
 */
export class PacketGuard extends Duplex {
  private readonly scanner: HeaderScanner

  /**
   * @param tlsSocket - the accepted, authorized TLS socket
   * @param limit - the largest Remaining Length allowed now, bytes (asked at every header, so it may depend on the identity)
   * @param onRefuse - called once, before the connection is destroyed
   */
  constructor (readonly tlsSocket: TLSSocket, limit: () => number, private readonly onRefuse: (r: PacketRefusal) => void) {
    super({ allowHalfOpen: false })
    this.scanner = new HeaderScanner(limit)
    tlsSocket.on('data', (chunk: Buffer) => {
      if (this.destroyed) return
      const refusal = this.scanner.feed(chunk)
      if (refusal !== null) {
        tlsSocket.pause()
        this.onRefuse(refusal)
        this.destroy()
        return
      }
      if (!this.push(chunk)) tlsSocket.pause()
    })
    tlsSocket.on('end', () => { this.push(null) })
    tlsSocket.on('error', (err) => { this.destroy(err) })
    tlsSocket.on('close', () => { if (!this.destroyed) this.destroy() })
  }

  /** the peer's address, from the TLS socket */
  get remoteAddress (): string | undefined { return this.tlsSocket.remoteAddress }
  /** the peer's port, from the TLS socket */
  get remotePort (): number | undefined { return this.tlsSocket.remotePort }

  override _read (): void { this.tlsSocket.resume() }

  override _write (chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.tlsSocket.write(chunk)) cb()
    else this.tlsSocket.once('drain', () => { cb() })
  }

  // mqtt-packet corks the stream around each packet it writes; passing the corked chunks to the
  // TLS socket as one corked write keeps a packet in one TLS record. Written one by one (no
  // _writev), a frame leaves as several small segments and Nagle's algorithm meets the peer's
  // delayed ACK: about 40 ms per frame for a device with a small window.
  override _writev (chunks: Array<{ chunk: Buffer }>, cb: (err?: Error | null) => void): void {
    this.tlsSocket.cork()
    let ok = true
    for (const c of chunks) ok = this.tlsSocket.write(c.chunk)
    this.tlsSocket.uncork()
    if (ok) cb()
    else this.tlsSocket.once('drain', () => { cb() })
  }

  override _final (cb: (err?: Error | null) => void): void { this.tlsSocket.end(); cb() }

  override _destroy (err: Error | null, cb: (err?: Error | null) => void): void {
    this.tlsSocket.destroy()
    cb(err)
  }
}
