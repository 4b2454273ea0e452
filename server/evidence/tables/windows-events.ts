import ipaddr from 'ipaddr.js';
import { parseIsoTimestamp } from './time.ts';
import {
  type Cell,
  type Column,
  type EvidenceParser,
  type ParseContext,
  type ParseProblem,
  type Row,
  type TableSpec,
  sourceZoneColumn,
} from './types.ts';

/**
 * Windows event exports as JSON: one event per line (what the labs' export script writes) or one JSON
 * array of events. Both the flat shape (TimeCreated, EventID, EventRecordID, Level, Channel,
 * ProviderName, Computer, EventData) and the XML-like shape (System.TimeCreated.SystemTime,
 * System.EventID...) are read; the EventData fields investigators filter on most get their own columns.
 */

/** EventData fields that get a column of their own, and the column's name and type. */
const EVENT_DATA_COLUMNS: { field: string; column: Column }[] = [
  {
    field: 'SubjectUserName',
    column: {
      name: 'subject_user',
      type: 'text',
      description: 'SubjectUserName: the account that asked for the action',
    },
  },
  { field: 'SubjectDomainName', column: { name: 'subject_domain', type: 'text', description: 'SubjectDomainName' } },
  {
    field: 'TargetUserName',
    column: { name: 'target_user', type: 'text', description: 'TargetUserName: the account logged on, or acted upon' },
  },
  { field: 'TargetDomainName', column: { name: 'target_domain', type: 'text', description: 'TargetDomainName' } },
  {
    field: 'LogonType',
    column: {
      name: 'logon_type',
      type: 'integer',
      description: 'LogonType (2 interactive, 3 network, 10 Remote Desktop...)',
    },
  },
  {
    field: 'IpAddress',
    column: { name: 'ip', type: 'ip', description: 'IpAddress: where the logon came from (null for "-")' },
  },
  { field: 'IpPort', column: { name: 'ip_port', type: 'integer', description: 'IpPort' } },
  {
    field: 'WorkstationName',
    column: {
      name: 'workstation',
      type: 'text',
      description: 'WorkstationName (or Workstation): the client computer named',
    },
  },
  { field: 'LogonProcessName', column: { name: 'logon_process', type: 'text', description: 'LogonProcessName' } },
  {
    field: 'AuthenticationPackageName',
    column: { name: 'auth_package', type: 'text', description: 'AuthenticationPackageName (NTLM, Kerberos...)' },
  },
  {
    field: 'ProcessName',
    column: { name: 'process_name', type: 'text', description: 'ProcessName: the process that asked for the logon' },
  },
  {
    field: 'NewProcessName',
    column: { name: 'new_process_name', type: 'text', description: 'NewProcessName: the program started (4688)' },
  },
  {
    field: 'CommandLine',
    column: { name: 'command_line', type: 'text', description: 'CommandLine of the process started (4688)' },
  },
  {
    field: 'ParentProcessName',
    column: { name: 'parent_process_name', type: 'text', description: 'ParentProcessName (4688)' },
  },
  {
    field: 'ServiceName',
    column: { name: 'service_name', type: 'text', description: 'ServiceName: the service installed or asked for' },
  },
  {
    field: 'ImagePath',
    column: { name: 'image_path', type: 'text', description: 'ImagePath of the service installed (7045)' },
  },
  { field: 'Status', column: { name: 'status', type: 'text', description: 'Status code (failures, Kerberos)' } },
];

const COLUMNS: Column[] = [
  { name: 'time', type: 'timestamp', description: 'When the event was logged (TimeCreated / SystemTime)' },
  { name: 'event_id', type: 'integer', description: 'Event ID (4624 logon, 4625 failed logon, 4688 process...)' },
  { name: 'record_id', type: 'integer', description: 'EventRecordID: the order of the event in its channel' },
  { name: 'level', type: 'text', description: 'Level as exported (Information, Warning, 4...)' },
  { name: 'channel', type: 'text', description: 'Channel (Security, System...)' },
  { name: 'provider', type: 'text', description: 'The provider that wrote the event' },
  { name: 'computer', type: 'text', description: 'The computer the event was logged on' },
  ...EVENT_DATA_COLUMNS.map((item) => item.column),
  { name: 'data', type: 'text', description: "Every EventData field, as JSON text (json_extract(data, '$.Field'))" },
  sourceZoneColumn('The zone or offset the time was written in'),
];

const EVENTS: TableSpec = {
  name: 'events',
  description: 'Windows events, one row per event',
  columns: COLUMNS,
};

/** A record's text and the line it starts on. */
interface RecordText {
  line: number;
  text: string;
}

/** The elements of a top-level JSON array, each with the line it starts on; a problem when the array is not closed. */
function arrayElements(text: string): { records: RecordText[]; problems: ParseProblem[] } {
  const records: RecordText[] = [];
  const problems: ParseProblem[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  let startLine = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      if (depth === 1 && start < 0) {
        start = i;
        startLine = line;
      }
    } else if (char === '{' || char === '[') {
      if (depth === 1 && start < 0) {
        start = i;
        startLine = line;
      }
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
      if (depth === 1 && start >= 0) {
        records.push({ line: startLine, text: text.slice(start, i + 1) });
        start = -1;
      }
      if (depth === 0) {
        if (start >= 0) records.push({ line: startLine, text: text.slice(start, i).trim() });
        const rest = text.slice(i + 1).trim();
        if (rest !== '')
          problems.push({ line, reason: 'expected nothing after the closing "]" of the array of events' });
        return { records, problems };
      }
    } else if (depth === 1 && start < 0 && !/[\s,]/u.test(char)) {
      start = i;
      startLine = line;
    } else if (depth === 1 && start >= 0 && char === ',') {
      records.push({ line: startLine, text: text.slice(start, i) });
      start = -1;
    }
  }
  problems.push({ line: start >= 0 ? startLine : line, reason: 'expected the array of events to end with "]"' });
  return { records, problems };
}

