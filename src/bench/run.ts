/**
 * `npm run bench [-- --json] [-- NAME ...]`: runs each benchmark in turn (all, or
 * the NAMEs given) and prints its figures; with --json, one JSON object at the end.
 * Each benchmark: `bench<Name>(opts: { json: boolean }): Promise<Record<string, unknown>>`.
 */
import { benchDiscord } from './discord.js';
import { benchSlack } from './slack.js';
import { benchReview } from './review.js';
import { benchQuiz } from './quiz.js';
import { benchDaily } from './daily.js';
import { benchLookup } from './lookup.js';
import { benchWal } from './wal.js';

type Bench = (opts: { json: boolean }) => Promise<Record<string, unknown>>;

/** Benchmarks by name, in run order. Add yours here (one line). */
const benches: Record<string, Bench> = {
  slack: benchSlack,
  discord: benchDiscord,
  review: benchReview,
  quiz: benchQuiz,
  daily: benchDaily,
  lookup: benchLookup,
  wal: benchWal,
};

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !(w in benches));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  const results: Record<string, unknown> = {};
  for (const [name, bench] of Object.entries(benches)) {
    if (wanted.length && !wanted.includes(name)) continue;
    results[name] = await bench({ json });
  }
  if (json) process.stdout.write(JSON.stringify(results) + '\n');
}

void run();
