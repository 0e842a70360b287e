/**
 * Test oracle for the JSON bodies the bot sends to Discord.
 *
 * Bodies are checked twice:
 * 1. against the request-body schemas of Discord's own OpenAPI description, vendored in
 *    `tests/fixtures/discord-api-spec/openapi.json` (compiled lazily with Ajv, once per process);
 * 2. against the documented limits that the spec does not encode (command-name regex and lowercase,
 *    the 6000-character total over all embeds, action-row and button rules, autocomplete and select
 *    limits, …), see {@link checkMessageRules}, {@link checkAutocompleteRules} and {@link checkCommandRules}.
 *
 * Known blind spot: the spec has no `additionalProperties: false`, so a misspelt key (`contnet`) passes.
 * Discord itself silently ignores unknown keys, so a typo shows up only as a missing field; tests
 * should assert on the fields they expect rather than rely on this module for that.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** Where the vendored spec lives, relative to this file so the tests work from any cwd. */
const SPEC_URL = new URL('../fixtures/discord-api-spec/openapi.json', import.meta.url);
/** `$id` given to the spec inside Ajv; every `#/components/...` ref resolves against it. */
const SPEC_ID = 'https://discord.test/openapi.json';

/** The message flag that switches a message to "components v2" (layout components, no content/embeds). */
const IS_COMPONENTS_V2 = 1 << 15;

/** Discord's rule for CHAT_INPUT command names and every option name (with the `u` flag). */
export const COMMAND_NAME_PATTERN = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Which request-body schema (and extra rules) a recorded request is checked against. */
export type DiscordBodyKind =
  | 'interaction-callback'
  | 'webhook-edit'
  | 'webhook-execute'
  | 'commands-put'
  | 'command-create'
  | 'command-patch';

/** The minimum a recorded request must carry to be validated (the fake's records satisfy it). */
export interface RequestLike {
  /** HTTP method, any case. */
  readonly method: string;
  /** Request path, with or without `/api/v10` and with `@original` possibly percent-encoded. */
  readonly path: string;
  /** The decoded JSON body (for multipart requests, the parsed `payload_json`). */
  readonly body: unknown;
}

/** Thrown by {@link assertValidDiscordBody}; `errors` lists every problem found. */
export class DiscordBodyError extends Error {
  /** Human-readable problems, one per entry, each starting with the JSON path concerned. */
  readonly errors: readonly string[];

  constructor(description: string, errors: readonly string[]) {
    super(`${description} is not a valid Discord request body:\n  - ${errors.join('\n  - ')}`);
    this.name = 'DiscordBodyError';
    this.errors = errors;
  }
}

/** A problem located in the body; `path` uses `data.embeds[0].title` notation, `''` for the root. */
interface Issue {
  path: string;
  message: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: unknown };

// ---------------------------------------------------------------------------------------------
// Spec loading and compilation
// ---------------------------------------------------------------------------------------------

interface CompiledSpec {
  ajv: Ajv2020;
  schemas: Record<string, Json>;
  /** Validators by component-schema name (or a fixed key for inline schemas we build). */
  named: Map<string, ValidateFunction>;
  /** Validators for union branches met in errors, keyed by the branch's schema object. */
  branches: WeakMap<object, ValidateFunction>;
}

let compiled: CompiledSpec | undefined;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Loads the vendored spec, rewrites its unions (see {@link discriminateUnions}) and registers it with Ajv.
 * Compilation of individual schemas happens on first use in {@link validatorFor}.
 */
function loadSpec(): CompiledSpec {
  if (compiled) return compiled;
  const spec = JSON.parse(readFileSync(SPEC_URL, 'utf8')) as { [key: string]: Json };
  const components = spec.components as { schemas: Record<string, Json> };
  discriminateUnions(spec, components.schemas);

  // verbose keeps `data` and `schema` on errors: the union fallback and "(got N)" hints need them.
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, verbose: true, strict: false });
  // ajv-formats is CommonJS whose `module.exports` is the plugin and also carries `.default`.
  addFormatsModule.default(ajv);
  ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
  // Discord accepts integer or string nonces of at most 25 characters.
  ajv.addFormat('nonce', { type: 'string', validate: (value: string) => value.length <= 25 });
  ajv.addVocabulary(['openapi', 'info', 'externalDocs', 'servers', 'paths', 'components', 'x-discord-union']);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  compiled = { ajv, schemas: components.schemas, named: new Map(), branches: new WeakMap() };
  return compiled;
}

