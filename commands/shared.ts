import { MessageFlags } from 'discord.js';
import { type AnswerRequest, answer, sharedPreview } from '../src/bot/answers.js';
import { type ControlState, readAnswerArgument } from '../src/bot/custom-id.js';
import { send, toMessageOptions } from '../src/bot/respond.js';
import type {
  AutocompleteRequest,
  BotContext,
  CommandOutcome,
  ComponentRequest,
  SlashInteraction,
} from '../src/bot/types.js';
import { autocompleteChoices } from '../src/discord/choices.js';
import { noticeReply } from '../src/discord/replies.js';
import { languageOf, messages } from '../src/i18n.js';

/** Suggests topics for `/convention` and `/ministere` as the person types: words, then axes. */
export async function completeTopic(interaction: AutocompleteRequest, context: BotContext): Promise<void> {
  await interaction.respond(autocompleteChoices(context.engine().complete(interaction.options.getFocused())));
}

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
 * result, "share" posts the result being previewed in the channel and turns the private preview
 * into a record of it, a "did you mean" choice answers it. The colleague a private answer is
 * addressed to travels in every control, so that sharing from any page still addresses them.
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
  const argument = readAnswerArgument(state.argument);
  const refuse = async () => {
    await interaction.reply(toMessageOptions(noticeReply(messages(language).malformedControl)));
    return { results: 0 };
  };
  if (argument === undefined) return refuse();
  const base = {
    command: state.command,
    language,
    owner: state.owner,
    ...(argument.target === undefined ? {} : { target: argument.target }),
  };
  const isPrivate = interaction.message?.flags.has(MessageFlags.Ephemeral) === true;
  const chosen = interaction.values?.[0];

  switch (state.action) {
    case 'page':
    case 'jump': {
      const page = state.action === 'page' ? argument.page : Number(chosen);
      if (page === undefined || !Number.isInteger(page) || page < 0) return refuse();
      const { reply, results } = answer(engine, { ...base, query: state.text, ephemeral: isPrivate, page });
      const { flags: _private, ...update } = toMessageOptions(reply);
      await interaction.update(update);
      return { results };
    }
    case 'share': {
      const { reply, results } = answer(engine, {
        ...base,
        query: state.text,
        ephemeral: false,
        page: argument.page ?? 0,
        sharedBy: interaction.user.id,
      });
      if (results === 0 || !isPrivate) {
        // Nothing left to share (the data changed), or not from a preview: a plain answer.
        await interaction.reply(toMessageOptions(reply));
        return { results };
      }
      const { flags: _private, ...preview } = toMessageOptions(
        sharedPreview(reply, interaction.user.id, language),
      );
      await interaction.update(preview);
      await interaction.followUp(toMessageOptions(reply));
      return { results };
    }
    case 'suggestion': {
      const { reply, results } = answer(engine, { ...base, query: chosen ?? '', ephemeral: true });
      const { flags: _private, ...update } = toMessageOptions(reply);
      await interaction.update(update);
      return { results };
    }
    default:
      return refuse();
  }
}
