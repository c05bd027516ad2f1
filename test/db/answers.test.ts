/**
 * Answers on a real SQLite file: the first answer counts even across connections and
 * processes, aggregates always agree with the answers, and migration 002 applies.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerRepo, channelBoard, serverBoard } from '../../src/db/answers.js';
import { openDb } from '../../src/db/open.js';
import { SettingsRepo } from '../../src/db/settings.js';
import { content, testApp, type TestApp } from '../helpers/app.js';
import { keyOf, seeded } from '../quiz/helpers.js';

let apps: TestApp[] = [];
afterEach(() => {
  for (const a of apps) a.cleanup();
  apps = [];
});

const here = { platform: 'console', workspaceId: 'console', channelId: 'general' } as const;

function postSingles(app: TestApp, n: number): { id: number; right: string }[] {
  const qs = content().questions.filter((q) => q.kind === 'single');
  return Array.from({ length: n }, (_, i) => {
    const { instance } = app.services.quiz.postQuestion(qs[i % qs.length]!, here, 'quiz', 'en');
    return { id: instance.id, right: keyOf(app.db, instance.id).right[0]! };
  });
}

function newAnswer(instanceId: number, questionId: string, correct: boolean) {
  return {
    user: { platform: 'console' as const, workspaceId: 'console', userId: 'racer' },
    instanceId,
    questionId,
    objective: '330.1',
    correct,
    chosen: [0],
    typed: null,
    answeredAt: Date.parse('2026-12-01T00:00:00Z'),
    local: { day: '2026-12-01', week: '2026-11-30', month: '2026-12' },
    boards: { server: serverBoard('console', 'console'), channel: channelBoard('console', 'console', 'general') },
  };
}

describe('answers table', () => {
  it('two connections on one file: the second insert of the same (user, instance) is refused by the database', () => {
    const a = testApp({ rng: seeded(1) });
    apps.push(a);
    const [inst] = postSingles(a, 1);
    const other = openDb(a.dbFile);
    try {
      const repoA = new AnswerRepo(a.db, new SettingsRepo(a.db));
      const repoB = new AnswerRepo(other, new SettingsRepo(other));
      const first = repoB.record(newAnswer(inst!.id, 'q', true));
      const second = repoA.record(newAnswer(inst!.id, 'q', false));
      expect(first.status).toBe('recorded');
      expect(second).toMatchObject({ status: 'duplicate', answer: { correct: true } });
      expect(a.db.prepare('SELECT count(*) AS n FROM answers').get()).toEqual({ n: 1 });
      expect(a.db.prepare("SELECT points, answered FROM board_scores WHERE period = 'all' AND objective = '*' AND board = 'console:console'").get()).toEqual({ points: 1, answered: 1 });
    } finally {
      other.close();
    }
  });

  it('two processes answering the same questions as the same user: each counts once', async () => {
    const a = testApp({ rng: seeded(2) });
    apps.push(a);
    const insts = postSingles(a, 40);
    const clicks = insts.map((x) => `${x.id}:${x.right}`);
    const script = fileURLToPath(new URL('./fixtures/answerer.ts', import.meta.url));
    const start = () => {
      const child = fork(script, [a.dbFile, 'twin', ...clicks], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const ready = new Promise<void>((res) => child.once('message', () => res()));
      const done = new Promise<{ recorded: number; already: number }>((res, rej) => {
        child.on('message', (m) => typeof m === 'object' && res(m as { recorded: number; already: number }));
        child.once('exit', (code) => code !== 0 && rej(new Error(`child exited ${code}`)));
      });
      return { child, ready, done };
    };
    const p1 = start();
    const p2 = start();
    await Promise.all([p1.ready, p2.ready]);
    p1.child.send('go');
    p2.child.send('go');
    const [r1, r2] = await Promise.all([p1.done, p2.done]);
    expect(r1.recorded + r2.recorded).toBe(40);
    expect(r1.already + r2.already).toBe(40);
    const db = a.db;
    expect(db.prepare('SELECT count(*) AS n FROM answers').get()).toEqual({ n: 40 });
    expect(db.prepare("SELECT points, answered FROM board_scores WHERE period = 'all' AND objective = '*' AND board = 'console:console'").get()).toEqual({ points: 40, answered: 40 });
    expect(db.prepare('SELECT sum(answered) AS n FROM user_days').get()).toEqual({ n: 40 });
  });

  it('aggregates agree with the answers after a mixed session', async () => {
    const a = testApp({ rng: seeded(3), defaultLang: 'en' });
    apps.push(a);
    const rng = seeded(4);
    const insts = postSingles(a, 30);
    for (let i = 0; i < 120; i++) {
      const inst = insts[Math.floor(rng() * insts.length)]!;
      await a.chat(`:user u${Math.floor(rng() * 6)}`);
      await a.chat(`:channel ${rng() < 0.5 ? 'general' : 'study'}`);
      await a.chat(`click quiz.a:${inst.id}:${rng() < 0.6 ? inst.right : 'A'}`);
      a.clock.advance(Math.floor(rng() * 6 * 3600_000));
    }
    const db = a.db;
    const fromAnswers = db.prepare('SELECT user_ref, count(*) AS answered, sum(correct) AS points FROM answers GROUP BY user_ref ORDER BY user_ref').all();
    const fromBoard = db.prepare("SELECT user_ref, answered, points FROM board_scores WHERE board = 'console:console' AND period = 'all' AND objective = '*' ORDER BY user_ref").all();
    expect(fromBoard).toEqual(fromAnswers);
    const perObjective = db.prepare('SELECT user_ref, objective, count(*) AS answered, sum(correct) AS correct FROM answers GROUP BY user_ref, objective ORDER BY 1, 2').all();
    const fromQuestions = db.prepare('SELECT user_ref, objective, sum(answered) AS answered, sum(correct) AS correct FROM user_questions WHERE answered > 0 GROUP BY user_ref, objective ORDER BY 1, 2').all();
    expect(fromQuestions).toEqual(perObjective);
    const channelSum = db.prepare("SELECT sum(answered) AS n FROM board_scores WHERE board LIKE 'console:console#%' AND period = 'all' AND objective = '*'").get();
    expect(channelSum).toEqual(db.prepare('SELECT count(*) AS n FROM answers').get());
    const weeks = db.prepare("SELECT sum(answered) AS n FROM board_scores WHERE board = 'console:console' AND period LIKE 'w%' AND objective = '*'").get();
    expect(weeks).toEqual(db.prepare('SELECT count(*) AS n FROM answers').get());
  });

  it('migration 002 is applied and the leaderboard reads use the rank index', () => {
    const a = testApp();
    apps.push(a);
    expect(a.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
    const plan = a.db
      .prepare("EXPLAIN QUERY PLAN SELECT user_ref FROM board_scores INDEXED BY board_scores_rank WHERE board = 'x' AND period = 'all' AND objective = '*' ORDER BY points DESC, last_at, user_ref LIMIT 10")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
  });
});
