/** Wording shared by the messages of every service: names quoted and listed the same way everywhere. */

/** A name as messages quote it: “Name”. */
export function quoted(name: string): string {
  return `“${name}”`;
}

/** Names joined the way a sentence lists them: "A", "A and B", "A, B and C". */
export function listInWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
