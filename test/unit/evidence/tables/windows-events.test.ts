import { describe, expect, it } from 'vitest';
import generate from '../../../../labs/ransomware-water-utility/generate.ts';
import { createRandom } from '../../../../server/labs/random.ts';
import { windowsEventJsonParser } from '../../../../server/evidence/tables/windows-events.ts';
import type { Cell, Row } from '../../../../server/evidence/tables/types.ts';

const context = { zone: 'Europe/Vienna', year: 2026 };
const columns = windowsEventJsonParser.tables![0]!.columns.map((column) => column.name);

/** A row as an object by column name, for readable assertions. */
function named(row: Row): Record<string, Cell> {
  return Object.fromEntries(columns.map((name, index) => [name, row.values[index]!]));
}

describe('windows-event-json', () => {
  const seed = 'tables-test';
  const variant = generate({ seed, random: createRandom(`ransomware-water-utility:${seed}`) });
  const exports = Object.entries(variant.files).filter(([name]) => name.endsWith('.jsonl'));

  it('parses every event of every host of a generated ransomware-water-utility variant', () => {
    expect(exports.length).toBeGreaterThan(5);
    for (const [, content] of exports) {
      const text = String(content);
      const result = windowsEventJsonParser.parse(text, context);
      expect(result.problems).toEqual([]);
      expect(result.rows.length).toBe(text.split('\n').filter((line) => line.trim() !== '').length);
      for (const row of result.rows) expect(row.values.length).toBe(columns.length);
    }
  });

  it('reads the header, the common EventData fields and the time in UTC', () => {
    const text = String(variant.files['evidence/DC01.jsonl']);
    const lines = text.split('\n');
    const lineNumber =
      lines.findIndex((line) => line.includes('"EventID":4624') && line.includes('"IpAddress":"1')) + 1;
    const event = JSON.parse(lines[lineNumber - 1]!);
    const row = windowsEventJsonParser.parse(text, context).rows.find((item) => item.line === lineNumber)!;
    const cells = named(row);
    expect(cells.event_id).toBe(4624);
    expect(cells.record_id).toBe(event.EventRecordID);
    expect(cells.channel).toBe('Security');
    expect(cells.provider).toBe('Microsoft-Windows-Security-Auditing');
    expect(cells.computer).toBe('DC01.corp.valleywater.example');
    expect(cells.target_user).toBe(event.EventData.TargetUserName);
    expect(cells.logon_type).toBe(Number(event.EventData.LogonType));
    expect(cells.ip).toBe(event.EventData.IpAddress);
    expect(cells.time).toBe(Date.parse(`${event.TimeCreated.slice(0, 23)}Z`));
    expect(cells.source_zone).toBe('UTC');
    expect(JSON.parse(cells.data as string)).toEqual(event.EventData);
  });

  it('keeps the offset an export wrote, reads "-" as null and handles the System shape', () => {
    const text = [
      JSON.stringify({
        System: {
          Provider: { Name: 'Microsoft-Windows-Security-Auditing' },
          EventID: 4625,
          EventRecordID: 12,
          Level: 0,
          Channel: 'Security',
          Computer: 'WS-042.example.org',
          TimeCreated: { SystemTime: '2026-10-09T11:30:00.1234567+02:00' },
        },
        EventData: { TargetUserName: 'j.doe', LogonType: '10', IpAddress: '-', WorkstationName: 'WS-042' },
      }),
    ].join('\n');
    const result = windowsEventJsonParser.parse(text, context);
    expect(result.problems).toEqual([]);
    const cells = named(result.rows[0]!);
    expect(cells.time).toBe(Date.UTC(2026, 9, 9, 9, 30, 0, 123));
    expect(cells.source_zone).toBe('+02:00');
    expect(cells.event_id).toBe(4625);
    expect(cells.provider).toBe('Microsoft-Windows-Security-Auditing');
    expect(cells.ip).toBeNull();
    expect(cells.workstation).toBe('WS-042');
    expect(cells.logon_type).toBe(10);
  });

  it('reads a JSON array of events, each row at the line its event starts', () => {
    const text = [
      '[',
      '  {"TimeCreated":"2026-10-09T09:30:00Z","EventID":4624,"Computer":"WS-042",',
      '   "EventData":{"IpAddress":"::ffff:192.0.2.15","LogonType":"3"}},',
      '  {"TimeCreated":"2026-10-09T09:31:00Z","EventID":4634,',
      '   "EventData":{"IpAddress":"2001:db8:0:0::1"}}',
      ']',
    ].join('\n');
    const result = windowsEventJsonParser.parse(text, context);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.line)).toEqual([2, 4]);
    expect(result.rows.map((row) => named(row).ip)).toEqual(['192.0.2.15', '2001:db8::1']);
  });

  it("reads the property names of PowerShell's Get-WinEvent | ConvertTo-Json", () => {
    const text = JSON.stringify(
      [
        {
          Id: 4624,
          RecordId: 77,
          LevelDisplayName: 'Information',
          LogName: 'Security',
          ProviderName: 'Microsoft-Windows-Security-Auditing',
          MachineName: 'WS-042.example.org',
          TimeCreated: '/Date(1791538200123)/',
        },
      ],
      null,
      2,
    );
    const result = windowsEventJsonParser.parse(text, context);
    expect(result.problems).toEqual([]);
    expect(result.rows[0]!.line).toBe(2);
    expect(named(result.rows[0]!)).toMatchObject({
      time: 1791538200123,
      source_zone: 'UTC',
      event_id: 4624,
      record_id: 77,
      level: 'Information',
      channel: 'Security',
      computer: 'WS-042.example.org',
      data: '{}',
    });
  });

  it('reports malformed events with their lines and skips blank lines', () => {
    const good = '{"TimeCreated":"2026-10-09T09:30:00Z","EventID":4624,"EventData":{}}';
    const text = [
      good,
      '',
      '{"TimeCreated":"2026-10-09T09:30:00Z","EventID":',
      '"just text"',
      '{"EventID":4624}',
      '{"TimeCreated":"yesterday","EventID":4624}',
      '{"TimeCreated":"2026-10-09T09:30:00Z"}',
      good,
    ].join('\n');
    const result = windowsEventJsonParser.parse(text, context);
    expect(result.rows.map((row) => row.line)).toEqual([1, 8]);
    expect(result.problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6, 7]);
    expect(result.problems[0]!.reason).toMatch(/expected one JSON object/u);
    expect(result.problems[2]!.reason).toMatch(/TimeCreated/u);
    expect(result.problems[4]!.reason).toMatch(/EventID/u);
  });

  it('reports an array that is never closed at the line of its last event', () => {
    const text = '[\n{"TimeCreated":"2026-10-09T09:30:00Z","EventID":1,"EventData":{}},\n{"TimeCreated":"2026-10-09';
    const result = windowsEventJsonParser.parse(text, context);
    expect(result.rows.map((row) => row.line)).toEqual([2]);
    expect(result.problems).toEqual([{ line: 3, reason: expect.stringMatching(/end with "\]"/u) }]);
  });
});
