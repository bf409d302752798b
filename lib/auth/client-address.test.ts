import { describe, expect, it } from "vitest";
import { clientAddressOf } from "@/lib/auth/client-address";

describe("clientAddressOf", () => {
  it("takes the socket's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf("::ffff:203.0.113.7", "198.51.100.1", 0)).toBe("203.0.113.7");
  });

  it("takes the address the trusted proxy saw, from the right", () => {
    expect(clientAddressOf("10.0.0.2", "1.1.1.1, 198.51.100.9", 1)).toBe("198.51.100.9");
    expect(clientAddressOf("10.0.0.2", "1.1.1.1, 198.51.100.9, 10.0.0.1", 2)).toBe("198.51.100.9");
  });

  it("never reads past the left end of the chain", () => {
    expect(clientAddressOf("10.0.0.2", undefined, 3)).toBe("10.0.0.2");
    expect(clientAddressOf("10.0.0.2", "198.51.100.9", 5)).toBe("198.51.100.9");
  });
});
