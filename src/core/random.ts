/** Repeatable randomness for tests, benchmarks and synthetic data (pure-rand's Mersenne Twister). */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';

/**
 * A random source in [0, 1) that gives the same sequence for the same integer `seed`.
 * Mersenne Twister rather than xoroshiro128+: the latter's first draws from small seeds sit near 1.
 */
export function seededRandom(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}
