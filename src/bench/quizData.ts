/**
 * The benchmark's data set: deterministic answer events (users in servers answering
 * posted questions over months), and two ways to load them: through AnswerRepo.record
 * (the live code path; minutes at 1M answers) and a bulk loader that computes the same
 * rows in memory and inserts them in key order (seconds). test/db/benchData.test.ts
 * checks that both produce identical tables, so the bulk load is the live shape.
 */
import type { Question } from '../content/schema.js';
import { LocalCalendar } from '../core/progress/calendar.js';
import { ALL_OBJECTIVES, AnswerRepo, channelBoard, serverBoard } from '../db/answers.js';
import type { Db } from '../db/open.js';
import { QuizInstanceRepo } from '../db/quizInstances.js';
import { SettingsRepo } from '../db/settings.js';
import { seededRandom } from '../core/random.js';

export interface DataShape {
  servers: number;
  usersPerServer: number;
  channelsPerServer: number;
  answers: number;
  answersPerInstance: number;
  days: number;
  /** UTC ms of the end of the period. */
  end: number;
  seed: number;
}

export interface BenchInstance {
  server: number;
  channel: string;
  question: Question;
  at: number;
}
export interface BenchAnswer {
  instance: number; // index into instances
  user: number; // global user index: server * usersPerServer + i
  correct: boolean;
  at: number;
}

/** Seeded random source (see src/core/random.ts). */
export const rng = seededRandom;

const userId = (shape: DataShape, u: number) => `U${Math.floor(u / shape.usersPerServer)}-${u % shape.usersPerServer}`;
const workspace = (s: number) => `G${s}`;

/** Exactly `shape.answers` answers; some users are far more active than others. */
export function generate(shape: DataShape, questions: readonly Question[]): { instances: BenchInstance[]; answers: BenchAnswer[] } {
  const r = rng(shape.seed);
  const start = shape.end - shape.days * 86_400_000;
  const count = Math.ceil(shape.answers / shape.answersPerInstance);
  const step = (shape.end - start) / count;
  const instances: BenchInstance[] = [];
  const answers: BenchAnswer[] = [];
  for (let i = 0; i < count && answers.length < shape.answers; i++) {
    const server = Math.floor(r() * shape.servers);
    const at = Math.floor(start + i * step);
    instances.push({ server, channel: `C${server}-${Math.floor(r() * shape.channelsPerServer)}`, question: questions[Math.floor(r() * questions.length)]!, at });
    const seen = new Set<number>();
    while (seen.size < shape.answersPerInstance && answers.length < shape.answers) {
      const u = server * shape.usersPerServer + Math.floor(r() * r() * shape.usersPerServer);
      if (seen.has(u)) continue;
      seen.add(u);
      answers.push({ instance: i, user: u, correct: r() < 0.65, at: at + Math.floor(r() * 3_600_000) });
    }
  }
  return { instances, answers };
}

/** Loads through the live repositories (users, instances, AnswerRepo.record). */
export function loadViaRepo(db: Db, shape: DataShape, data: ReturnType<typeof generate>, zone: string): void {
  const settings = new SettingsRepo(db);
  const repo = new QuizInstanceRepo(db);
  const answers = new AnswerRepo(db, settings);
  const calendar = new LocalCalendar(zone);
  const start = shape.end - shape.days * 86_400_000;
  db.transaction(() => {
    for (let u = 0; u < shape.servers * shape.usersPerServer; u++) {
      settings.ensureUser({ platform: 'discord', workspaceId: workspace(Math.floor(u / shape.usersPerServer)), userId: userId(shape, u), displayName: `user ${u}` }, start);
    }
    const ids = data.instances.map(
      (x) =>
        repo.create({ platform: 'discord', workspaceId: workspace(x.server), channelId: x.channel, questionId: x.question.id, objective: x.question.objective, choiceOrder: [0, 1, 2, 3], source: 'quiz', createdAt: x.at }).instance.id,
    );
    for (const a of data.answers) {
      const inst = data.instances[a.instance]!;
      answers.record({
        user: { platform: 'discord', workspaceId: workspace(inst.server), userId: userId(shape, a.user) },
        instanceId: ids[a.instance]!,
        questionId: inst.question.id,
        objective: inst.question.objective,
        correct: a.correct,
        chosen: [a.correct ? 0 : 1],
        typed: null,
        answeredAt: a.at,
        local: calendar.periodsOf(a.at),
        boards: { server: serverBoard('discord', workspace(inst.server)), channel: channelBoard('discord', workspace(inst.server), inst.channel) },
      });
    }
  })();
}

interface BoardAgg {
  points: number;
  answered: number;
  lastAt: number;
  week: string;
  weekPoints: number;
  weekAnswered: number;
  weekLastAt: number;
  month: string;
  monthPoints: number;
  monthAnswered: number;
  monthLastAt: number;
}

/**
 * Bulk load: the same rows as loadViaRepo, computed in memory with the same rules as
 * AnswerRepo's upserts (replayed in answer order), inserted in primary-key order.
 */
