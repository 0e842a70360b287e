/**
 * Discord's documented limits, in one place. Every message the bot builds is cut to these by
 * construction (see `fit.ts`), and the test suite checks the result against Discord's OpenAPI spec.
 */
export const DISCORD_LIMITS = {
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
    customId: 100,
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
  /** Discord waits this long for the first response to an interaction. */
  interactionResponseMs: 3000,
} as const;
