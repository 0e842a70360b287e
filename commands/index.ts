import type { Command } from '../src/bot/types.js';
import aide from './aide.js';
import convention from './convention.js';
import conventions from './conventions.js';
import ministere from './ministere.js';
import recharger from './recharger.js';

/** Every slash command of the bot, in the order `/aide` lists them. */
export const commands: readonly Command[] = [convention, ministere, conventions, aide, recharger];
