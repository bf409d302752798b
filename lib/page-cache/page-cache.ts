/** A rendered page as the cache keeps it: the HTML still carries the placeholder nonce. */
export type RenderedPage = { status: number; headers: [string, string][]; body: string };

export type PageCacheOptions = {
  /** Upper bound on the HTML kept, in UTF-16 code units (what a JS string costs, roughly). */
  maxChars: number;
  /** Pages that show the time ("next run in 4 min") must not outlive it by much. */
  maxAgeMs: number;
  now?: () => number;
};

type Entry = { version: string; storedAt: number; page: RenderedPage };

/** Only complete, successful HTML that sets no cookie is worth sharing between visitors. */
export function isShareable(page: RenderedPage): boolean {
  const header = (name: string) => page.headers.find(([key]) => key.toLowerCase() === name)?.[1] ?? "";
  return page.status === 200 && header("content-type").startsWith("text/html") && !header("set-cookie");
}

/**
 * Rendered pages by key, each valid for one data version, least recently used first out. Concurrent
 * misses for the same key and version share one render, so a burst of visitors to a page that just
 * changed costs one render, not thirty-two.
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly rendering = new Map<string, Promise<RenderedPage>>();
  private chars = 0;
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The page for `key` at data `version`: from the cache, from a render already under way, or rendered now. */
  async page(key: string, version: string, render: () => Promise<RenderedPage>): Promise<RenderedPage> {
    const cached = this.entries.get(key);
    if (cached && cached.version === version && this.now() - cached.storedAt <= this.options.maxAgeMs) {
      // Re-inserting keeps the Map in least-recently-used order.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.page;
    }
    const flightKey = `${version}\u0000${key}`;
    const inFlight = this.rendering.get(flightKey);
    if (inFlight) return inFlight;

    const rendered = render().then((page) => {
      if (isShareable(page)) this.store(key, { version, storedAt: this.now(), page });
      return page;
    });
    this.rendering.set(flightKey, rendered);
    rendered.then(
      () => this.rendering.delete(flightKey),
      () => this.rendering.delete(flightKey),
    );
    return rendered;
  }

  private store(key: string, entry: Entry): void {
    this.remove(key);
    if (entry.page.body.length > this.options.maxChars) return;
    this.entries.set(key, entry);
    this.chars += entry.page.body.length;
    for (const oldest of this.entries.keys()) {
      if (this.chars <= this.options.maxChars) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.chars -= entry.page.body.length;
  }
}
