/**
 * Answers on a real SQLite file: the first answer counts even across connections and
 * processes, aggregates always agree with the answers, and migration 002 applies.
 */
import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerRepo, channelBoard, serverBoard } from '../../src/db/answers.js';
import { LocalCalendar } from '../../src/core/progress/calendar.js';
import { listMigrations, migrate, MIGRATIONS_DIR, openDb } from '../../src/db/open.js';
import { SettingsRepo } from '../../src/db/settings.js';
import { content, tempDir, testApp, type TestApp } from '../helpers/app.js';
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
      expect(a.db.prepare("SELECT points, answered FROM board_scores WHERE objective = '*' AND board = 'console:console'").get()).toEqual({ points: 1, answered: 1 });
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
    expect(db.prepare("SELECT points, answered FROM board_scores WHERE objective = '*' AND board = 'console:console'").get()).toEqual({ points: 40, answered: 40 });
    expect(db.prepare('SELECT sum(answered) AS n FROM user_questions').get()).toEqual({ n: 40 });
  });

  it('a burst of answers in one event-loop turn shares a group commit; duplicates inside the burst count once', async () => {
    const a = testApp({ rng: seeded(5), defaultLang: 'en' });
    apps.push(a);
    const [inst] = postSingles(a, 1);
    const click = (user: string) =>
      a.router.handle({
        kind: 'action',
        name: `quiz.a:${inst!.id}:${inst!.right}`,
        args: {},
        user: { platform: 'console', workspaceId: 'console', userId: user },
        channelId: 'general',
        isDirect: false,
        isAdmin: false,
        receivedAt: a.clock.now(),
      });
    const users = Array.from({ length: 20 }, (_, i) => `burst${i}`);
    const replies = await Promise.all([...users, ...users.slice(0, 5)].map(click));
    const titles = replies.map((r) => r[0]!.message.title ?? r[0]!.message.fallback);
    expect(titles.filter((x) => /Correct/.test(x))).toHaveLength(20);
    expect(titles.filter((x) => /Already answered/.test(x))).toHaveLength(5);
    expect(a.db.prepare('SELECT count(*) AS n FROM answers').get()).toEqual({ n: 20 });
    expect(a.db.prepare("SELECT count(*) AS n, sum(points) AS p FROM board_scores WHERE board = 'console:console' AND objective = '*'").get()).toEqual({ n: 20, p: 20 });
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
    const fromBoard = db.prepare("SELECT user_ref, answered, points FROM board_scores WHERE board = 'console:console' AND objective = '*' ORDER BY user_ref").all();
    expect(fromBoard).toEqual(fromAnswers);
    const perObjective = db.prepare('SELECT user_ref, objective, count(*) AS answered, sum(correct) AS correct FROM answers GROUP BY user_ref, objective ORDER BY 1, 2').all();
    const fromQuestions = db.prepare('SELECT user_ref, objective, sum(answered) AS answered, sum(correct) AS correct FROM user_questions WHERE answered > 0 GROUP BY user_ref, objective ORDER BY 1, 2').all();
    expect(fromQuestions).toEqual(perObjective);
    const channelSum = db.prepare("SELECT sum(answered) AS n FROM board_scores WHERE board LIKE 'console:console#%' AND objective = '*'").get();
    expect(channelSum).toEqual(db.prepare('SELECT count(*) AS n FROM answers').get());
    // Each row's current week and month hold exactly that local week's / month's answers.
    const cal = new LocalCalendar('Asia/Tokyo');
    const answers = db.prepare('SELECT user_ref, correct, answered_at, objective FROM answers').all() as { user_ref: number; correct: number; answered_at: number; objective: string }[];
    const rows = db.prepare("SELECT user_ref, objective, week, week_points, week_answered, month, month_points, month_answered FROM board_scores WHERE board = 'console:console'").all() as Record<string, number | string>[];
    expect(rows.length).toBeGreaterThan(6);
    for (const r of rows) {
      const mine = answers.filter((x) => x.user_ref === r.user_ref && (r.objective === '*' || x.objective === r.objective));
      const week = mine.filter((x) => cal.periodsOf(x.answered_at).week === r.week);
      const month = mine.filter((x) => cal.periodsOf(x.answered_at).month === r.month);
      expect(r.week, 'latest week').toBe(mine.map((x) => cal.periodsOf(x.answered_at).week).sort().at(-1));
      expect([r.week_answered, r.week_points]).toEqual([week.length, week.filter((x) => x.correct).length]);
      expect([r.month_answered, r.month_points]).toEqual([month.length, month.filter((x) => x.correct).length]);
    }
  });

  it('migrations 002 and 005 are applied and a board read is a range of board_scores_board', () => {
    const a = testApp();
    apps.push(a);
    expect(a.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
    const plan = a.db
      .prepare("EXPLAIN QUERY PLAN SELECT user_ref, points FROM board_scores INDEXED BY board_scores_board WHERE board = 'x' AND objective = '*'")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH board_scores USING INDEX board_scores_board \(board=\? AND objective=\?\)/);
  });

  it('migration 005 rebuilds all-time board rows from the answers recorded under 002', () => {
    const { dir, cleanup } = tempDir();
    try {
      const only = join(dir, 'm');
      mkdirSync(only);
      for (const f of listMigrations()) if (f.version <= 4) copyFileSync(join(MIGRATIONS_DIR, f.file), join(only, f.file));
      const db = openDb(join(dir, 'x.db'), { migrationsDir: only });
      db.exec(`INSERT INTO users (id, platform, workspace_id, user_id, created_at) VALUES (1, 'discord', 'G', 'u1', 0), (2, 'discord', 'G', 'u2', 0);
        INSERT INTO quiz_instances (id, platform, workspace_id, channel_id, question_id, source, created_at) VALUES (1, 'discord', 'G', 'C1', 'q1', 'quiz', 0), (2, 'discord', 'G', 'C2', 'q2', 'quiz', 0);
        INSERT INTO answers (user_ref, instance_id, question_id, objective, correct, answered_at) VALUES (1, 1, 'q1', '330.1', 1, 10), (1, 2, 'q2', '330.2', 0, 20), (2, 1, 'q1', '330.1', 1, 30);`);
      migrate(db);
      const rows = db.prepare('SELECT user_ref, board, objective, points, answered, last_at FROM board_scores ORDER BY 1, 2, 3').all();
      expect(rows).toEqual([
        { user_ref: 1, board: 'discord:G', objective: '*', points: 1, answered: 2, last_at: 10 },
        { user_ref: 1, board: 'discord:G', objective: '330.1', points: 1, answered: 1, last_at: 10 },
        { user_ref: 1, board: 'discord:G', objective: '330.2', points: 0, answered: 1, last_at: 0 },
        { user_ref: 1, board: 'discord:G#C1', objective: '*', points: 1, answered: 1, last_at: 10 },
        { user_ref: 1, board: 'discord:G#C1', objective: '330.1', points: 1, answered: 1, last_at: 10 },
        { user_ref: 1, board: 'discord:G#C2', objective: '*', points: 0, answered: 1, last_at: 0 },
        { user_ref: 1, board: 'discord:G#C2', objective: '330.2', points: 0, answered: 1, last_at: 0 },
        { user_ref: 2, board: 'discord:G', objective: '*', points: 1, answered: 1, last_at: 30 },
        { user_ref: 2, board: 'discord:G', objective: '330.1', points: 1, answered: 1, last_at: 30 },
        { user_ref: 2, board: 'discord:G#C1', objective: '*', points: 1, answered: 1, last_at: 30 },
        { user_ref: 2, board: 'discord:G#C1', objective: '330.1', points: 1, answered: 1, last_at: 30 },
      ]);
      db.close();
    } finally {
      cleanup();
    }
  });
});
