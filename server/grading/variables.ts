/**
 * References from a lab to values that its variant generator produces: `{{attacker_ip}}`.
 * A string that is exactly one reference takes the value itself (a number, a list); a reference
 * inside longer text is replaced by the value written out.
 */
export type VariantValue = string | number | string[] | Record<string, string>;
export type VariantValues = Record<string, VariantValue>;

export const VARIABLE_NAME = /^[a-z][a-z0-9_]*$/u;
const WHOLE_REFERENCE = /^\{\{\s*([a-z][a-z0-9_]*)\s*\}\}$/u;
const ANY_REFERENCE = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/gu;

/** True when a spec field holds a reference to a generated value instead of a literal. */
export function isReference(value: unknown): boolean {
  return typeof value === 'string' && WHOLE_REFERENCE.test(value);
}

/** Every variable name referred to anywhere inside a value (a string, list or nested object). */
export function referencedNames(value: unknown): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string') for (const match of node.matchAll(ANY_REFERENCE)) names.add(match[1]!);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(value);
  return [...names];
}

export class UnknownVariableError extends Error {
  constructor(readonly variable: string) {
    super(`refers to {{${variable}}}, which the variant generator did not produce`);
  }
}

/** Escapes a generated value for use inside a regular expression, so "files.example.net" matches only itself. */
export function escapeForRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * Replaces every reference inside a value with the generated values; the input is not changed.
 * With `escapeValue`, each value written into text goes through it first (for regular expressions).
 */
export function interpolate<T>(value: T, values: VariantValues, escapeValue?: (text: string) => string): T {
  const lookup = (name: string): VariantValue => {
    if (!Object.hasOwn(values, name)) throw new UnknownVariableError(name);
    return values[name]!;
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = WHOLE_REFERENCE.exec(node);
      if (whole && !escapeValue) return structuredClone(lookup(whole[1]!));
      return node.replace(ANY_REFERENCE, (_match, name: string) => {
        const found = lookup(name);
        const text = Array.isArray(found)
          ? found.join(', ')
          : typeof found === 'object'
            ? JSON.stringify(found)
            : String(found);
        return escapeValue ? escapeValue(text) : text;
      });
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    return node;
  };
  return walk(value) as T;
}
