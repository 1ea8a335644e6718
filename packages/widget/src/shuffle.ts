// A seeded order for shuffled choices: random per response, the same across re-renders and Back/Next.

/** A 32-bit hash of a string (FNV-1a), mixed with the seed: each item gets a stable random rank. */
const rank = (seed: number, key: string) => {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** The items in an order that depends only on `seed` and their ids. */
export const shuffled = <T extends { id: string }>(items: readonly T[], seed: number): T[] => [...items].sort((a, b) => rank(seed, a.id) - rank(seed, b.id));
