/**
 * Connection failures in words: what happened, the likely cause, and the fix. Pure.
 */

/**
 * The router refuses every client not in this list (Junos `extension-service notification`).
 * `address`: this host's address as the router sees it, when known.
 */
export function formatAllowClientsHint(address?: string): string {
  const prefix = address === undefined ? '<this host>/32' : `${address}/${address.includes(':') ? 128 : 32}`;
  return `on the router: set system services extension-service notification allow-clients address ${prefix}`;
}

export const ALLOW_CLIENTS_HINT = formatAllowClientsHint();

/** CONNACK return codes (MQTT 3.1.1 §3.2.2.3) and reason codes (MQTT 5 §3.2.2.2). */
const CONNACK_REASONS: Record<number, string> = {
  1: 'the broker does not speak this MQTT version (try -V 3.1.1 or -V 5)',
  2: 'the broker rejected the client id (give another with -i)',
  3: 'the broker is unavailable',
  4: 'the broker refused the credentials',
  5: 'the broker refused the credentials (not authorized)',
  0x84: 'the broker does not speak this MQTT version (try -V 3.1.1)',
  0x85: 'the broker rejected the client id (give another with -i)',
  0x86: 'the broker refused the credentials',
  0x87: 'the broker refused the credentials (not authorized)',
  0x88: 'the broker is unavailable',
  0x89: 'the broker is busy',
  0x8a: 'the client is banned by the broker',
  0x8c: 'the broker refused the authentication method',
};

const CONNACK_TIMEOUT = 'connack timeout: the TCP connection opened, but no MQTT answer (CONNACK) came within --connect-timeout;'
  + ' the port is not an MQTT broker, or something in the path accepts connections and drops them (a firewall, a proxy),'
  + ' or the broker is hung';

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the broker's certificate is self-signed and not trusted (give its CA with --cafile)",
  SELF_SIGNED_CERT_IN_CHAIN: "the broker's certificate is signed by an unknown CA (give the CA with --cafile)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the broker's certificate is signed by an unknown CA (give the CA with --cafile)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the broker's certificate is signed by an unknown CA (give the CA with --cafile)",
  CERT_HAS_EXPIRED: "the broker's certificate has expired",
  CERT_NOT_YET_VALID: "the broker's certificate is not valid yet (check the clocks)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the broker's certificate is for another host name "
    + '(connect by that name, or give it with --tls-servername)',
  EPROTO: 'the TLS handshake failed (is the port a TLS listener? mqtts:// needs one)',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the TLS handshake failed: the port does not speak TLS (use mqtt://, or the TLS port)',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'the broker wants a client certificate (give --cert and --key)',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'the broker does not trust the client certificate (signed by a CA it does not know)',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'the broker refused the client certificate',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the TLS handshake failed (the broker may want a client certificate: --cert and --key)',
};

export interface FailureReason {
  /** What went wrong, in words. */
  reason: string;
  /** Whether the router's allow-clients list is a likely cause. */
  allowClients: boolean;
}

export function describeFailure(error: unknown, where: string): FailureReason {
  const err = error as { code?: string | number; message?: string; reasonCode?: number } | undefined;
  const code = err?.code ?? err?.reasonCode;
  if (typeof code === 'number' && CONNACK_REASONS[code]) return { reason: CONNACK_REASONS[code]!, allowClients: false };
  if (typeof code === 'string' && TLS_REASONS[code]) return { reason: TLS_REASONS[code]!, allowClients: false };
  switch (code) {
    case 'ECONNREFUSED':
      // A router refusing a client is remote; on this host it can only be no listener.
      if (isLoopback(where)) {
        const reason = `connection refused: no broker is listening on ${where} (this host); start one, or give the router with -H`;
        return { reason, allowClients: false };
      }
      return { reason: `connection refused: nothing listens on ${where}, or the router does not allow this client`, allowClients: true };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: 'the host name does not resolve (check the name, or use the address)', allowClients: false };
    case 'ECONNRESET':
    case 'EPIPE':
      // Over TLS, a reset at start is most often a plain MQTT port hanging up on the handshake.
      if (where.startsWith('mqtts://')) return { reason: 'the TLS handshake failed: the broker closed the connection (is the port a TLS listener? use mqtt:// for a plain one)', allowClients: false };
      return { reason: 'the broker closed the connection at once '
        + '(a router does this to clients not in allow-clients)', allowClients: true };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { reason: 'no route to the host (check the address and the network path)', allowClients: false };
    case 'ETIMEDOUT':
      return { reason: 'no answer (a firewall in the path, a wrong address, '
        + 'or a router without the notification service)', allowClients: true };
    default:
      if (err?.message === 'connack timeout') {
        // MQTT.js's words for a TCP connection that opened and then stayed silent.
        return { reason: CONNACK_TIMEOUT, allowClients: true };
      }
      return { reason: err?.message ? `${err.message}` : 'the connection closed', allowClients: false };
  }
}

/** `where` (`mqtt://host:port`) is this host: localhost, 127.0.0.0/8 or ::1. */
function isLoopback(where: string): boolean {
  const host = /^[a-z]+:\/\/(\[[^\]]+\]|[^:/]+)/.exec(where)?.[1]?.toLowerCase() ?? '';
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Why an established connection went away: no start-up hints (allow-clients) apply here. */
export function describeLoss(error: unknown, where: string): string {
  const err = error as { code?: unknown; message?: string } | null | undefined;
  if (err === null || err === undefined || err.code === 'ECONNRESET' || err.code === 'EPIPE') return 'the broker closed the connection';
  if (/keepalive timeout/i.test(err.message ?? '')) return 'no answer to keepalive pings (a hung broker or a broken network path)';
  return describeFailure(error, where).reason;
}

/** SUBACK failure codes (MQTT 3.1.1 §3.9.3: 0x80 only; MQTT 5 §3.9.3). */
const SUBACK_REASONS: Record<number, string> = {
  0x80: 'refused',
  0x83: 'implementation specific error',
  0x87: 'not authorized',
  0x8f: 'topic filter invalid',
  0x91: 'packet identifier in use',
  0x97: 'quota exceeded',
  0x9e: 'shared subscriptions not supported',
  0xa1: 'subscription identifiers not supported',
  0xa2: 'wildcard subscriptions not supported',
};

/** `0x87 not authorized`. */
export function describeSubackCode(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, '0')}`;
  const reason = SUBACK_REASONS[code];
  return reason === undefined ? hex : `${hex} ${reason}`;
}

/** SUBACK: a granted QoS of 0x80 (3.1.1) or a reason code of 0x80 or more (5) is a rejection. */
export function isSubscriptionRejected(grant: { qos: number }): boolean {
  return grant.qos >= 0x80;
}
