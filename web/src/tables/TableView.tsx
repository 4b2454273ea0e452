import { createEffect, createMemo, createSignal, createUniqueId, For, on, Show } from 'solid-js';
import { t, type MessageKey } from '../i18n/messages.ts';
import { runEvidenceQuery, type EvidenceTable, type QueryAnswer, type QueryProblem } from '../lib/evidence-queries.ts';
import {
  TIME_UNITS,
  tableViewQuery,
  type ColumnFilter,
  type ColumnKind,
  type TableViewState,
  type TimeUnit,
} from '../lib/sql-text.ts';
import { TimeHistogram } from './TimeHistogram.tsx';
import { ResultGrid } from './ResultGrid.tsx';

type FilterOp = ColumnFilter['op'];

/** The conditions a column of each kind offers. */
const OPS_BY_KIND: Record<ColumnKind, FilterOp[]> = {
  text: ['contains', 'equals'],
  ip: ['equals', 'contains'],
  integer: ['equals', 'range'],
  real: ['range', 'equals'],
  line: ['range', 'equals'],
  timestamp: ['window', 'contains'],
};

const OP_LABEL: Record<FilterOp, MessageKey> = {
  contains: 'tables.opContains',
  equals: 'tables.opEquals',
  range: 'tables.opRange',
  window: 'tables.opWindow',
};

/** A filter in words, for the list of filters in use. */
function describeFilter(filter: ColumnFilter): string {
  switch (filter.op) {
    case 'contains':
      return t('tables.filterContains', { column: filter.column, value: filter.value });
    case 'equals':
      return t('tables.filterEquals', { column: filter.column, value: filter.value });
    case 'range':
    case 'window':
      return t(filter.op === 'window' ? 'tables.filterWindow' : 'tables.filterRange', {
        column: filter.column,
        from: filter.from || '…',
        to: filter.to || '…',
      });
  }
}

export interface TableViewProps {
  labId: string;
  table: EvidenceTable;
  evidenceTitle: string;
  onOpenInConsole: (sql: string) => void;
  canCite: boolean;
  onShowLine: (evidenceId: string, line: number) => void;
}

/**
 * One table as a grid for those who do not write SQL: sort by a header, filter columns, count by a
 * column. Each view is a query, shown as it runs, that the trainee can take to the console.
 */
