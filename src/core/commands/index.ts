/**
 * Every command and action of the core, in help order. Adapters generate their
 * platform forms (Discord options, Slack/console text parser, help) from this list.
 */
import type { ActionDecl, CommandDecl } from '../command.js';
import { aboutCommand } from './about.js';
import { askCommand, askEntryAction } from './ask.js';
import { configLangCommand } from './config.js';
import { helpCommand } from './help.js';

export const commands: CommandDecl[] = [];
commands.push(
  askCommand,
  configLangCommand,
  helpCommand(() => commands),
  aboutCommand,
);

export const actions: ActionDecl[] = [askEntryAction];
