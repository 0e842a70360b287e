import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { errorReply, noticeReply, type Reply, unknownCommandReply } from '../discord/replies.js';
import { languageOf, messages } from '../i18n.js';
import type { Cooldown } from './cooldown.js';
import { type ControlAction, decodeControl } from './custom-id.js';
import { send, toMessageOptions } from './respond.js';
import type {
  AutocompleteRequest,
  BotContext,
  Command,
  ComponentRequest,
  SlashInteraction,
} from './types.js';

/** Routes interactions to commands, with one error boundary and one log line per interaction. */
export interface Router {
  /** Runs a slash command. Never rejects: a failure is logged and answered privately. */
  command(interaction: SlashInteraction): Promise<void>;
  /** Answers an autocomplete request. Never rejects: a failure answers no choices. */
  autocomplete(interaction: AutocompleteRequest): Promise<void>;
  /** Handles a button or select menu. Never rejects: a stale or forged control is answered privately. */
  component(interaction: ComponentRequest): Promise<void>;
}

/** Options of {@link createRouter}. */
export interface RouterOptions {
  /** Per-user limit on commands; autocomplete and controls are never limited. */
  cooldown?: Cooldown;
}

/** Controls only the person who asked may use: they change or repost that person's answer. */
const OWNER_ONLY: ReadonlySet<ControlAction> = new Set(['page', 'jump', 'share', 'suggestion']);

/** Discord error code for an interaction whose token expired or was already answered. */
const UNKNOWN_INTERACTION = 10062;

/** A short code the user can quote and the operator can grep for in the logs. */
export function errorReference(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

function discordCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The options of an interaction as a plain object, for the log line. */
function optionsOf(interaction: SlashInteraction): Record<string, unknown> {
  const data = (interaction.options as { data?: ReadonlyArray<{ name: string; value?: unknown }> }).data;
  return Object.fromEntries((data ?? []).map((option) => [option.name, option.value]));
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 100) / 100;

/**
 * Creates the router for a fixed list of commands. Commands are looked up by their base name,
 * which is what Discord sends whatever the user's language.
 */
export function createRouter(
  commands: readonly Command[],
  context: BotContext,
  options: RouterOptions = {},
): Router {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const { logger } = context;

  /** Logs a failure with a reference the user can quote, and apologises privately; never throws. */
  const fail = async (
    locale: string,
    answer: (reply: Reply) => Promise<unknown>,
    base: Record<string, unknown>,
    latencyMs: number,
    error: unknown,
  ) => {
    if (discordCode(error) === UNKNOWN_INTERACTION) {
      // The 3-second window passed or another process answered: nothing is left to answer.
      logger.warn({ ...base, latencyMs, code: UNKNOWN_INTERACTION }, 'interaction expired before the answer');
      return;
    }
    const reference = errorReference();
    logger.error(
      { ...base, latencyMs, reference, err: error },
      'customId' in base ? 'control failed' : 'command failed',
    );
    try {
      await answer(errorReply(reference, languageOf(locale)));
    } catch (replyError) {
      logger.error({ ...base, reference, err: replyError }, 'could not tell the user about the failure');
    }
  };

  return {
    async command(interaction) {
      const started = performance.now();
      const command = byName.get(interaction.commandName);
      // The fields every line about this interaction starts with, gathered when a line is
      // written: on the way to an answer, none is.
      const base = () => ({
        interactionId: interaction.id,
        command: interaction.commandName,
        options: optionsOf(interaction),
        locale: interaction.locale,
        user: interaction.user.id,
      });
      const language = languageOf(interaction.locale);
      if (command === undefined) {
        logger.warn(base(), 'unknown command');
        await send(interaction, unknownCommandReply(interaction.commandName, language)).catch(
          (error: unknown) => logger.warn({ ...base(), err: error }, 'could not answer an unknown command'),
        );
        return;
      }
      const decision = options.cooldown?.take(interaction.user.id);
      if (decision !== undefined && !decision.ok) {
        const retryAt = Math.ceil(decision.retryAt / 1000);
        logger.info({ ...base(), retryAt }, 'command refused: cooldown');
        await send(interaction, noticeReply(messages(language).cooldown(retryAt))).catch((error: unknown) =>
          logger.warn({ ...base(), err: error }, 'could not answer a cooled-down command'),
        );
        return;
      }
      try {
        const outcome = await command.execute(interaction, context);
        const results = outcome?.results;
        logger.info(
          {
            ...base(),
            latencyMs: elapsed(started),
            results,
            ...(results === 0 ? { noResult: true, query: outcome?.query } : {}),
          },
          results === 0 ? 'command answered: no result' : 'command answered',
        );
      } catch (error) {
        await fail(interaction.locale, (reply) => send(interaction, reply), base(), elapsed(started), error);
      }
    },

    async autocomplete(interaction) {
      const started = performance.now();
      const command = byName.get(interaction.commandName);
      try {
        if (command?.autocomplete === undefined) {
          await interaction.respond([]);
          return;
        }
        await command.autocomplete(interaction, context);
        // Debug level: autocomplete fires on every keystroke.
        logger.debug(
          {
            interactionId: interaction.id,
            command: interaction.commandName,
            locale: interaction.locale,
            latencyMs: elapsed(started),
          },
          'autocomplete answered',
        );
      } catch (error) {
        if (discordCode(error) === UNKNOWN_INTERACTION) {
          logger.debug({ interactionId: interaction.id }, 'autocomplete expired');
          return;
        }
        logger.error(
          { interactionId: interaction.id, command: interaction.commandName, err: error },
          'autocomplete failed',
        );
        if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
      }
    },

    async component(interaction) {
      const started = performance.now();
      const base = {
        interactionId: interaction.id,
        customId: interaction.customId,
        user: interaction.user.id,
        locale: interaction.locale,
      };
      const t = messages(languageOf(interaction.locale));
      const privately = (reply: Reply) => {
        const message = toMessageOptions({ ...reply, ephemeral: true });
        return interaction.replied || interaction.deferred
          ? interaction.followUp(message)
          : interaction.reply(message);
      };
      try {
        const state = decodeControl(interaction.customId);
        if (state === 'stale' || state === 'malformed') {
          logger.warn({ ...base, problem: state }, 'control refused');
          await privately(noticeReply(state === 'stale' ? t.staleControl : t.malformedControl));
          return;
        }
        const command = byName.get(state.command);
        if (command?.component === undefined) {
          logger.warn(base, 'control of a command without controls');
          await privately(noticeReply(t.malformedControl));
          return;
        }
        if (OWNER_ONLY.has(state.action) && state.owner !== '0' && state.owner !== interaction.user.id) {
          logger.info({ ...base, owner: state.owner }, 'control refused: not the asker');
          await privately(noticeReply(t.notYourControl));
          return;
        }
        const outcome = await command.component(interaction, state, context);
        logger.info(
          {
            ...base,
            command: state.command,
            action: state.action,
            latencyMs: elapsed(started),
            results: outcome?.results,
          },
          'control answered',
        );
      } catch (error) {
        await fail(interaction.locale, privately, base, elapsed(started), error);
      }
    },
  };
}