export function TableView(props: TableViewProps) {
  const [view, setView] = createSignal<TableViewState>({ table: props.table.name, filters: [] });
  const [answer, setAnswer] = createSignal<QueryAnswer>();
  const [problem, setProblem] = createSignal<QueryProblem>();
  const sql = createMemo(() => tableViewQuery(view()));
  const columns = () => props.table.columns;
  const kindOf = (name: string) => columns().find((column) => column.name === name)?.type ?? 'text';

  // The filter being written: its column, condition and values.
  const [filterColumn, setFilterColumn] = createSignal(columns()[1]?.name ?? columns()[0]?.name ?? '');
  const [filterOp, setFilterOp] = createSignal<FilterOp>(OPS_BY_KIND[kindOf(filterColumn())][0]!);
  const [value, setValue] = createSignal('');
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');

  // One query at a time (the server refuses a second): a newer view waits, and only the newest is shown.
  let latest = 0;
  let inFlight: Promise<unknown> | undefined;
  // The view's query whose rows the grid shows: until it is the one shown above, the grid is stale
  // and the view is running.
  const [answeredSql, setAnsweredSql] = createSignal<string>();
  const running = () => answeredSql() !== sql();
  createEffect(
    on(sql, async (text) => {
      const request = ++latest;
      while (inFlight) await inFlight;
      if (request !== latest) return;
      const pending = runEvidenceQuery(props.labId, text);
      inFlight = pending;
      const outcome = await pending.finally(() => (inFlight = undefined));
      if (request !== latest) return;
      setAnsweredSql(text);
      if ('answer' in outcome) {
        setProblem(undefined);
        setAnswer(outcome.answer);
      } else setProblem(outcome.problem);
    }),
  );

  const chooseColumn = (name: string) => {
    setFilterColumn(name);
    const ops = OPS_BY_KIND[kindOf(name)];
    if (!ops.includes(filterOp())) setFilterOp(ops[0]!);
  };

  const addFilter = (event: SubmitEvent) => {
    event.preventDefault();
    const column = filterColumn();
    const kind = kindOf(column);
    const op = filterOp();
    let filter: ColumnFilter;
    if (op === 'range' || op === 'window') {
      if (!from().trim() && !to().trim()) return;
      filter = { column, kind, op, from: from(), to: to() };
    } else {
      if (value() === '') return;
      filter = { column, kind, op, value: value() };
    }
    setView({ ...view(), filters: [...view().filters, filter] });
    setValue('');
    setFrom('');
    setTo('');
  };

  const removeFilter = (index: number) =>
    setView({ ...view(), filters: view().filters.filter((_, position) => position !== index) });

  const sortBy = (column: string) => {
    const current = view().sort;
    const sort =
      current?.column !== column
        ? { column, descending: false }
        : current.descending
          ? undefined
          : { column, descending: true };
    setView({ ...view(), sort });
  };

  // Labels point at their fields by id: a label wrapped around a select would also read out its chosen option.
  const id = createUniqueId();
  const isRange = () => filterOp() === 'range' || filterOp() === 'window';
  const inputType = () => (filterOp() === 'window' ? 'datetime-local' : 'text');

  return (
    <section class="table-view" aria-labelledby="table-view-title">
      <header class="table-view-head">
        <h3 id="table-view-title">{props.table.name}</h3>
        <p class="muted small">
          {t('tables.fromArtefact', { title: props.evidenceTitle })} ·{' '}
          {t('tables.rowCount', { rows: props.table.rows.toLocaleString('en') })}
        </p>
      </header>
      <div class="view-controls">
        <form class="filter-form" onSubmit={addFilter} aria-label={t('tables.addFilterTitle')}>
          <div class="field">
            <label for={`${id}-column`}>{t('tables.filterColumn')}</label>
            <select
              id={`${id}-column`}
              value={filterColumn()}
              onChange={(event) => chooseColumn(event.currentTarget.value)}
            >
              <For each={columns()}>{(column) => <option value={column.name}>{column.name}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for={`${id}-op`}>{t('tables.filterCondition')}</label>
            <select
              id={`${id}-op`}
              value={filterOp()}
              onChange={(event) => setFilterOp(event.currentTarget.value as FilterOp)}
            >
              <For each={OPS_BY_KIND[kindOf(filterColumn())]}>
                {(op) => <option value={op}>{t(OP_LABEL[op])}</option>}
              </For>
            </select>
          </div>
          <Show
            when={isRange()}
            fallback={
              <div class="field">
                <label for={`${id}-value`}>{t('tables.filterValue')}</label>
                <input
                  id={`${id}-value`}
                  type="text"
                  value={value()}
                  onInput={(event) => setValue(event.currentTarget.value)}
                />
              </div>
            }
          >
            <div class="field">
              <label for={`${id}-from`}>
                {filterOp() === 'window' ? t('tables.filterFromUtc') : t('tables.filterFrom')}
              </label>
              <input
                id={`${id}-from`}
                type={inputType()}
                step={filterOp() === 'window' ? '1' : undefined}
                value={from()}
                onInput={(event) => setFrom(event.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for={`${id}-to`}>{filterOp() === 'window' ? t('tables.filterToUtc') : t('tables.filterTo')}</label>
              <input
                id={`${id}-to`}
                type={inputType()}
                step={filterOp() === 'window' ? '1' : undefined}
                value={to()}
                onInput={(event) => setTo(event.currentTarget.value)}
              />
            </div>
          </Show>
          <button type="submit">{t('tables.addFilter')}</button>
        </form>
        <div class="field">
          <label for={`${id}-count-by`}>{t('tables.countBy')}</label>
          <select
            id={`${id}-count-by`}
            value={view().countBy === undefined ? '' : `${view().countBy}|${view().per ?? ''}`}
            onChange={(event) => {
              const [countBy, per] = event.currentTarget.value.split('|');
              setView({
                ...view(),
                countBy: countBy || undefined,
                per: countBy && per ? (per as TimeUnit) : undefined,
              });
            }}
          >
            <option value="">{t('tables.countByNone')}</option>
            <For each={columns()}>
              {(column) => (
                <>
                  <option value={`${column.name}|`}>{column.name}</option>
                  <Show when={column.type === 'timestamp'}>
                    <For each={TIME_UNITS}>
                      {(unit) => (
                        <option value={`${column.name}|${unit}`}>
                          {t('tables.countPer', { column: column.name, unit: t(`tables.per.${unit}`) })}
                        </option>
                      )}
                    </For>
                  </Show>
                </>
              )}
            </For>
          </select>
        </div>
      </div>
      <Show when={view().filters.length > 0}>
        <ul class="filter-list" aria-label={t('tables.filtersInUse')}>
          <For each={view().filters}>
            {(filter, index) => (
              <li>
                <span>{describeFilter(filter)}</span>
                <button
                  type="button"
                  class="small"
                  aria-label={t('tables.removeFilter', { filter: describeFilter(filter) })}
                  onClick={() => removeFilter(index())}
                >
                  ×
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="view-sql" data-testid="view-state" data-state={running() ? 'running' : 'answered'}>
        <p class="small">{t('tables.viewRuns')}</p>
        <pre data-testid="view-sql">
          <code>{sql()}</code>
        </pre>
        <button type="button" class="small" onClick={() => props.onOpenInConsole(sql())}>
          {t('tables.openInConsole')}
        </button>
        <Show when={running()}>
          <span class="muted small" role="status">
            {t('tables.running')}
          </span>
        </Show>
      </div>
      <Show when={problem()}>
        {(shown) => (
          <p class="error" role="alert">
            {shown().message}
          </p>
        )}
      </Show>
      <Show when={view().per !== undefined && !running() && !problem() && answer()}>
        {(shownAnswer) => <TimeHistogram answer={shownAnswer()} />}
      </Show>
      <Show when={answer()}>
        {(shownAnswer) => (
          <ResultGrid
            labId={props.labId}
            answer={shownAnswer()}
            fileName={`${props.labId}-${props.table.name}`}
            citation={
              view().countBy === undefined
                ? { table: props.table.name, evidenceId: props.table.evidenceId, evidenceTitle: props.evidenceTitle }
                : undefined
            }
            canCite={props.canCite}
            onShowLine={props.onShowLine}
            sort={view().countBy === undefined ? view().sort : undefined}
            onSort={view().countBy === undefined ? sortBy : undefined}
          />
        )}
      </Show>
    </section>
  );
}
