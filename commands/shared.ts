import { MessageFlags } from 'discord.js';
import { type AnswerRequest, answer } from '../src/bot/answers.js';
import type { ControlState } from '../src/bot/custom-id.js';
import { send, toMessageOptions } from '../src/bot/respond.js';
import type { BotContext, CommandOutcome, ComponentRequest, SlashInteraction } from '../src/bot/types.js';
import { noticeReply } from '../src/discord/replies.js';
import { languageOf, messages } from '../src/i18n.js';

/** Runs `/convention` or `/ministere`: reads the options, answers, reports the number of results. */
export async function answerCommand(
  command: AnswerRequest['command'],
  interaction: SlashInteraction,
  context: BotContext,
): Promise<CommandOutcome> {
  const query = interaction.options.getString('sujet') ?? '';
  const target = interaction.options.getUser('cible')?.id;
  const { reply, results } = answer(context.engine(), {
    command,
    query,
    language: languageOf(interaction.locale),
    owner: interaction.user.id,
    ephemeral: interaction.options.getBoolean('prive') ?? false,
    ...(target === undefined ? {} : { target }),
  });
  await send(interaction, reply);
  return { results, query };
}

/**
 * The buttons and menus of an answer: ◀ ▶ and the jump menu redraw the message on another
 * result, "share" posts the private answer in the channel, a "did you mean" choice answers it.
 */
export async function handleAnswerControl(
  interaction: ComponentRequest,
  state: ControlState,
  context: BotContext,
): Promise<CommandOutcome> {
  if (state.command !== 'convention' && state.command !== 'ministere')
    throw new Error(`no answer controls for ${state.command}`);
  const language = languageOf(interaction.locale);
  const engine = context.engine();
  const base = { command: state.command, language, owner: state.owner };
  const isPrivate = interaction.message?.flags.has(MessageFlags.Ephemeral) === true;
  const chosen = interaction.values?.[0];

  switch (state.action) {
    case 'page':
    case 'jump': {
      const page = Number(state.action === 'page' ? state.argument : chosen);
      if (!Number.isInteger(page) || page < 0) {
        await interaction.reply(toMessageOptions(noticeReply(messages(language).malformedControl)));
        return { results: 0 };
      }
      const { reply, results } = answer(engine, { ...base, query: state.text, ephemeral: isPrivate, page });
      const { flags: _private, ...update } = toMessageOptions(reply);
      await interaction.update(update);
      return { results };
    }
    case 'share': {
      const target = state.argument === '' ? undefined : state.argument;
      const { reply, results } = answer(engine, {
        ...base,
        query: state.text,
        ephemeral: false,
        sharedBy: interaction.user.id,
        ...(target === undefined ? {} : { target }),
      });
      await interaction.reply(toMessageOptions(reply));
      return { results };
    }
    case 'suggestion': {
      const { reply, results } = answer(engine, { ...base, query: chosen ?? '', ephemeral: true });
      const { flags: _private, ...update } = toMessageOptions(reply);
      await interaction.update(update);
      return { results };
    }
    default:
      await interaction.reply(toMessageOptions(noticeReply(messages(language).malformedControl)));
      return { results: 0 };
  }
}
