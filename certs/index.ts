/**
 * Certificates for aedes-ota: the dev PKI behind `aedes-ota pki init`, and the convention that
 * turns a verified client certificate into an identity.
 *
 * **Identity convention.** The broker requires mutual TLS; the CA authenticates, the subject names:
 * - a device is `CN=<deviceId>, OU=device:<model>, O=aedes-ota` — the subject carries the device
 *   id (CN) and model (OU=device:<model>);
 * - an operator is `CN=<operatorId>, OU=operator, O=aedes-ota`.
 *
 * Ids and models are identifiers (`IDENTIFIER` in proto/identifiers.ts) since they become topic levels.
 * {@link identityFromSubject} applies the convention to `getPeerCertificate().subject`; anything
 * that does not fit it exactly (repeated CN/OU, bad characters, another OU) gives no identity.
 *
 * **Dev PKI.** {@link initPki} writes an ECDSA P-256 / SHA-256 CA, a server certificate for the
 * broker's names (`brokerHosts`, default `localhost`, `127.0.0.1`, `::1`) and device/operator
 * client certificates as PEM files plus `pki.json`;
 * {@link readPki} reads it back and {@link addDevices} issues more device certificates.
 * {@link revokeCertificate} lists a certificate in the CA's CRL (`ca.crl`, X.509 v2, RFC 5280
 * section 5), which the standalone broker loads and reloads on change.
 * The CA key sits unencrypted next to the certificates: this is for development and demos,
 * not for a production fleet, whose CA key belongs offline or in an HSM.
 *
 * @module
 */
export { identityFromSubject, PKI_ORGANIZATION, DEVICE_OU_PREFIX, OPERATOR_OU } from './identity.js'
export type { CertIdentity } from './identity.js'
export { initPki, addDevices, MAX_PKI_DEVICES } from './pki.js'
export type { InitPkiOptions } from './pki.js'
export { readPki } from './layout.js'
export { revokeCertificate, revokedSerials, crlPath, CRL_FILE, REVOCATION_REASONS } from './crl.js'
export type { RevokeOptions, RevokeResult, RevocationReason } from './crl.js'
export type { PkiLayout, PkiFilePair } from './layout.js'
export { parseBrokerHosts, DEFAULT_BROKER_HOSTS } from './hosts.js'
export type { BrokerHost } from './hosts.js'