function recordsOf(text: string): { records: RecordText[]; problems: ParseProblem[] } {
  if (text.trimStart().startsWith('[')) return arrayElements(text);
  const records = text
    .split(/\r?\n/u)
    .map((line, index) => ({ line: index + 1, text: line }))
    .filter((record) => record.text.trim() !== '');
  return { records, problems: [] };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function integerOf(value: unknown): number | null {
  const text = textOf(value);
  if (text === null || text === '-') return null;
  // Hexadecimal codes (0x...) are text in the export; a column typed integer takes decimal only.
  return /^-?\d+$/u.test(text.trim()) ? Number(text.trim()) : null;
}

function ipOf(value: unknown): string | null {
  const text = textOf(value)?.trim();
  if (!text || text === '-') return null;
  if (!ipaddr.isValid(text)) return null;
  // Windows writes IPv4 clients of a dual-stack listener as "::ffff:192.0.2.1".
  const address = ipaddr.parse(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress())
    return (address as ipaddr.IPv6).toIPv4Address().toString();
  return address.toString();
}

/** The event's header fields, from the flat shape or the System block of the XML-like shape. */
function headerOf(event: Record<string, unknown>) {
  const system = asObject(event.System) ?? event;
  const created = system.TimeCreated;
  const time = textOf(asObject(created)?.SystemTime ?? created ?? system.SystemTime);
  const provider = asObject(system.Provider);
  return {
    time,
    eventId: integerOf(asObject(system.EventID)?.['#text'] ?? system.EventID ?? system.Id),
    recordId: integerOf(system.EventRecordID ?? system.RecordId),
    level: textOf(system.LevelDisplayName ?? system.Level),
    channel: textOf(system.Channel ?? system.LogName),
    provider: textOf(provider?.Name ?? system.ProviderName ?? system.Provider),
    computer: textOf(system.Computer ?? system.MachineName),
  };
}

function eventDataOf(event: Record<string, unknown>): Record<string, unknown> {
  return asObject(event.EventData) ?? asObject(asObject(event.Event)?.EventData) ?? {};
}

function cellOf(column: Column, value: unknown): Cell {
  if (column.type === 'integer') return integerOf(value);
  if (column.type === 'ip') return ipOf(value);
  const text = textOf(value);
  return text === '-' ? null : text;
}

function parseEvent(record: RecordText, context: ParseContext): Row | ParseProblem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.text);
  } catch (error) {
    return { line: record.line, reason: `expected one JSON object (an event): ${(error as Error).message}` };
  }
  const event = asObject(parsed);
  if (!event) return { line: record.line, reason: 'expected a JSON object (an event), not another JSON value' };
  const header = headerOf(event);
  if (header.time === null)
    return { line: record.line, reason: 'expected TimeCreated (or System.TimeCreated.SystemTime) in the event' };
  const instant = parseWindowsTime(header.time, context.zone);
  if (!instant)
    return { line: record.line, reason: `expected TimeCreated as an ISO 8601 time, found "${header.time}"` };
  if (header.eventId === null) return { line: record.line, reason: 'expected EventID as a number in the event' };
  const data = eventDataOf(event);
  const dataCells = EVENT_DATA_COLUMNS.map(({ field, column }) =>
    cellOf(column, field === 'WorkstationName' ? (data.WorkstationName ?? data.Workstation) : data[field]),
  );
  return {
    table: EVENTS.name,
    line: record.line,
    values: [
      instant.ms,
      header.eventId,
      header.recordId,
      header.level,
      header.channel,
      header.provider,
      header.computer,
      ...dataCells,
      JSON.stringify(data),
      instant.zone,
    ],
  };
}

/** ISO 8601 with up to seven decimals (Windows ticks), or ConvertTo-Json's "/Date(ms)/". */
function parseWindowsTime(text: string, zone: string) {
  const dotNet = /^\/Date\((-?\d+)\)\/$/u.exec(text);
  if (dotNet) return { ms: Number(dotNet[1]), zone: 'UTC' };
  // Luxon reads milliseconds only: the ticks beyond them are dropped, not rounded.
  return parseIsoTimestamp(text.replace(/(\.\d{3})\d+/u, '$1'), zone);
}

/** The windows-event-json parser: table `events`. */
export const windowsEventJsonParser: EvidenceParser = {
  id: 'windows-event-json',
  description:
    'Windows events exported as JSON (one event per line, or a JSON array): table events with the header and ' +
    'the common EventData fields as columns, the rest in data',
  tables: [EVENTS],
  parse(text, context) {
    const { records, problems } = recordsOf(text);
    const rows: Row[] = [];
    for (const record of records) {
      const result = parseEvent(record, context);
      if ('table' in result) rows.push(result);
      else problems.push(result);
    }
    problems.sort((a, b) => a.line - b.line);
    return { tables: [EVENTS], rows, problems };
  },
};
