/**
 * Discord's documented limits, in one place. Every message the bot builds is cut to these by
 * construction (see `fit.ts`), and the test suite checks the result against Discord's OpenAPI spec.
 */
export const DISCORD_LIMITS = {
  /** Plain message content. */
  content: 2000,
  embedsPerMessage: 10,
  embed: {
    title: 256,
    description: 4096,
    fields: 25,
    fieldName: 256,
    fieldValue: 1024,
    footerText: 2048,
    authorName: 256,
    /** Sum of title, description, field names and values, footer text and author name over all embeds. */
    total: 6000,
  },
  components: {
    actionRows: 5,
    buttonsPerRow: 5,
    customId: 100,
    buttonLabel: 80,
    selectOptions: 25,
    selectOptionLabel: 100,
    selectOptionValue: 100,
    selectOptionDescription: 100,
    selectPlaceholder: 150,
  },
  autocomplete: {
    choices: 25,
    choiceName: 100,
    choiceValue: 100,
  },
  command: {
    name: 32,
    description: 100,
    options: 25,
    stringOptionLength: 6000,
  },
  /** Discord waits this long for the first response to an interaction. */
  interactionResponseMs: 3000,
} as const;

/** Message flag that shows a reply only to the person who asked. */
export const EPHEMERAL_FLAG = 1 << 6;
