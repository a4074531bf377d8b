/**
 * Why a TLS handshake was refused, and from where, for the `tls.refused` audit record.
 *
 * Node reports a client certificate that fails verification on a server socket only as
 * `socket.authorizationError` (an OpenSSL verify code, `X509_V_ERR_*` without the prefix): with
 * `rejectUnauthorized` it destroys the socket and the server's `tlsClientError` carries a generic
 * `ECONNRESET` "socket hang up". A missing certificate, by contrast, fails inside OpenSSL's
 * handshake and arrives as the `tlsClientError`'s own `err.code`. The peer's address is gone by
 * then (the socket is destroyed), so {@link TlsPeers} records it when the TCP connection arrives.
 */
import type { Server as NetServer, Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'

/** The reasons a `tls.refused` record gives (its `reason` field); `code` keeps OpenSSL's own. */
export type TlsRefusalReason =
  | 'certificate revoked'
  | 'certificate expired'
  | 'certificate not yet valid'
  | 'unknown CA'
  | 'no certificate'
  | 'CRL unusable'
  | 'protocol'
  | 'handshake failed'

/**
 * OpenSSL verify codes (X509_V_ERR_*, OpenSSL `x509_vfy.h`) and handshake errors by reason.
 * A code not listed here gives `handshake failed`, with the code still in the record.
 */
const REASONS: Readonly<Record<string, TlsRefusalReason>> = {
  CERT_REVOKED: 'certificate revoked',
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown CA',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown CA',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown CA',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'unknown CA',
  CERT_SIGNATURE_FAILURE: 'unknown CA',
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: 'no certificate',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'no certificate',
  UNABLE_TO_GET_CRL: 'CRL unusable',
  CRL_HAS_EXPIRED: 'CRL unusable',
  CRL_NOT_YET_VALID: 'CRL unusable',
  CRL_SIGNATURE_FAILURE: 'CRL unusable',
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: 'CRL unusable',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'protocol',
  ERR_SSL_NO_SHARED_CIPHER: 'protocol',
  ERR_SSL_WRONG_VERSION_NUMBER: 'protocol',
  ERR_SSL_HTTP_REQUEST: 'protocol'
}

/** The audit fields of one refused handshake. */
export interface TlsRefusal {
  /** why, in words a reader of the audit log knows ({@link TlsRefusalReason}) */
  reason: TlsRefusalReason
  /** the OpenSSL verify code or Node error code it was derived from, `''` when there was none */
  code: string
  /** the peer's IP address, `''` when the TCP connection was never seen */
  remoteAddress: string
  /** the peer's TCP port, 0 when unknown */
  remotePort: number
}

/** The reason for an OpenSSL verify code or Node TLS error code. */
export function tlsRefusalReason (code: string): TlsRefusalReason {
  return Object.hasOwn(REASONS, code) ? REASONS[code]! : 'handshake failed'
}

/**
 * Remembers each TCP peer's address from the moment it connects, so a refusal can name it after
 * Node has destroyed the socket. Entries live in a WeakMap keyed by the raw socket: nothing to
 * clean up, nothing kept for closed connections.
 */
export class TlsPeers {
  private readonly peers = new WeakMap<Socket, { address: string, port: number }>()

  /** Starts recording the peers of `server` (a `tls.Server`; its `connection` event gives the TCP socket). */
  constructor (server: NetServer) {
    server.on('connection', (raw: Socket) => {
      this.peers.set(raw, { address: raw.remoteAddress ?? '', port: raw.remotePort ?? 0 })
    })
  }

  /**
   * The audit fields for `err` on `socket` (the arguments of the server's `tlsClientError`): the
   * verify code when the certificate failed verification, else the error's own code.
   */
  refusal (err: Error & { code?: unknown }, socket: TLSSocket): TlsRefusal {
    const verify = (socket as { authorizationError?: unknown }).authorizationError
    const code = typeof verify === 'string' && verify !== ''
      ? verify
      : (typeof err.code === 'string' ? err.code : '')
    // Node wraps the TCP socket it accepted; `_parent` is that socket (node:_tls_wrap), the key recorded above.
    const raw = (socket as unknown as { _parent?: Socket })._parent
    const peer = (raw !== undefined ? this.peers.get(raw) : undefined) ?? { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }
    return { reason: tlsRefusalReason(code), code, remoteAddress: peer.address, remotePort: peer.port }
  }
}
