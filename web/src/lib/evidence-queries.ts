import { t } from '../i18n/messages.ts';
import { client } from './api.ts';
import type { LabsApi } from './lab-space.tsx';
import { failureMessage } from './failure-message.ts';
import { ApiError, read } from './api.ts';
import type { ColumnKind } from './sql-text.ts';

/** A table of a lab's evidence, as GET /tables describes it. */
export interface EvidenceTable {
  name: string;
  evidenceId: string;
  description: string;
  columns: { name: string; type: ColumnKind; description: string }[];
  rows: number;
}

/** The tables of a lab: ready, still being built (with progress), or none at all. */
export type TablesAnswer =
  | { state: 'ready'; tables: EvidenceTable[]; problems: number; limits: { seconds: number; rows: number } }
  | { state: 'building'; progress: { done: number; total: number } }
  | { state: 'none' };

/** Asks for a lab's tables once (starting their build on the server when it has not started). */
export async function fetchTables(labs: LabsApi, labId: string): Promise<TablesAnswer> {
  try {
    return (await read(labs[':labId'].tables.$get({ param: { labId } }))) as TablesAnswer;
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 404) return { state: 'none' };
    throw failure;
  }
}

/** A query's answer as the server sends it. */
export interface QueryAnswer {
  columns: { name: string; type: string }[];
  rows: (string | number | boolean | null)[][];
  truncated: boolean;
  rowLimit: number;
  elapsedMs: number;
}

/** Why a query gave no rows: the server's message, and where in the query the mistake is when it knows. */
export interface QueryProblem {
  code: string;
  message: string;
  position?: { line: number; column: number };
}

/** Runs a read-only query on the lab's tables; its rows, or the problem as the trainee should read it. */
export async function runEvidenceQuery(
  labId: string,
  sql: string,
): Promise<{ answer: QueryAnswer } | { problem: QueryProblem }> {
  let response: Response;
  try {
    response = await client.labs[':labId'].queries.$post({ param: { labId }, json: { sql } });
  } catch {
    return { problem: { code: 'network', message: t('error.network') } };
  }
  if (response.ok) return { answer: (await response.json()) as QueryAnswer };
  let body: { error?: Partial<QueryProblem> } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = {};
  }
  const code = body.error?.code ?? 'unknown';
  // The query's own mistakes and limits are said as the server words them; anything else as usual.
  const message =
    code === 'query_invalid' || code === 'query_limit' || code === 'too_many_requests' || code === 'conflict'
      ? (body.error?.message ?? t('error.unknown'))
      : failureMessage(new ApiError(response.status, code, body.error?.message ?? t('error.unknown')));
  return { problem: { code, message, ...(body.error?.position ? { position: body.error.position } : {}) } };
}
