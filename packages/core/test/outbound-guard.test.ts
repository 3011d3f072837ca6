import { afterEach, describe, expect, it } from "vitest";
import { configure } from "@rapport/core/config";
import { checkUrl, embeddedIpv4, guardedLookup, refusalOf } from "@rapport/core/outbound/guard";

afterEach(() => {
  configure({ stage: "test" });
});

describe("the SSRF guard's addresses", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "private"],
    ["::ffff:169.254.169.254", "private"],
    ["::ffff:a9fe:a9fe", "private"],
    ["64:ff9b::a9fe:a9fe", "private"],
    ["2002:a9fe:a9fe::1", "private"],
    ["fd00:ec2::254", "private"],
    ["fc00::1", "private"],
    ["fe80::1", "private"],
    ["fe80::1%eth0", "private"],
    ["100.64.0.1", "private"],
    ["100.127.255.255", "private"],
    ["0.0.0.0", "private"],
    ["::", "private"],
    ["224.0.0.1", "private"],
    ["255.255.255.255", "private"],
  ])("refuses %s in an AWS stage", (address, kind) => {
    expect(refusalOf(address, "prod")).toMatch(kind === "loopback" ? /loopback/ : /private, link-local or reserved/);
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("takes the public address %s", (address) => {
    expect(refusalOf(address, "prod")).toBeUndefined();
  });

  it("takes loopback in the local and test stages only, and never a private address there", () => {
    expect(refusalOf("127.0.0.1", "local")).toBeUndefined();
    expect(refusalOf("::1", "test")).toBeUndefined();
    expect(refusalOf("127.0.0.1", "staging")).toMatch(/loopback/);
    expect(refusalOf("169.254.169.254", "local")).toMatch(/private/);
    expect(refusalOf("10.0.0.1", "test")).toMatch(/private/);
  });

  it("reads the IPv4 address inside mapped, NAT64 and 6to4 IPv6 forms", () => {
    expect(embeddedIpv4("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(embeddedIpv4("::ffff:0a00:0001")).toBe("10.0.0.1");
    expect(embeddedIpv4("64:ff9b::7f00:1")).toBe("127.0.0.1");
    expect(embeddedIpv4("2002:c0a8:0101::")).toBe("192.168.1.1");
    expect(embeddedIpv4("2606:4700::1111")).toBeUndefined();
  });
});

describe("checkUrl", () => {
  const refused = async (url: string) => {
    try {
      await checkUrl(url);
    } catch (error) {
      return error as { status: number; fields: Record<string, string> };
    }
    throw new Error(`${url} was accepted`);
  };

  it("refuses http, credentials and every literal non-public address outside the local stage, naming the field", async () => {
    configure({ stage: "prod" });
    for (const url of [
      "http://example.com/hook",
      "https://user:pw@example.com/hook",
      "https://169.254.169.254/latest/meta-data/",
      "https://[fd00:ec2::254]/",
      "https://[::ffff:169.254.169.254]/",
      "https://0x7f.1/",
      "https://2130706433/",
      "https://127.1:8443/",
      "https://[::]/",
      "https://10.0.0.8/",
    ]) {
      const error = await refused(url);
      expect(error.status, url).toBe(400);
      expect(error.fields, url).toHaveProperty("url");
    }
    await expect(checkUrl("https://93.184.215.14/hook")).resolves.toBeInstanceOf(URL);
  });

  it("takes http://127.0.0.1:<port> in the test stage, but not http to anywhere else", async () => {
    await expect(checkUrl("http://127.0.0.1:4567/hook")).resolves.toBeInstanceOf(URL);
    expect((await refused("http://93.184.215.14/hook")).fields.url).toMatch(/https/);
    expect((await refused("http://169.254.169.254/")).fields.url).toMatch(/private/);
  });
});

describe("the lookup at connect time", () => {
  const look = (host: string) =>
    new Promise<{ error: NodeJS.ErrnoException | null; addresses: unknown }>((done) => guardedLookup(host, { all: true }, (error, addresses) => done({ error, addresses })));

  it("refuses a name that resolves to loopback outside the local stage (a name that rebinds after it was stored), and takes it locally", async () => {
    configure({ stage: "prod" });
    expect((await look("localhost")).error?.code).toBe("ERR_OUTBOUND_REFUSED");
    configure({ stage: "test" });
    const local = await look("localhost");
    expect(local.error).toBeNull();
    expect(local.addresses).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) })]));
  });
});
