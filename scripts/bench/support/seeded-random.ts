/**
 * A small seeded PRNG (mulberry32) with the helpers the synthetic feed needs. Benchmarks must be
 * repeatable, so nothing here touches Math.random.
 */
export type Random = {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[];
};

/** MurmurHash3's finaliser: spreads every input bit over the whole 32-bit word. */
function avalanche(value: number): number {
  let hash = value >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * Combines integers into one 32-bit seed, so each item gets its own independent stream: item 7 of
 * a feed then reads the same whether the feed starts at 0 or at 5.
 */
export function mixSeed(...parts: number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    const whole = Math.trunc(part);
    const high = Math.floor(whole / 2 ** 32);
    hash = avalanche(hash ^ avalanche(whole >>> 0));
    hash = avalanche(hash ^ avalanche((high >>> 0) ^ 0x27d4eb2f));
  }
  return hash;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("Cannot pick from an empty list");
    return items[Math.floor(next() * items.length)];
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    weighted: (entries) => {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let remaining = next() * total;
      for (const [value, weight] of entries) {
        remaining -= weight;
        if (remaining < 0) return value;
      }
      return entries[entries.length - 1][0];
    },
    sample: (items, count) => {
      const pool = [...items];
      const size = Math.min(count, pool.length);
      // A partial Fisher–Yates shuffle: only the first `size` places are settled.
      for (let index = 0; index < size; index += 1) {
        const swap = index + Math.floor(next() * (pool.length - index));
        [pool[index], pool[swap]] = [pool[swap], pool[index]];
      }
      return pool.slice(0, size);
    },
  };
}

/**
 * Picks from a list where earlier entries are far more common (Zipf's law, as in real prose), so
 * a rare word matches few documents and a common one matches most.
 */
export function createZipfPicker<T>(items: readonly T[], exponent = 1.05): (random: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= items.length; rank += 1) {
    total += 1 / rank ** exponent;
    cumulative.push(total);
  }
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return items[low];
  };
}
