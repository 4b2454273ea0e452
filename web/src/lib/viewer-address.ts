/**
 * The evidence viewer's state in the page address (?artefact=auth-log&line=353&q=Accepted), so
 * that it survives a reload, the lab being fetched again after an answer, and can be sent as a
 * link. Pure, so the rules are tested without a browser.
 */

/** What the viewer shows: the artefact, the line the trainee is on, and the search. */
export interface ViewerAddress {
  artefact?: string;
  line?: number;
  q?: string;
  regex: boolean;
  caseSensitive: boolean;
}

/** The query parameters the workspace reads, as @solidjs/router's useSearchParams gives them. */
export type AddressParams = Partial<Record<'artefact' | 'line' | 'q' | 'regex' | 'case', string | string[]>>;

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;

/** Reads the viewer's state from the query; anything malformed is left out rather than trusted. */
export function readViewerAddress(params: AddressParams): ViewerAddress {
  const artefact = single(params.artefact);
  const line = Number(single(params.line));
  const q = single(params.q);
  return {
    artefact: artefact && ID.test(artefact) ? artefact : undefined,
    line: Number.isInteger(line) && line >= 1 ? line : undefined,
    q: q ? q.slice(0, 1000) : undefined,
    regex: single(params.regex) === '1',
    caseSensitive: single(params.case) === '1',
  };
}

/** The query parameters for a state; undefined removes a parameter (the router's convention). */
export function viewerAddressParams(
  address: ViewerAddress,
): Record<'artefact' | 'line' | 'q' | 'regex' | 'case', string | undefined> {
  return {
    artefact: address.artefact,
    line: address.artefact && address.line ? String(address.line) : undefined,
    q: address.artefact && address.q ? address.q : undefined,
    regex: address.artefact && address.q && address.regex ? '1' : undefined,
    case: address.artefact && address.q && address.caseSensitive ? '1' : undefined,
  };
}
