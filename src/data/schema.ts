import { z } from 'zod';
import { truncate } from '../util/truncate.js';

/**
 * Longest id of an agreement. An id is the value of its entry in the overview's select menu
 * (Discord: 100 characters) and may travel in the free text of a custom_id, which leaves about 50
 * characters after the longest head (`src/bot/custom-id.ts`); 40 fits both with room to spare.
 */
export const MAX_ID_LENGTH = 40;

/** A lowercase ASCII slug such as `education-nationale-2017`, at most {@link MAX_ID_LENGTH} long. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug (a-z, 0-9 and single dashes)')
  .max(MAX_ID_LENGTH, {
    error: (issue) => {
      const value = String(issue.input);
      // Named, but cut: a runaway value would otherwise flood the report.
      return `must be at most ${MAX_ID_LENGTH} characters, not ${value.length}: "${truncate(value, MAX_ID_LENGTH * 2)}"`;
    },
  });

/**
 * A calendar date written `YYYY-MM-DD`. The regex alone accepts `2017-02-30`,
 * so the round trip through `Date` is what rejects impossible days.
 */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((value) => {
    // A malformed string already has its message from the regex; one message per problem.
    if (!/^\d{4}-\d{2}-\d{2}$/u.test(value)) return true;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'is not a real calendar date');

const NonBlankSchema = z.string().trim().min(1, 'must not be empty');

/** A partner of the agreement other than the ministry in charge of the Ville. */
export const MinistrySchema = z.object({
  /** Full name as written in the agreement, e.g. "Ministère de la Culture et de la Communication". */
  name: NonBlankSchema,
  /** Short label for lists and buttons, e.g. "Culture". */
  label: NonBlankSchema.max(40, 'must be at most 40 characters'),
});

/** A bullet list of the agreement with the sentence that introduces it. */
export const SectionSchema = z.object({
  /** `axes` are the objectives of the agreement; `results` are outcomes of the previous one. */
  kind: z.enum(['axes', 'results']),
  leadIn: NonBlankSchema,
  items: z.array(NonBlankSchema).min(1, 'must list at least one item'),
});

/** A quantified goal stated by the agreement ("réduire de moitié les écarts…"). */
export const GoalSchema = z.object({
  /** The goal as a sentence starting with its verb. */
  text: NonBlankSchema,
  /** The quantity itself, e.g. "moins de 10 %" or "de moitié". */
  target: NonBlankSchema,
});

/** The years an agreement covers, when its title states them. */
export const PeriodSchema = z
  .object({
    from: z.number().int().min(1900).max(2200),
    to: z.number().int().min(1900).max(2200),
  })
  .refine((period) => period.from <= period.to, {
    message: 'must not end before it starts',
    path: ['to'],
  });

/** One "convention interministérielle d'objectifs": the single definition of a record. */
export const ConventionSchema = z.object({
  id: SlugSchema,
  title: NonBlankSchema,
  ministries: z.array(MinistrySchema).min(1, 'must name at least one partner ministry'),
  signedOn: IsoDateSchema,
  period: PeriodSchema.nullable(),
  summary: NonBlankSchema,
  sections: z.array(SectionSchema).min(1, 'must contain at least one section'),
  goals: z.array(GoalSchema),
  sourceUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
});

/** The committed dataset file `data/conventions.json`. */
export const DatasetSchema = z
  .object({
    version: z.literal(1),
    source: z.object({
      title: NonBlankSchema,
      url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      file: NonBlankSchema,
    }),
    conventions: z.array(ConventionSchema).min(1, 'must contain at least one agreement'),
  })
  .superRefine((dataset, ctx) => {
    const seen = new Map<string, number>();
    dataset.conventions.forEach((convention, index) => {
      const first = seen.get(convention.id);
      if (first === undefined) {
        seen.set(convention.id, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: ['conventions', index, 'id'],
        message: `duplicate id "${convention.id}" (already used by conventions[${first}])`,
      });
    });
  });

export type Ministry = z.infer<typeof MinistrySchema>;
export type Section = z.infer<typeof SectionSchema>;
export type Goal = z.infer<typeof GoalSchema>;
export type Period = z.infer<typeof PeriodSchema>;
export type Convention = z.infer<typeof ConventionSchema>;
export type Dataset = z.infer<typeof DatasetSchema>;

/**
 * The thesaurus file `data/synonyms.json`: words people type mapped to words the agreements use,
 * plus words that occur in nearly every agreement and so carry no signal for ranking.
 */
export const ThesaurusSchema = z.object({
  version: z.literal(1),
  synonyms: z.record(NonBlankSchema, z.array(NonBlankSchema).min(1, 'must list at least one expansion')),
  ignoredWords: z.array(NonBlankSchema),
});

export type Thesaurus = z.infer<typeof ThesaurusSchema>;
