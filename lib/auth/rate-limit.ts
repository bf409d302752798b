/**
 * A fixed-window counter per client, in memory: enough to stop one client hammering an endpoint
 * of one server process (a token guesser, a runaway script). Several instances would need a
 * shared store.
 */
export type RateLimiter = {
  take(key: string, now?: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
};

export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { startedAt: number; count: number }>();
  const maxKeys = options.maxKeys ?? 10_000;
  return {
    take(key, now = Date.now()) {
      let window = windows.get(key);
      if (!window || now - window.startedAt >= options.windowMs) {
        window = { startedAt: now, count: 0 };
        windows.delete(key);
        windows.set(key, window);
        // Forget the oldest clients first, so spoofed keys cannot grow the map without bound.
        if (windows.size > maxKeys) windows.delete(windows.keys().next().value!);
      }
      window.count += 1;
      if (window.count <= options.limit) return { allowed: true };
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + options.windowMs - now) / 1000)),
      };
    },
  };
}

/** The client's address as the nearest proxy reports it, else a shared bucket. */
export function clientKey(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
}