/** Compiles (once) a validator for `#/components/schemas/<key>`, or for `inline` stored under `key`. */
function validatorFor(key: string, inline?: Json): ValidateFunction {
  const spec = loadSpec();
  const cached = spec.named.get(key);
  if (cached) return cached;
  const schema = inline ?? { $ref: `${SPEC_ID}#/components/schemas/${key}` };
  const validate = spec.ajv.compile(absolutiseRefs(schema) as object);
  spec.named.set(key, validate);
  return validate;
}

/** Compiles (once) a validator for one branch of a union, taken from an Ajv error's `schema`. */
function validatorForBranch(branch: Json): ValidateFunction {
  const spec = loadSpec();
  if (!isObject(branch)) return spec.ajv.compile(branch as boolean);
  const cached = spec.branches.get(branch);
  if (cached) return cached;
  const validate = spec.ajv.compile(absolutiseRefs(branch) as object);
  spec.branches.set(branch, validate);
  return validate;
}

/** Inline schemas compiled on their own need refs that do not depend on the spec's base URI. */
function absolutiseRefs(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(absolutiseRefs);
  if (!isObject(schema)) return schema;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${SPEC_ID}${value}`
        : absolutiseRefs(value as Json);
  }
  return out;
}

/**
 * Rewrites `oneOf`/`anyOf` unions in place so that Ajv reports the errors of the branch that was meant
 * instead of one "must be …" line per branch:
 * - `[{type:'null'}, X]` becomes `if null then true else X`;
 * - unions whose branches are refs to objects with disjoint `type` enums (components, command options,
 *   callback types) become one `if type ∈ … then branch` per branch plus a guard listing the valid types.
 * - unions of titled `const` branches (the spec's enumerations) become a plain `enum`.
 * Other unions are left alone; {@link explainUnionErrors} picks the closest branch for them.
 */
function discriminateUnions(node: Json, schemas: Record<string, Json>): void {
  if (Array.isArray(node)) {
    for (const item of node) discriminateUnions(item, schemas);
    return;
  }
  if (!isObject(node)) return;
  for (const value of Object.values(node)) discriminateUnions(value as Json, schemas);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = node[keyword];
    if (!Array.isArray(branches)) continue;
    // Enumerations are written as one titled `const` per value; an `enum` reports them all at once.
    if (branches.every((branch) => isObject(branch) && 'const' in branch) && !('enum' in node)) {
      node.enum = branches.map((branch) => (branch as { const: Json }).const);
      delete node[keyword];
      continue;
    }
    const nonNull = branches.filter((branch) => !(isObject(branch) && branch.type === 'null'));
    let target: { [key: string]: Json } = node as { [key: string]: Json };
    if (nonNull.length < branches.length && !('if' in node)) {
      delete target[keyword];
      const rest: { [key: string]: Json } =
        nonNull.length === 1 ? (nonNull[0] as { [key: string]: Json }) : { [keyword]: nonNull };
      target.if = { type: 'null' };
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited.
      target.then = true;
      target.else = rest;
      if (nonNull.length === 1) continue;
      target = rest;
    }
    const discriminants = (target[keyword] as Json[]).map((branch) => discriminantOf(branch, schemas));
    if (discriminants.some((values) => values === undefined)) continue;
    const all = discriminants.flatMap((values) => values ?? []);
    if (new Set(all).size !== all.length) continue;
    // Every branch is an object with a required `type`, so the guard can demand both outright.
    const rules: Json[] = [{ type: 'object', required: ['type'], properties: { type: { enum: all } } }];
    (target[keyword] as Json[]).forEach((branch, index) => {
      rules.push({
        if: {
          type: 'object',
          required: ['type'],
          properties: { type: { enum: discriminants[index] ?? [] } },
        },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited.
        then: branch,
      });
    });
    delete target[keyword];
    target.allOf = [...(Array.isArray(target.allOf) ? target.allOf : []), ...rules];
  }
}

/** The literal values of `properties.type` of a `$ref`'d object schema, if it has an enum/const there. */
function discriminantOf(branch: Json, schemas: Record<string, Json>): Json[] | undefined {
  if (!isObject(branch) || typeof branch.$ref !== 'string') return undefined;
  const name = branch.$ref.replace('#/components/schemas/', '');
  const schema = schemas[name];
  if (!isObject(schema) || !isObject(schema.properties)) return undefined;
  if (!Array.isArray(schema.required) || !schema.required.includes('type')) return undefined;
  const type = schema.properties.type;
  if (!isObject(type)) return undefined;
  if (Array.isArray(type.enum)) return type.enum as Json[];
  if ('const' in type) return [type.const as Json];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Ajv error formatting
// ---------------------------------------------------------------------------------------------

/** `/data/embeds/0/title` → `data.embeds[0].title`. */
function formatPointer(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce(
      (acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc === '' ? part : `${acc}.${part}`),
      '',
    );
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function ajvIssue(error: ErrorObject): Issue {
  const path = formatPointer(error.instancePath);
  let message = error.message ?? error.keyword;
  const { params, data } = error;
  switch (error.keyword) {
    case 'maxLength':
    case 'minLength':
      if (typeof data === 'string') message += ` (got ${[...data].length})`;
      break;
    case 'maxItems':
    case 'minItems':
      if (Array.isArray(data)) message += ` (got ${data.length})`;
      break;
    case 'enum':
      message += ` ${describeValue(params.allowedValues)} (got ${describeValue(data)})`;
      break;
    case 'const':
      message += ` ${describeValue(params.allowedValue)} (got ${describeValue(data)})`;
      break;
    case 'type': {
      const types = String(params.type).split(',');
      message = `must be ${types.join(' or ')} (got ${describeValue(data)})`;
      break;
    }
    case 'format':
    case 'maximum':
    case 'minimum':
      message += ` (got ${describeValue(data)})`;
      break;
    default:
      break;
  }
  return { path, message };
}

/** Runs a compiled validator and turns its errors into issues, resolving leftover unions. */
function runValidator(validate: ValidateFunction, body: unknown): Issue[] {
  if (validate(body)) return [];
  return explainUnionErrors(validate.errors ?? []);
}

/**
 * Ajv reports every branch of a failed union; for the unions {@link discriminateUnions} could not
 * rewrite, replace that noise by the errors of the branch that came closest (fewest errors).
 */
function explainUnionErrors(errors: readonly ErrorObject[]): Issue[] {
  const unions = errors.filter(
    (error) =>
      (error.keyword === 'anyOf' || error.keyword === 'oneOf') &&
      Array.isArray(error.schema) &&
      (error.params as { passingSchemas?: unknown }).passingSchemas == null,
  );
  // Outermost first, so an inner union swallowed by an outer one is not explained twice.
  unions.sort((a, b) => a.instancePath.length - b.instancePath.length);
  const handled: string[] = [];
  const issues: Issue[] = [];
  for (const union of unions) {
    const at = union.instancePath;
    if (handled.some((prefix) => at === prefix || at.startsWith(`${prefix}/`))) continue;
    handled.push(at);
    let best: Issue[] | undefined;
    for (const branch of union.schema as Json[]) {
      const branchIssues = runValidator(validatorForBranch(branch), union.data);
      if (!best || branchIssues.length < best.length) best = branchIssues;
    }
    const prefix = formatPointer(at);
    issues.push(
      ...(best && best.length > 0
        ? best.map((issue) => ({ path: joinPath(prefix, issue.path), message: issue.message }))
        : [ajvIssue(union)]),
    );
  }
  for (const error of errors) {
    const at = error.instancePath;
    if (handled.some((prefix) => at === prefix || at.startsWith(`${prefix}/`))) continue;
    // if/then wrappers only say "must match then schema"; the real cause is reported separately.
    if (error.keyword === 'if') continue;
    issues.push(ajvIssue(error));
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Rules the spec does not encode
// ---------------------------------------------------------------------------------------------

/** Length in Unicode code points, as Ajv's maxLength counts (an emoji outside the BMP is one, not two). */
function length(text: string): number {
  return [...text].length;
}

function checkLength(
  issues: Issue[],
  path: string,
  value: unknown,
  { min = 0, max, what }: { min?: number; max: number; what: string },
): void {
  if (typeof value !== 'string') return;
  const n = length(value);
  if (n > max) issues.push({ path, message: `${what} is ${n} characters; Discord allows at most ${max}` });
  else if (n < min)
    issues.push({ path, message: `${what} is ${n} characters; Discord requires at least ${min}` });
}

function checkCount(issues: Issue[], path: string, list: unknown, max: number, what: string): void {
  if (Array.isArray(list) && list.length > max) {
    issues.push({ path, message: `${list.length} ${what}; Discord allows at most ${max}` });
  }
}

/**
 * Limits of a message body (interaction reply/update, webhook edit or follow-up) that the spec lacks
 * or that only hold across several fields: embed totals, action rows, buttons, selects, custom ids.
 */
export function checkMessageRules(body: unknown, prefix = ''): string[] {
  return formatIssues(messageIssues(body, prefix));
}

function messageIssues(body: unknown, prefix: string): Issue[] {
  const issues: Issue[] = [];
  if (!isObject(body)) return issues;
  const at = (path: string) => joinPath(prefix, path);
  checkLength(issues, at('content'), body.content, { max: 2000, what: 'content' });

  if (Array.isArray(body.embeds)) {
    checkCount(issues, at('embeds'), body.embeds, 10, 'embeds');
    let total = 0;
    for (const [index, embed] of body.embeds.entries()) {
      if (!isObject(embed)) continue;
      const e = (path: string) => at(`embeds[${index}]${path ? `.${path}` : ''}`);
      const counted = (value: unknown) => (typeof value === 'string' ? length(value) : 0);
      checkLength(issues, e('title'), embed.title, { max: 256, what: 'embed title' });
      checkLength(issues, e('description'), embed.description, { max: 4096, what: 'embed description' });
      total += counted(embed.title) + counted(embed.description);
      if (isObject(embed.footer)) {
        checkLength(issues, e('footer.text'), embed.footer.text, { max: 2048, what: 'embed footer text' });
        total += counted(embed.footer.text);
      }
      if (isObject(embed.author)) {
        checkLength(issues, e('author.name'), embed.author.name, { max: 256, what: 'embed author name' });
        total += counted(embed.author.name);
      }
      if (Array.isArray(embed.fields)) {
        checkCount(issues, e('fields'), embed.fields, 25, 'embed fields');
        for (const [f, field] of embed.fields.entries()) {
          if (!isObject(field)) continue;
          checkLength(issues, e(`fields[${f}].name`), field.name, {
            min: 1,
            max: 256,
            what: 'embed field name',
          });
          checkLength(issues, e(`fields[${f}].value`), field.value, {
            min: 1,
            max: 1024,
            what: 'embed field value',
          });
          total += counted(field.name) + counted(field.value);
        }
      }
    }
    if (total > 6000) {
      issues.push({
        path: at('embeds'),
        message: `embeds total ${total} characters (titles, descriptions, field names and values, footers, authors); Discord allows at most 6000 per message`,
      });
    }
  }

  if (Array.isArray(body.components)) {
    const flags = typeof body.flags === 'number' ? body.flags : 0;
    const v2 = (flags & IS_COMPONENTS_V2) !== 0;
    const customIds = new Map<string, string>();
    let total = 0;
    const visit = (component: unknown, path: string, parentType: number | undefined) => {
      if (!isObject(component)) return;
      total += 1;
      checkComponent(issues, component, path, parentType, customIds);
      const type = typeof component.type === 'number' ? component.type : undefined;
      if (Array.isArray(component.components)) {
        component.components.forEach((child, i) => {
          visit(child, `${path}.components[${i}]`, type);
        });
      }
      if (isObject(component.accessory)) visit(component.accessory, `${path}.accessory`, type);
    };
    body.components.forEach((component, i) => {
      visit(component, at(`components[${i}]`), undefined);
    });
    if (!v2) {
      const rows = body.components.filter((c) => isObject(c) && c.type === 1).length;
      if (rows > 5) {
        issues.push({
          path: at('components'),
          message: `${rows} action rows; Discord allows at most 5 per message`,
        });
      }
    } else if (total > 40) {
      issues.push({
        path: at('components'),
        message: `${total} components in total; Discord allows at most 40 in a components-v2 message`,
      });
    }
  }
  return issues;
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

function checkComponent(
  issues: Issue[],
  component: JsonObject,
  path: string,
  parentType: number | undefined,
  customIds: Map<string, string>,
): void {
  const { type } = component;
  if (typeof component.custom_id === 'string') {
    checkLength(issues, `${path}.custom_id`, component.custom_id, { min: 1, max: 100, what: 'custom_id' });
    const previous = customIds.get(component.custom_id);
    if (previous !== undefined) {
      issues.push({
        path: `${path}.custom_id`,
        message: `custom_id ${describeValue(component.custom_id)} is already used by ${previous}; custom ids must be unique within a message`,
      });
    } else {
      customIds.set(component.custom_id, path);
    }
  }
  if (type === 1 && Array.isArray(component.components)) {
    const children = component.components.filter(isObject);
    const buttons = children.filter((c) => c.type === 2).length;
    const selects = children.filter((c) => typeof c.type === 'number' && SELECT_TYPES.has(c.type)).length;
    if (buttons > 5) {
      issues.push({
        path: `${path}.components`,
        message: `${buttons} buttons in one action row; Discord allows at most 5`,
      });
    }
    if (selects > 0 && children.length > 1) {
      issues.push({
        path: `${path}.components`,
        message: 'an action row holding a select menu must hold nothing else',
      });
    }
  }
  if (type === 2) {
    const style = component.style;
    const hasCustomId = typeof component.custom_id === 'string';
    const hasUrl = typeof component.url === 'string';
    if (style === 5) {
      if (!hasUrl) issues.push({ path, message: 'a link button (style 5) needs a url' });
      if (hasCustomId) issues.push({ path, message: 'a link button (style 5) must not have a custom_id' });
    } else if (style === 6) {
      if (typeof component.sku_id !== 'string')
        issues.push({ path, message: 'a premium button (style 6) needs a sku_id' });
      if (hasCustomId || hasUrl)
        issues.push({ path, message: 'a premium button (style 6) takes neither custom_id nor url' });
    } else if (typeof style === 'number') {
      if (!hasCustomId) issues.push({ path, message: `a button of style ${style} needs a custom_id` });
      if (hasUrl)
        issues.push({ path, message: `only link buttons (style 5) may have a url, not style ${style}` });
    }
    if (parentType !== undefined && parentType !== 1 && parentType !== 9) {
      issues.push({ path, message: 'a button must sit in an action row or be a section accessory' });
    }
  }
  if (type === 3 && Array.isArray(component.options)) {
    checkCount(issues, `${path}.options`, component.options, 25, 'select options');
    for (const [i, option] of component.options.entries()) {
      if (!isObject(option)) continue;
      const o = `${path}.options[${i}]`;
      checkLength(issues, `${o}.label`, option.label, { min: 1, max: 100, what: 'select option label' });
      checkLength(issues, `${o}.value`, option.value, { min: 1, max: 100, what: 'select option value' });
      checkLength(issues, `${o}.description`, option.description, {
        max: 100,
        what: 'select option description',
      });
    }
    const max = component.max_values;
    if (typeof max === 'number' && max > component.options.length) {
      issues.push({
        path: `${path}.max_values`,
        message: `max_values ${max} exceeds the ${component.options.length} options offered`,
      });
    }
  }
}

/** Limits of an autocomplete callback's `data` (type 8): at most 25 choices, name/value ≤ 100. */
export function checkAutocompleteRules(data: unknown, prefix = 'data'): string[] {
  return formatIssues(autocompleteIssues(data, prefix));
}

function autocompleteIssues(data: unknown, prefix: string): Issue[] {
  const issues: Issue[] = [];
  if (!isObject(data)) return issues;
  if (!Array.isArray(data.choices)) return issues;
  checkCount(issues, joinPath(prefix, 'choices'), data.choices, 25, 'autocomplete choices');
  checkChoices(issues, data.choices, joinPath(prefix, 'choices'));
  return issues;
}

function checkChoices(issues: Issue[], choices: unknown[], path: string): void {
  for (const [i, choice] of choices.entries()) {
    if (!isObject(choice)) continue;
    const c = `${path}[${i}]`;
    checkLength(issues, `${c}.name`, choice.name, { min: 1, max: 100, what: 'choice name' });
    checkLength(issues, `${c}.value`, choice.value, { max: 100, what: 'string choice value' });
    checkLocalizations(issues, `${c}.name_localizations`, choice.name_localizations, 1, 100, 'choice name');
  }
}

function checkLocalizations(
  issues: Issue[],
  path: string,
  map: unknown,
  min: number,
  max: number,
  what: string,
  name = false,
): void {
  if (!isObject(map)) return;
  for (const [locale, value] of Object.entries(map)) {
    const at = `${path}.${locale}`;
    if (name) checkName(issues, at, value, `${what} (${locale})`);
    else checkLength(issues, at, value, { min, max, what: `${what} (${locale})` });
  }
}

function checkName(issues: Issue[], path: string, name: unknown, what: string): void {
  if (typeof name !== 'string') return;
  if (!COMMAND_NAME_PATTERN.test(name)) {
    issues.push({
      path,
      message: `${what} ${describeValue(name)} does not match ^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$ (1-32 letters, digits, - or _; no spaces)`,
    });
  }
  if (name !== name.toLowerCase()) {
    issues.push({ path, message: `${what} ${describeValue(name)} must be lowercase` });
  }
}

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const CHOICE_TYPES = new Set([3, 4, 10]);

/**
 * Rules for a list of commands sent with PUT (or a single one with POST/PATCH): names, descriptions,
 * localizations, option ordering and nesting, choices, and per-type command counts.
 */
export function checkCommandRules(commands: unknown): string[] {
  return formatIssues(commandListIssues(commands));
}

function commandListIssues(commands: unknown): Issue[] {
  const issues: Issue[] = [];
  if (!Array.isArray(commands)) return issues;
  const seen = new Map<string, number>();
  const perType = new Map<number, number>();
  for (const [index, command] of commands.entries()) {
    if (!isObject(command)) continue;
    const type = typeof command.type === 'number' ? command.type : 1;
    perType.set(type, (perType.get(type) ?? 0) + 1);
    if (typeof command.name === 'string') {
      const key = `${type}:${command.name}`;
      const first = seen.get(key);
      if (first !== undefined) {
        issues.push({
          path: `[${index}].name`,
          message: `command name ${describeValue(command.name)} is already used by [${first}]`,
        });
      } else {
        seen.set(key, index);
      }
    }
    issues.push(...commandIssues(command, `[${index}]`));
  }
  const limits: Array<[number, number, string]> = [
    [1, 100, 'chat-input (slash) commands'],
    [2, 15, 'user context-menu commands'],
    [3, 15, 'message context-menu commands'],
  ];
  for (const [type, max, what] of limits) {
    const n = perType.get(type) ?? 0;
    if (n > max) issues.push({ path: '', message: `${n} ${what}; Discord allows at most ${max}` });
  }
  return issues;
}

/** `partial`: a PATCH body, where absent fields keep their stored value and are not required. */
function commandIssues(command: JsonObject, path: string, partial = false): Issue[] {
  const issues: Issue[] = [];
  const at = (key: string) => joinPath(path, key);
  const type = typeof command.type === 'number' ? command.type : 1;
  if (type === 1) {
    checkName(issues, at('name'), command.name, 'command name');
    checkLocalizations(
      issues,
      at('name_localizations'),
      command.name_localizations,
      1,
      32,
      'command name',
      true,
    );
    if (command.description === undefined && !partial) {
      issues.push({
        path: at('description'),
        message: 'a chat-input command needs a description (1-100 characters)',
      });
    }
    checkLength(issues, at('description'), command.description, {
      min: 1,
      max: 100,
      what: 'command description',
    });
    checkLocalizations(
      issues,
      at('description_localizations'),
      command.description_localizations,
      1,
      100,
      'command description',
    );
    if (Array.isArray(command.options)) optionListIssues(issues, command.options, at('options'), 0);
  } else {
    checkLength(issues, at('name'), command.name, { min: 1, max: 32, what: 'command name' });
    if (typeof command.description === 'string' && command.description !== '') {
      issues.push({
        path: at('description'),
        message: 'user and message commands must have an empty description',
      });
    }
    if (Array.isArray(command.options) && command.options.length > 0) {
      issues.push({ path: at('options'), message: 'only chat-input commands take options' });
    }
  }
  return issues;
}

function optionListIssues(issues: Issue[], options: unknown[], path: string, depth: number): void {
  checkCount(issues, path, options, 25, 'options');
  const names = new Set<string>();
  let optionalSeen = false;
  for (const [i, option] of options.entries()) {
    if (!isObject(option)) continue;
    const o = `${path}[${i}]`;
    const type = option.type;
    checkName(issues, `${o}.name`, option.name, 'option name');
    checkLocalizations(
      issues,
      `${o}.name_localizations`,
      option.name_localizations,
      1,
      32,
      'option name',
      true,
    );
    checkLength(issues, `${o}.description`, option.description, {
      min: 1,
      max: 100,
      what: 'option description',
    });
    checkLocalizations(
      issues,
      `${o}.description_localizations`,
      option.description_localizations,
      1,
      100,
      'option description',
    );
    if (typeof option.name === 'string') {
      if (names.has(option.name))
        issues.push({
          path: `${o}.name`,
          message: `option name ${describeValue(option.name)} is used twice`,
        });
      names.add(option.name);
    }
    const nested = type === SUBCOMMAND || type === SUBCOMMAND_GROUP;
    if (nested) {
      if (type === SUBCOMMAND_GROUP && depth > 0) {
        issues.push({ path: o, message: 'a subcommand group can only sit at the top level of a command' });
      }
      if (type === SUBCOMMAND && depth > 1) {
        issues.push({ path: o, message: 'subcommands nest at most one group deep' });
      }
      if (Array.isArray(option.options)) {
        if (type === SUBCOMMAND_GROUP) {
          const bad = option.options.findIndex((child) => !isObject(child) || child.type !== SUBCOMMAND);
          if (bad >= 0)
            issues.push({
              path: `${o}.options[${bad}]`,
              message: 'a subcommand group may only contain subcommands',
            });
        }
        optionListIssues(issues, option.options, `${o}.options`, depth + 1);
      }
      continue;
    }
    if (option.required === true && optionalSeen) {
      issues.push({ path: `${o}.required`, message: 'required options must come before optional ones' });
    }
    if (option.required !== true) optionalSeen = true;
    if (Array.isArray(option.choices)) {
      if (!CHOICE_TYPES.has(type as number)) {
        issues.push({
          path: `${o}.choices`,
          message: 'only string, integer and number options take choices',
        });
      }
      if (option.autocomplete === true && option.choices.length > 0) {
        issues.push({
          path: `${o}.autocomplete`,
          message: 'an option cannot have both choices and autocomplete',
        });
      }
      checkCount(issues, `${o}.choices`, option.choices, 25, 'choices');
      checkChoices(issues, option.choices, `${o}.choices`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Public validators
// ---------------------------------------------------------------------------------------------

function formatIssues(issues: readonly Issue[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { path, message } of issues) {
    const line = `${path === '' ? '(body)' : path}: ${message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out;
}

/** Keeps every schema issue, plus each rule issue whose path the schema has not already flagged. */
function merge(schemaIssues: readonly Issue[], ruleIssues: readonly Issue[]): string[] {
  const flagged = new Set(schemaIssues.map((issue) => issue.path));
  return formatIssues([...schemaIssues, ...ruleIssues.filter((issue) => !flagged.has(issue.path))]);
}

/** The schema an interaction callback is checked against, per the spec README, by `type`. */
const CALLBACK_SCHEMAS: Record<number, string> = {
  1: 'PongInteractionCallbackRequest',
  4: 'CreateMessageInteractionCallbackRequest',
  5: 'CreateMessageInteractionCallbackRequest',
  6: 'UpdateMessageInteractionCallbackRequest',
  7: 'UpdateMessageInteractionCallbackRequest',
  8: 'ApplicationCommandAutocompleteCallbackRequest',
  9: 'ModalInteractionCallbackRequest',
  12: 'LaunchActivityInteractionCallbackRequest',
};

/**
 * Validates the body of `POST /interactions/{id}/{token}/callback`, choosing the schema by `type`
 * (4/5 create message, 6/7 update message, 8 autocomplete, 9 modal) and applying the matching rules.
 * @returns human-readable problems; empty when the body is valid.
 */
export function validateInteractionCallback(body: unknown): string[] {
  if (!isObject(body) || typeof body.type !== 'number') {
    return formatIssues([{ path: 'type', message: 'an interaction callback needs a numeric type' }]);
  }
  const schema = CALLBACK_SCHEMAS[body.type];
  if (!schema) {
    return formatIssues([
      {
        path: 'type',
        message: `unknown interaction callback type ${body.type}; expected one of ${Object.keys(CALLBACK_SCHEMAS).join(', ')}`,
      },
    ]);
  }
  const schemaIssues = runValidator(validatorFor(schema), body);
  const ruleIssues =
    body.type === 8 ? autocompleteIssues(body.data, 'data') : messageIssues(body.data, 'data');
  return merge(schemaIssues, ruleIssues);
}

/**
 * Validates the body of `PATCH /webhooks/{app}/{token}/messages/@original` (or `/{message_id}`)
 * against `IncomingWebhookUpdateRequestPartial` plus the message rules.
 */
export function validateWebhookEdit(body: unknown): string[] {
  return merge(
    runValidator(validatorFor('IncomingWebhookUpdateRequestPartial'), body),
    messageIssues(body, ''),
  );
}

/**
 * Validates the body of `POST /webhooks/{app}/{token}` (an interaction follow-up) against
 * `IncomingWebhookRequestPartial` plus the message rules.
 */
export function validateWebhookExecute(body: unknown): string[] {
  return merge(runValidator(validatorFor('IncomingWebhookRequestPartial'), body), messageIssues(body, ''));
}

/**
 * Discord documents `default_member_permissions` as a string of digits (and discord.js sends one), but
 * the spec types it as an integer: turn digit strings into numbers before schema validation.
 */
function normaliseCommand(command: unknown): unknown {
  if (!isObject(command)) return command;
  const permissions = command.default_member_permissions;
  if (typeof permissions === 'string' && /^\d+$/.test(permissions)) {
    return { ...command, default_member_permissions: Number(permissions) };
  }
  return command;
}

/**
 * Validates the body of `PUT /applications/{app}/commands` (or the guild variant): an array of
 * `ApplicationCommandUpdateRequest` plus the naming, description, option and count rules.
 */
export function validateCommandsPut(body: unknown): string[] {
  const normalised = Array.isArray(body) ? body.map(normaliseCommand) : body;
  const validate = validatorFor('PUT commands', {
    type: 'array',
    items: { $ref: '#/components/schemas/ApplicationCommandUpdateRequest' },
  });
  return merge(runValidator(validate, normalised), commandListIssues(body));
}

/** Validates the body of `POST /applications/{app}/commands` (one command). */
export function validateCommandCreate(body: unknown): string[] {
  const schemaIssues = runValidator(validatorFor('ApplicationCommandCreateRequest'), normaliseCommand(body));
  return merge(schemaIssues, isObject(body) ? commandIssues(body, '') : []);
}

/** Validates the body of `PATCH /applications/{app}/commands/{id}` (a partial command). */
export function validateCommandPatch(body: unknown): string[] {
  const schemaIssues = runValidator(
    validatorFor('ApplicationCommandPatchRequestPartial'),
    normaliseCommand(body),
  );
  return merge(schemaIssues, isObject(body) ? commandIssues(body, '', true) : []);
}

/**
 * Strips `/api` and `/v10` and percent-decoding from a request path:
 * `/api/v10/webhooks/1/t/messages/%40original?x=1` → `/webhooks/1/t/messages/@original`.
 */
export function normaliseApiPath(path: string): string {
  const withoutQuery = path.split('?')[0] ?? '';
  const segments = withoutQuery.split('/').filter((segment) => segment !== '');
  if (segments[0] === 'api') segments.shift();
  if (segments[0] !== undefined && /^v\d+$/.test(segments[0])) segments.shift();
  return `/${segments.map((segment) => decodeURIComponent(segment)).join('/')}`;
}

const ROUTES: Array<[method: string, pattern: RegExp, kind: DiscordBodyKind]> = [
  ['POST', /^\/interactions\/\d+\/[^/]+\/callback$/, 'interaction-callback'],
  ['PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/(@original|\d+)$/, 'webhook-edit'],
  ['POST', /^\/webhooks\/\d+\/[^/]+$/, 'webhook-execute'],
  ['PUT', /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/, 'commands-put'],
  ['POST', /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/, 'command-create'],
  ['PATCH', /^\/applications\/\d+(\/guilds\/\d+)?\/commands\/\d+$/, 'command-patch'],
];

/** Which body schema applies to `method path`, or `null` when the route sends no body we check. */
export function bodyKindForRoute(method: string, path: string): DiscordBodyKind | null {
  const normalised = normaliseApiPath(path);
  const upper = method.toUpperCase();
  for (const [routeMethod, pattern, kind] of ROUTES) {
    if (routeMethod === upper && pattern.test(normalised)) return kind;
  }
  return null;
}

const VALIDATORS: Record<DiscordBodyKind, (body: unknown) => string[]> = {
  'interaction-callback': validateInteractionCallback,
  'webhook-edit': validateWebhookEdit,
  'webhook-execute': validateWebhookExecute,
  'commands-put': validateCommandsPut,
  'command-create': validateCommandCreate,
  'command-patch': validateCommandPatch,
};

/**
 * Validates a recorded request's body with the schema its method and path call for.
 * Requests without a body (GET, DELETE, …) are valid; a body sent to a route this module does
 * not know is reported, so new kinds of request do not go unchecked silently.
 */
export function validateDiscordRequest(request: RequestLike): string[] {
  const kind = bodyKindForRoute(request.method, request.path);
  if (kind === null) {
    if (request.body === undefined || request.body === null) return [];
    return [
      `(body): no request-body schema known for ${request.method.toUpperCase()} ${normaliseApiPath(request.path)}`,
    ];
  }
  return VALIDATORS[kind](request.body);
}

/**
 * Throws a {@link DiscordBodyError} listing every problem when the recorded request's body is not
 * what Discord accepts (per the spec and the documented limits); returns quietly otherwise.
 */
export function assertValidDiscordBody(request: RequestLike): void {
  const errors = validateDiscordRequest(request);
  if (errors.length > 0) {
    throw new DiscordBodyError(`${request.method.toUpperCase()} ${normaliseApiPath(request.path)}`, errors);
  }
}

/** Compiles the validators now (≈0.3 s) instead of on first use, e.g. in a `beforeAll`. */
export function preloadDiscordSpec(): void {
  for (const name of new Set(Object.values(CALLBACK_SCHEMAS))) validatorFor(name);
  validatorFor('IncomingWebhookUpdateRequestPartial');
  validatorFor('IncomingWebhookRequestPartial');
  validateCommandsPut([]);
}