export function loadBulk(db: Db, shape: DataShape, data: ReturnType<typeof generate>, zone: string): void {
  const calendar = new LocalCalendar(zone);
  const start = shape.end - shape.days * 86_400_000;
  const nUsers = shape.servers * shape.usersPerServer;
  const uq = new Map<string, { user: number; q: string; objective: string; n: number; correct: number; last: number; lastAt: number }>();
  const days = new Set<string>();
  const boards = new Map<string, BoardAgg>();
  for (const a of data.answers) {
    const inst = data.instances[a.instance]!;
    const c = a.correct ? 1 : 0;
    const userRef = a.user + 1;
    const kq = `${userRef}\u0000${inst.question.id}`;
    const q = uq.get(kq);
    if (q) {
      q.n++;
      q.correct += c;
      q.last = c;
      q.lastAt = a.at;
    } else uq.set(kq, { user: userRef, q: inst.question.id, objective: inst.question.objective, n: 1, correct: c, last: c, lastAt: a.at });
    const local = calendar.periodsOf(a.at);
    days.add(`${userRef}\u0000${local.day}`);
    for (const board of [serverBoard('discord', workspace(inst.server)), channelBoard('discord', workspace(inst.server), inst.channel)]) {
      for (const objective of [ALL_OBJECTIVES, inst.question.objective]) {
        const k = `${userRef}\u0000${board}\u0000${objective}`;
        const b = boards.get(k);
        if (!b) {
          boards.set(k, { points: c, answered: 1, lastAt: a.at, week: local.week, weekPoints: c, weekAnswered: 1, weekLastAt: a.at, month: local.month, monthPoints: c, monthAnswered: 1, monthLastAt: a.at });
          continue;
        }
        b.points += c;
        b.answered++;
        if (c) b.lastAt = a.at;
        if (local.week > b.week) Object.assign(b, { week: local.week, weekPoints: c, weekAnswered: 1, weekLastAt: a.at });
        else if (local.week === b.week) Object.assign(b, { weekPoints: b.weekPoints + c, weekAnswered: b.weekAnswered + 1, weekLastAt: c ? a.at : b.weekLastAt });
        if (local.month > b.month) Object.assign(b, { month: local.month, monthPoints: c, monthAnswered: 1, monthLastAt: a.at });
        else if (local.month === b.month) Object.assign(b, { monthPoints: b.monthPoints + c, monthAnswered: b.monthAnswered + 1, monthLastAt: c ? a.at : b.monthLastAt });
      }
    }
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  db.transaction(() => {
    const user = db.prepare('INSERT INTO users (id, platform, workspace_id, user_id, display_name, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (let u = 0; u < nUsers; u++) user.run(u + 1, 'discord', workspace(Math.floor(u / shape.usersPerServer)), userId(shape, u), `user ${u}`, start);
    const inst = db.prepare("INSERT INTO quiz_instances (id, platform, workspace_id, channel_id, question_id, choice_order, source, created_at) VALUES (?, 'discord', ?, ?, ?, '0,1,2,3', 'quiz', ?)");
    data.instances.forEach((x, i) => inst.run(i + 1, workspace(x.server), x.channel, x.question.id, x.at));
    const ans = db.prepare('INSERT INTO answers (id, user_ref, instance_id, question_id, objective, correct, chosen, typed, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)');
    data.answers.forEach((a, i) => {
      const x = data.instances[a.instance]!;
      ans.run(i + 1, a.user + 1, a.instance + 1, x.question.id, x.question.objective, a.correct ? 1 : 0, a.correct ? '0' : '1', a.at);
    });
    const q = db.prepare('INSERT INTO user_questions (user_ref, question_id, objective, served, answered, correct, last_correct, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const v of [...uq.values()].sort((a, b) => a.user - b.user || cmp(a.q, b.q))) q.run(v.user, v.q, v.objective, v.n, v.n, v.correct, v.last, v.lastAt);
    const d = db.prepare('INSERT INTO user_days (user_ref, day) VALUES (?, ?)');
    for (const k of [...days].map((x) => x.split('\u0000')).sort((a, b) => Number(a[0]) - Number(b[0]) || cmp(a[1]!, b[1]!))) d.run(Number(k[0]), k[1]);
    const b = db.prepare(
      'INSERT INTO board_scores (user_ref, board, objective, points, answered, last_at, week, week_points, week_answered, week_last_at, month, month_points, month_answered, month_last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const keyed = [...boards.entries()].map(([k, v]) => [k.split('\u0000'), v] as const);
    keyed.sort((x, y) => Number(x[0][0]) - Number(y[0][0]) || cmp(x[0][1]!, y[0][1]!) || cmp(x[0][2]!, y[0][2]!));
    for (const [[u, board, objective], v] of keyed) {
      b.run(Number(u), board, objective, v.points, v.answered, v.lastAt, v.week, v.weekPoints, v.weekAnswered, v.weekLastAt, v.month, v.monthPoints, v.monthAnswered, v.monthLastAt);
    }
  })();
}
