import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { errorReply, unknownCommandReply } from '../discord/replies.js';
import { languageOf } from '../i18n.js';
import { send } from './respond.js';
import type { AutocompleteRequest, BotContext, Command, SlashInteraction } from './types.js';

/** Routes interactions to commands, with one error boundary and one log line per interaction. */
export interface Router {
  /** Runs a slash command. Never rejects: a failure is logged and answered privately. */
  command(interaction: SlashInteraction): Promise<void>;
  /** Answers an autocomplete request. Never rejects: a failure answers no choices. */
  autocomplete(interaction: AutocompleteRequest): Promise<void>;
}

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

/**
 * Creates the router for a fixed list of commands. Commands are looked up by their base name,
 * which is what Discord sends whatever the user's language.
 */
export function createRouter(commands: readonly Command[], context: BotContext): Router {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const { logger } = context;

  return {
    async command(interaction) {
      const started = performance.now();
      const command = byName.get(interaction.commandName);
      const base = {
        interactionId: interaction.id,
        command: interaction.commandName,
        options: optionsOf(interaction),
        locale: interaction.locale,
        user: interaction.user.id,
      };
      if (command === undefined) {
        logger.warn(base, 'unknown command');
        await send(
          interaction,
          unknownCommandReply(interaction.commandName, languageOf(interaction.locale)),
        ).catch((error: unknown) =>
          logger.warn({ ...base, err: error }, 'could not answer an unknown command'),
        );
        return;
      }
      try {
        const outcome = await command.execute(interaction, context);
        const latencyMs = Math.round((performance.now() - started) * 100) / 100;
        const results = outcome?.results;
        logger.info(
          {
            ...base,
            latencyMs,
            results,
            ...(results === 0 ? { noResult: true, query: outcome?.query } : {}),
          },
          results === 0 ? 'command answered: no result' : 'command answered',
        );
      } catch (error) {
        const latencyMs = Math.round((performance.now() - started) * 100) / 100;
        if (discordCode(error) === UNKNOWN_INTERACTION) {
          // The 3-second window passed or another process answered: nothing left to answer.
          logger.warn(
            { ...base, latencyMs, code: UNKNOWN_INTERACTION },
            'interaction expired before the answer',
          );
          return;
        }
        const reference = errorReference();
        logger.error({ ...base, latencyMs, reference, err: error }, 'command failed');
        try {
          await send(interaction, errorReply(reference, languageOf(interaction.locale)));
        } catch (replyError) {
          logger.error({ ...base, reference, err: replyError }, 'could not tell the user about the failure');
        }
      }
    },

    async autocomplete(interaction) {
      const command = byName.get(interaction.commandName);
      try {
        if (command?.autocomplete === undefined) {
          await interaction.respond([]);
          return;
        }
        await command.autocomplete(interaction, context);
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
  };
}
