import { parse } from 'csv-parse/sync';
import ipaddr from 'ipaddr.js';
import { parseIsoTimestamp } from './time.ts';
import {
  type Cell,
  type Column,
  type ColumnType,
  type EvidenceParser,
  type ParseContext,
  type ParsedArtefact,
  type ParseProblem,
  type Row,
  TIMESTAMP_ZONE_COLUMN,
  sourceZoneColumn,
} from './types.ts';

/** A value as the source gave it: text, a number the format typed (JSON), or absent. */
export type RawValue = string | number | null;

const INTEGER = /^-?(?:0|[1-9]\d*)$/u;
const REAL = /^-?(?:0|[1-9]\d*)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/u;
// A date, then a time: a bare date stays text, as does anything Luxon would read as a week or ordinal date.
const ISO_DATE_TIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/u;

const PLAIN_IPV4 = /^(?:(?:0|[1-9]\d{0,2})\.){3}(?:0|[1-9]\d{0,2})$/u;

/** An IPv4 address in dotted-quad form or any IPv6 address, in ipaddr.js's canonical form; undefined otherwise. */
export function canonicalIp(text: string): string | undefined {
  const trimmed = text.trim();
  // Most addresses in logs are plain dotted quads, already canonical: ipaddr.js costs microseconds a line.
  if (PLAIN_IPV4.test(trimmed) && trimmed.split('.').every((octet) => Number(octet) <= 255)) return trimmed;
  if (knownAddresses.has(trimmed)) return knownAddresses.get(trimmed);
  let canonical: string | undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(trimmed)) canonical = ipaddr.IPv4.parse(trimmed).toString();
  else if (trimmed.includes(':') && ipaddr.IPv6.isValid(trimmed)) canonical = ipaddr.IPv6.parse(trimmed).toString();
  if (knownAddresses.size >= 50_000) knownAddresses.clear();
  knownAddresses.set(trimmed, canonical);
  return canonical;
}

// ipaddr.js reads an IPv6 address in tens of microseconds (it tries IPv4 forms by throwing), and logs repeat
// their addresses: the answers are remembered, which changes nothing but the time.
const knownAddresses = new Map<string, string | undefined>();

/** A number written as text; an integer too long to keep exactly (an account or card number) is not one. */
function isNumberText(text: string): boolean {
  if (text === '' || text === '-' || text === '.' || !REAL.test(text) || !Number.isFinite(Number(text))) return false;
  return !INTEGER.test(text) || Number.isSafeInteger(Number(text));
}

/**
 * The narrowest type every present value of a column fits. `numbersFromText` says whether text such as
 * "42" counts as a number (CSV) or stays text because the format could have typed it (JSON).
 */
export function inferColumnType(values: RawValue[], zone: string, numbersFromText: boolean): ColumnType {
  const present = values.filter((value): value is string | number => value !== null && value !== '');
  if (present.length === 0) return 'text';
  const numeric = present.every((value) => typeof value === 'number' || (numbersFromText && isNumberText(value)));
  if (numeric) {
    const integral = present.every((value) =>
      typeof value === 'number'
        ? Number.isSafeInteger(value)
        : INTEGER.test(value) && Number.isSafeInteger(Number(value)),
    );
    return integral ? 'integer' : 'real';
  }
  if (present.some((value) => typeof value === 'number')) return 'text';
  const texts = present as string[];
  if (texts.every((value) => ISO_DATE_TIME.test(value.trim()) && parseIsoTimestamp(value, zone) !== undefined)) {
    return 'timestamp';
  }
  if (texts.every((value) => canonicalIp(value) !== undefined)) return 'ip';
  return 'text';
}

