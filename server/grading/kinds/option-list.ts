import { z } from 'zod';
import { tidy, tidyPlain } from '../answer-input.ts';
import { whenValid } from './when-valid.ts';

/*
 * Lists of {id, label} entries that trainees pick from or type: the options of choice, the steps of
 * sequence, the items and labels of mapping.
 */

/** Most options, items or labels in one list. */
export const MAX_OPTIONS = 100;

/**
 * An option id: what the answer field sends and what the expected answer refers to. It must survive
 * the way typed answers are read (tidied, split at new lines, commas and semicolons, and at ">" in
 * sequences), or a trainee could not type it.
 */
export const optionId = z
  .string()
  .min(1)
  .max(100)
  .refine((id) => id === tidy(id) && !/[\n,;>\u2192]|\{\{/u.test(id), {
    message:
      'expected an id on one line without commas, semicolons, ">", "\u2192" or "{{", and without leading, trailing ' +
      'or repeated spaces',
  });

const optionObject = z.strictObject({
  id: optionId.describe(
    'Short stable identifier of this entry, such as "write_blocker". Expected answers refer to it; trainees may type ' +
      'it or the label.',
  ),
  label: z
    .string()
    .min(1)
    .max(500)
    .describe(
      'The text trainees see for this entry. Trainees may also type it (case does not matter) instead of the id.',
    ),
});

export interface Option {
  id: string;
  label: string;
}

/**
 * The key a typed id or label is compared by: tidied, typographic dashes and quotes plain, and
 * lower-cased. Look-alike letters from other scripts stay distinct.
 */
export function foldKey(text: string): string {
  return tidyPlain(text).toLowerCase();
}

/** Every key an entry can be typed as, folded (see foldKey). */
export function optionKeys(option: Option): string[] {
  return [...new Set([foldKey(option.id), foldKey(option.label)])];
}

/**
 * A list of {id, label} entries, where a plain string is shorthand for an entry whose id and label
 * are that string. Ids must be unique, and no two entries may share an id or label when compared
 * case-insensitively, so that whatever a trainee types points at one entry only.
 */
export function optionList(what: string, description: string, min = 2) {
  return z
    .array(
      z
        .union([optionObject, optionId])
        .transform((entry): Option => (typeof entry === 'string' ? { id: entry, label: entry } : entry))
        .describe(`One ${what}: an object {id, label}, or a plain string used as both id and label.`),
    )
    .min(min)
    .max(MAX_OPTIONS)
    .superRefine((entries, ctx) => {
      const ownerOf = new Map<string, string>();
      entries.forEach((entry, index) => {
        if (entries.findIndex((other) => other.id === entry.id) < index) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `${what} id '${entry.id}' is used more than once; ids must be unique`,
          });
          return;
        }
        for (const key of optionKeys(entry)) {
          const owner = ownerOf.get(key);
          if (owner !== undefined && owner !== entry.id) {
            ctx.addIssue({
              code: 'custom',
              path: [index],
              message:
                `${what}s '${owner}' and '${entry.id}' cannot be told apart when typed: both are written ` +
                `'${key}' (ids and labels are compared ignoring case)`,
            });
          } else ownerOf.set(key, entry.id);
        }
      });
    }, whenValid)
    .describe(description);
}

/**
 * Looks up the entry a trainee meant: its exact id, or its id or label ignoring case. Built once per
 * check so that long answers cost one map lookup per typed item. Because no two entries share a key
 * (see optionList), the result is never ambiguous.
 */
export function optionFinder<O extends Option>(options: readonly O[]): (typed: string) => O | undefined {
  const byId = new Map<string, O>();
  const byKey = new Map<string, O>();
  for (const option of options) {
    byId.set(option.id, option);
    for (const key of [foldKey(option.id), foldKey(option.label)]) if (!byKey.has(key)) byKey.set(key, option);
  }
  return (typed) => byId.get(typed) ?? byKey.get(foldKey(typed));
}

/** The entries as the answer field shows them: id and label only, in the given order. */
export function publicOptions(options: readonly Option[]): Option[] {
  return options.map(({ id, label }) => ({ id, label }));
}
