/**
 * The header the server (scripts/serve.ts) sets on every request from the socket and TRUST_PROXY_HOPS,
 * replacing whatever a client sent under that name. Route handlers cannot see the socket themselves.
 */
export const CLIENT_ADDRESS_HEADER = "x-briefs-client-address";

/**
 * The client's address: the socket's peer, unless `trustedHops` proxies stand in front, in which case
 * the address the outermost trusted proxy saw, read from the right of X-Forwarded-For (entries further
 * left were written by the client and prove nothing).
 */
export function clientAddressOf(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedHops: number,
): string {
  const chain = [
    ...(forwardedFor ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
    socketAddress ?? "unknown",
  ];
  const index = Math.max(0, chain.length - 1 - trustedHops);
  return normalizeAddress(chain[index]);
}

/** IPv4 seen through an IPv6 socket reads as plain IPv4. */
function normalizeAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}

export function clientAddress(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
