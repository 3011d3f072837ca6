/**
 * The SSRF guard for every URL Rapport calls on someone's behalf (webhook subscriptions, a team's Slack
 * incoming webhook). In AWS stages a URL must be https and every address its host resolves to must be a
 * public one: no loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud metadata
 * address, fe80::/10), shared (CGNAT 100.64/10), unspecified, multicast or reserved address, including the
 * same addresses written as IPv4-mapped or NAT64 IPv6. The local and test stages also take loopback
 * (`http://127.0.0.1:<port>`), so tests and developers can receive deliveries. The check runs when a URL is
 * stored and again at each connection (the address is checked as it is looked up: no DNS rebinding).
 */
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { config } from "../config.ts";
import { VisibleError } from "../error.ts";

const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // shared address space (CGNAT)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, the cloud metadata service
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local (the AWS IPv6 metadata address fd00:ec2::254 among them)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
  ["2001:db8::", 32], // documentation
  ["100::", 64], // discard-only
] as const) {
  blocked.addSubnet(net, bits, "ipv6");
}

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** The IPv4 address an IPv6 address carries (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
export function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0) && !(groups[5] === 0 && groups[6] === 0)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail expanded), or undefined. */
function expandIpv6(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.split("%")[0]!.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill(0);
  const groups = [...left, ...fill, ...right];
  return groups.length === 8 ? groups : undefined;
}

/** Whether this stage takes loopback addresses and plain http (the local runner and the tests). */
export function isLocalStage(stage = config().stage): boolean {
  return stage === "local" || stage === "test";
}

/**
 * Why Rapport may not connect to `address` (an IP address) on this stage, or undefined when it may.
 * A name that is not an IP address is refused.
 */
export function refusalOf(address: string, stage = config().stage): string | undefined {
  const family = isIP(address);
  if (family === 0) return "is not an IP address";
  const type = family === 4 ? "ipv4" : "ipv6";
  const inner = family === 6 ? embeddedIpv4(address) : undefined;
  const isLoopback = loopback.check(address, type) || (inner !== undefined && loopback.check(inner, "ipv4"));
  if (isLoopback) return isLocalStage(stage) ? undefined : "resolves to a loopback address";
  if (blocked.check(address, type) || (inner !== undefined && blocked.check(inner, "ipv4"))) return "resolves to a private, link-local or reserved address";
  return undefined;
}

const invalidUrl = (why: string, field: string) => new VisibleError("input", "invalid_url", `Invalid ${field}: it ${why}.`, { [field]: why });

/** The host of a URL without IPv6 brackets. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * Checks a URL Rapport is asked to call: its form (https in AWS stages, no credentials in it) and every
 * address its host resolves to. Throws a 400 naming `field` with the reason; answers the parsed URL.
 */
export async function checkUrl(raw: string, field = "url"): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl("is not an absolute URL", field);
  }
  const local = isLocalStage();
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) throw invalidUrl("must use https", field);
  if (url.username || url.password) throw invalidUrl("must not carry a user name or password", field);
  const host = hostOf(url);
  const addresses = isIP(host) ? [host] : await resolve(host).catch(() => [] as string[]);
  if (!addresses.length) throw invalidUrl("names a host that does not resolve", field);
  for (const address of addresses) {
    const why = refusalOf(address);
    if (why) throw invalidUrl(why, field);
  }
  if (url.protocol === "http:" && !addresses.every((a) => refusalOf(a, "prod") === "resolves to a loopback address")) throw invalidUrl("must use https", field);
  return url;
}

async function resolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
}

/**
 * A `lookup` for node's http and https requests that refuses an address the guard refuses, at the moment
 * of connecting: a host that resolved to a public address when it was stored and to a private one now
 * (DNS rebinding) is not connected to.
 */
export function guardedLookup(
  hostname: string,
  options: { all?: boolean },
  callback: (error: NodeJS.ErrnoException | null, address: string | { address: string; family: number }[], family?: number) => void,
): void {
  resolve(hostname).then(
    (addresses) => {
      const why = addresses.length ? addresses.map((a) => refusalOf(a)).find(Boolean) : "names a host that does not resolve";
      if (why) {
        callback(Object.assign(new Error(`refused: ${hostname} ${why}`), { code: "ERR_OUTBOUND_REFUSED" }), options.all ? [] : "");
        return;
      }
      const list = addresses.map((address) => ({ address, family: isIP(address) }));
      if (options.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    },
    (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ""),
  );
}
