import { createEffect, createMemo, createSignal, For, Index, on, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { QueryAnswer } from '../lib/evidence-queries.ts';
import { failureMessage } from '../lib/failure-message.ts';
import { lineReference } from '../lib/line-paging.ts';
import { citeInNotes } from '../lib/notes-citations.ts';
import { downloadCsv, resultCsv } from '../lib/result-csv.ts';

/** Rows shown at once; the rest of the answer is paged in the browser. */
const PAGE_ROWS = 100;
/** Text longer than this wraps inside its cell rather than making the grid ever wider. */
const LONG_CELL = 60;

type Cell = QueryAnswer['rows'][number][number];

/** The artefact a result's rows come from, when the query reads one table that has line numbers. */
export interface CitationSource {
  table: string;
  evidenceId: string;
  evidenceTitle: string;
}

export interface ResultGridProps {
  labId: string;
  answer: QueryAnswer;
  /** The name of the CSV download, without ".csv". */
  fileName: string;
  citation?: CitationSource;
  /** Sorting by a header click (the table view); without it headers are plain. */
  sort?: { column: string; descending: boolean };
  onSort?: (column: string) => void;
  /** Whether a cited row may be written to the notes (not once the lab has closed). */
  canCite: boolean;
  /** Opens the artefact at a line: the line numbers of a one-table result become buttons. */
  onShowLine?: (evidenceId: string, line: number) => void;
}

const shown = (cell: Cell): string => (cell === null ? t('tables.null') : String(cell));

/** The line a trainee's notes get for a row: the artefact and line when known, then the row's values. */
function citationLine(answer: QueryAnswer, row: Cell[], source: CitationSource | undefined): string {
  const lineIndex = answer.columns.findIndex((column) => column.name === 'line');
  const values = answer.columns
    .map((column, index) => (index === lineIndex && source ? undefined : `${column.name} ${shown(row[index] ?? null)}`))
    .filter((value) => value !== undefined)
    .join('; ');
  const line = lineIndex >= 0 ? Number(row[lineIndex]) : Number.NaN;
  if (source && Number.isInteger(line))
    return `- ${lineReference(source.evidenceTitle, line)} (${t('tables.citeTable', { table: source.table })}): ${values}`;
  return `- ${t('tables.citeResult')}: ${values}`;
}

/** A query's answer as a grid: a page of rows at a time, the count and time, CSV export and citing rows. */
export function ResultGrid(props: ResultGridProps) {
  const [page, setPage] = createSignal(0);
  const [status, setStatus] = createSignal('');
  createEffect(
    on(
      () => props.answer,
      () => {
        setPage(0);
        setStatus('');
      },
    ),
  );
  const total = () => props.answer.rows.length;
  const pages = () => Math.max(1, Math.ceil(total() / PAGE_ROWS));
  const first = () => page() * PAGE_ROWS;
  const rows = createMemo(() => props.answer.rows.slice(first(), first() + PAGE_ROWS));

  // The line numbers link to the artefact when the rows come from one table's lines.
  const lineColumn = () =>
    props.citation && props.onShowLine ? props.answer.columns.findIndex((column) => column.name === 'line') : -1;
  const lineTarget = (cell: Cell) => {
    const source = props.citation;
    const line = Number(cell);
    if (!source || !Number.isInteger(line) || line < 1) return undefined;
    return { evidenceId: source.evidenceId, line, reference: lineReference(source.evidenceTitle, line) };
  };

  const exportCsv = () =>
    downloadCsv(
      `${props.fileName}.csv`,
      resultCsv(
        props.answer.columns.map((column) => column.name),
        props.answer.rows,
      ),
    );

  const cite = async (row: Cell[], number: number) => {
    try {
      await citeInNotes(props.labId, citationLine(props.answer, row, props.citation));
      setStatus(t('tables.cited', { row: number }));
    } catch (failure) {
      setStatus(t('tables.citeFailed', { message: failureMessage(failure) }));
    }
  };

  return (
    <div class="result" data-testid="query-result">
      <div class="result-bar">
        <span data-testid="result-count">
          {total() === 0
            ? t('tables.noRows')
            : t('tables.rowsShown', {
                first: (first() + 1).toLocaleString('en'),
                last: Math.min(first() + PAGE_ROWS, total()).toLocaleString('en'),
                total: total().toLocaleString('en'),
              })}
        </span>
        <span class="muted">
          {t('tables.elapsed', { ms: Math.round(props.answer.elapsedMs).toLocaleString('en') })}
        </span>
        <Show when={pages() > 1}>
          <span class="result-pages">
            <button type="button" class="small" disabled={page() === 0} onClick={() => setPage(page() - 1)}>
              {t('tables.previousPage')}
            </button>
            <span class="small">{t('tables.page', { page: page() + 1, pages: pages() })}</span>
            <button type="button" class="small" disabled={page() >= pages() - 1} onClick={() => setPage(page() + 1)}>
              {t('tables.nextPage')}
            </button>
          </span>
        </Show>
        <button type="button" class="small" onClick={exportCsv} disabled={props.answer.columns.length === 0}>
          {t('tables.exportCsv')}
        </button>
      </div>
      <Show when={props.answer.truncated}>
        <p class="notice small" data-testid="result-truncated">
          {t('tables.truncated', { rows: props.answer.rowLimit.toLocaleString('en') })}
        </p>
      </Show>
      <p class="muted small" role="status" aria-live="polite">
        {status()}
      </p>
      <div class="result-scroll" role="region" aria-label={t('tables.resultRegion')} tabindex="0">
        <table class="result-grid">
          <thead>
            <tr>
              <Show when={props.canCite}>
                <th scope="col" class="cite-cell">
                  <span class="visually-hidden">{t('tables.citeColumn')}</span>
                </th>
              </Show>
              <For each={props.answer.columns}>
                {(column) => (
                  <th
                    scope="col"
                    title={column.type}
                    aria-sort={
                      props.sort?.column === column.name
                        ? props.sort.descending
                          ? 'descending'
                          : 'ascending'
                        : undefined
                    }
                  >
                    <Show when={props.onSort} fallback={column.name}>
                      <button
                        type="button"
                        class="sort-button"
                        onClick={() => props.onSort?.(column.name)}
                        aria-label={t('tables.sortBy', { column: column.name })}
                      >
                        {column.name}
                        <span aria-hidden="true">
                          {props.sort?.column === column.name ? (props.sort.descending ? ' ▼' : ' ▲') : ''}
                        </span>
                      </button>
                    </Show>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(row, index) => (
                <tr>
                  <Show when={props.canCite}>
                    <td class="cite-cell">
                      <button
                        type="button"
                        class="small cite-button"
                        aria-label={t('tables.citeRow', { row: first() + index() + 1 })}
                        onClick={() => void cite(row, first() + index() + 1)}
                      >
                        {t('tables.cite')}
                      </button>
                    </td>
                  </Show>
                  <Index each={row}>
                    {(cell, column) => (
                      <td
                        classList={{
                          muted: cell() === null,
                          'long-cell': typeof cell() === 'string' && (cell() as string).length > LONG_CELL,
                        }}
                      >
                        <Show when={column === lineColumn() && lineTarget(cell())} fallback={shown(cell())}>
                          {(target) => (
                            <button
                              type="button"
                              class="line-link"
                              aria-label={t('tables.showLine', { reference: target().reference })}
                              onClick={() => props.onShowLine?.(target().evidenceId, target().line)}
                            >
                              {shown(cell())}
                            </button>
                          )}
                        </Show>
                      </td>
                    )}
                  </Index>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