/** Names as SQL identifiers: lower_snake_case, col_N for an empty one, _2, _3... for repeats and reserved names. */
export function columnNames(headers: string[], reserved: string[] = []): string[] {
  const taken = new Set(reserved);
  return headers.map((header, index) => {
    let base = header
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/gu, '')
      .replace(/([a-z0-9])([A-Z])/gu, '$1_$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/gu, '_')
      .replace(/^_+|_+$/gu, '');
    if (base === '') base = `col_${index + 1}`;
    else if (/^\d/u.test(base)) base = `col_${base}`;
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}_${suffix}`;
    taken.add(name);
    return name;
  });
}

/** A raw value as a cell of a column of `type` (already inferred, so it fits). */
function toCell(value: RawValue, type: ColumnType, zone: string): { cell: Cell; zone?: string } {
  if (value === null || value === '') return { cell: null };
  switch (type) {
    case 'integer':
    case 'real':
      return { cell: Number(value) };
    case 'timestamp': {
      const instant = parseIsoTimestamp(String(value), zone);
      return instant ? { cell: instant.ms, zone: instant.zone } : { cell: null };
    }
    case 'ip':
      return { cell: canonicalIp(String(value)) ?? null };
    default:
      return { cell: String(value) };
  }
}

/**
 * One table from records of raw values: columns typed from all their values, and the source_zone column
 * last when any column is a timestamp (the zone of the row's first timestamp).
 */
export function typedTable(
  name: string,
  headers: string[],
  records: { line: number; values: RawValue[] }[],
  context: ParseContext,
  numbersFromText: boolean,
): Pick<ParsedArtefact, 'tables' | 'rows'> {
  const types = headers.map((_, index) =>
    inferColumnType(
      records.map((record) => record.values[index] ?? null),
      context.zone,
      numbersFromText,
    ),
  );
  const hasTimestamp = types.includes('timestamp');
  const names = columnNames(headers, hasTimestamp ? [TIMESTAMP_ZONE_COLUMN] : []);
  const columns: Column[] = names.map((columnName, index) => ({
    name: columnName,
    type: types[index] ?? 'text',
    description: `The "${headers[index]}" field${types[index] === 'timestamp' ? ', as an instant' : ''}.`,
  }));
  if (hasTimestamp) {
    columns.push(sourceZoneColumn('The zone or offset the row’s first time was written in.'));
  }
  const rows: Row[] = records.map((record) => {
    let rowZone: string | null = null;
    const values = headers.map((_, index) => {
      const { cell, zone } = toCell(record.values[index] ?? null, types[index] ?? 'text', context.zone);
      if (zone !== undefined && rowZone === null) rowZone = zone;
      return cell;
    });
    if (hasTimestamp) values.push(rowZone);
    return { table: name, line: record.line, values };
  });
  return { tables: [{ name, description: `The records of the artefact, one row each.`, columns }], rows };
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function parseDelimited(text: string, delimiter: string, context: ParseContext): ParsedArtefact {
  const problems: ParseProblem[] = [];
  // csv-parse miscounts lines on CRLF input: the records are the same with plain newlines.
  const records = parse(text.replace(/\r\n/gu, '\n'), {
    delimiter,
    info: true,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    quote: delimiter === '\t' ? false : '"',
    on_skip: (error) => {
      const at = error as { lines?: number; message?: string } | undefined;
      // After a broken quote csv-parse may stumble again on the same record: one problem per line is enough.
      if (problems.some((problem) => problem.line === (at?.lines ?? 0))) return;
      problems.push({ line: at?.lines ?? 0, reason: `Not a well-formed record: ${at?.message ?? 'unreadable'}.` });
    },
  }) as unknown as CsvRecord[];
  const [header, ...body] = records;
  if (!header) return { tables: [], rows: [], problems };
  const startLine = (record: CsvRecord) =>
    record.info.lines - record.record.reduce((breaks, field) => breaks + (field.split('\n').length - 1), 0);
  const kept: { line: number; values: RawValue[] }[] = [];
  for (const record of body) {
    const line = startLine(record);
    if (record.record.length !== header.record.length) {
      problems.push({
        line,
        reason: `Expected ${header.record.length} fields as in the header, found ${record.record.length}.`,
      });
      continue;
    }
    kept.push({ line, values: record.record });
  }
  problems.sort((a, b) => a.line - b.line);
  return { ...typedTable('records', header.record, kept, context, true), problems };
}

/** Comma-separated values with a header row. */
export const csvParser: EvidenceParser = {
  id: 'csv',
  description:
    'Comma-separated values with a header row: one table `records`, columns named after the header, types inferred.',
  parse: (text, context) => parseDelimited(text, ',', context),
};

/** Tab-separated values with a header row (no quoting). */
export const tsvParser: EvidenceParser = {
  id: 'tsv',
  description:
    'Tab-separated values with a header row: one table `records`, columns named after the header, types inferred.',
  parse: (text, context) => parseDelimited(text, '\t', context),
};
