import type { REST, RESTPostAPIChatInputApplicationCommandsJSONBody, RouteLike } from 'discord.js';

/** What a deployment would change, by command name. */
export interface CommandsDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Values Discord fills in by default: absent, false, null or empty means the same thing. */
function isDefault(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === false ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

/**
 * A command reduced to the keys we send, with Discord's defaults dropped, so a command read back
 * from Discord (which adds ids, versions and defaults) compares equal to the one we registered.
 */
export function normaliseCommand(command: unknown, template: unknown): unknown {
  if (Array.isArray(template)) {
    const list = Array.isArray(command) ? command : [];
    return template.map((item, index) => normaliseCommand(list[index], item));
  }
  if (typeof template === 'object' && template !== null) {
    const source = (typeof command === 'object' && command !== null ? command : {}) as Record<
      string,
      unknown
    >;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template as Record<string, unknown>)) {
      if (isDefault(value) && isDefault(source[key])) continue;
      out[key] = normaliseCommand(source[key], value);
    }
    return out;
  }
  // Discord returns permission bit sets as strings; we may write them as numbers.
  if (typeof template === 'number' && typeof command === 'string') return Number(command);
  return command;
}

/** Compares what Discord has registered with what the bot declares. */
export function diffCommands(
  current: readonly { name: string }[],
  desired: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): CommandsDiff {
  const byName = new Map(current.map((command) => [command.name, command]));
  const wanted = new Set(desired.map((command) => command.name));
  const diff: CommandsDiff = { added: [], removed: [], changed: [] };
  for (const command of desired) {
    const existing = byName.get(command.name);
    if (existing === undefined) diff.added.push(command.name);
    else if (
      JSON.stringify(normaliseCommand(existing, command)) !==
      JSON.stringify(normaliseCommand(command, command))
    ) {
      diff.changed.push(command.name);
    }
  }
  for (const command of current) if (!wanted.has(command.name)) diff.removed.push(command.name);
  return diff;
}

/** Whether a diff changes anything. */
export function isEmptyDiff(diff: CommandsDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

/** What {@link deployCommands} did: the diff it found, and whether it wrote. */
export interface Deployment {
  diff: CommandsDiff;
  written: boolean;
}

/**
 * Reads the commands registered at `route` (with their localizations), compares them with `desired`, and registers `desired`
 * with one bulk PUT only when something differs.
 */
export async function deployCommands(
  rest: Pick<REST, 'get' | 'put'>,
  route: RouteLike,
  desired: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): Promise<Deployment> {
  // Without `with_localizations=true` Discord leaves the localization maps out of the listing,
  // and every localized command would look changed.
  const current = (await rest.get(route, {
    query: new URLSearchParams({ with_localizations: 'true' }),
  })) as { name: string }[];
  const diff = diffCommands(current, desired);
  if (isEmptyDiff(diff)) return { diff, written: false };
  await rest.put(route, { body: desired });
  return { diff, written: true };
}
