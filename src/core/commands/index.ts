/**
 * Every command and action of the core, in help order. Adapters generate their
 * platform forms (Discord options, Slack/console text parser, help) from this list.
 */
import type { ActionDecl, CommandDecl } from '../command.js';
import { aboutCommand } from './about.js';
import { askCommand, askEntryAction } from './ask.js';
import { configLangCommand } from './config.js';
import { helpCommand } from './help.js';
import { forgetCancelAction, forgetConfirmAction, forgetMeCommand, mydataCommand } from './privacy.js';
import { quizActions, quizCommand } from './quiz.js';
import { progressCommand } from './progress.js';
import { leaderboardCommand } from './leaderboard.js';
import { configShowNamesCommand, dailyCommands } from './daily.js';
import { configExamDateCommand, reviewActions, reviewCommand } from './review.js';
import { examActions, examCommand } from './exam.js';

export const commands: CommandDecl[] = [];
commands.push(
  askCommand,
  quizCommand,
  progressCommand,
  leaderboardCommand,
  ...dailyCommands,
  reviewCommand,
  examCommand,
  configLangCommand,
  configShowNamesCommand,
  configExamDateCommand,
  helpCommand(() => commands),
  aboutCommand,
  mydataCommand,
  forgetMeCommand,
);

export const actions: ActionDecl[] = [askEntryAction, forgetConfirmAction, forgetCancelAction, ...quizActions, ...reviewActions, ...examActions];
