import { createSignal, For, Match, Show, Switch, type Accessor } from 'solid-js';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { t } from '../i18n/messages.ts';
import type { EvidenceTable } from '../lib/evidence-queries.ts';
import { QueryConsole } from './QueryConsole.tsx';
import type { TablesState } from './tables-state.ts';
import { TableView } from './TableView.tsx';
import './tables.css';

type Mode = 'list' | 'view' | 'console';

export interface TablesSurfaceProps {
  labId: string;
  tables: Accessor<TablesState>;
  evidenceTitle: (evidenceId: string) => string;
  canCite: boolean;
  /** Opens an artefact at a line, on the files side. */
  onShowLine: (evidenceId: string, line: number) => void;
}

/** One table in the list: its name, artefact, rows and columns with what they hold. */
function TableCard(props: { table: EvidenceTable; evidenceTitle: string; onOpen: () => void }) {
  return (
    <li class="table-card" data-testid={`table-${props.table.name}`}>
      <div class="table-card-head">
        <h4>{props.table.name}</h4>
        <span class="muted small">{t('tables.rowCount', { rows: props.table.rows.toLocaleString('en') })}</span>
        <button type="button" class="small primary" onClick={() => props.onOpen()}>
          {t('tables.openGrid', { table: props.table.name })}
        </button>
      </div>
      <p class="small">
        {/* The server's descriptions usually start with the artefact's title already. */}
        {props.table.description.startsWith(props.evidenceTitle)
          ? props.table.description
          : `${t('tables.fromArtefact', { title: props.evidenceTitle })}. ${props.table.description}`}
      </p>
      <details>
        <summary class="small">{t('tables.columns', { count: props.table.columns.length })}</summary>
        <dl class="column-list small">
          <For each={props.table.columns}>
            {(column) => (
              <>
                <dt>
                  <code>{column.name}</code> <span class="muted">({t(`tables.type.${column.type}`)})</span>
                </dt>
                <dd>{column.description}</dd>
              </>
            )}
          </For>
        </dl>
      </details>
    </li>
  );
}

/**
 * The evidence as tables: the list of the lab's tables, a grid view of one of them, and the SQL
 * console. Each part stays mounted while another is shown, so a query or a view is not lost.
 */
export default function TablesSurface(props: TablesSurfaceProps) {
  const [mode, setMode] = createSignal<Mode>('list');
  const [openTable, setOpenTable] = createSignal<string>();
  const [consoleOpened, setConsoleOpened] = createSignal(false);
  const [sql, setSql] = createSignal('');

  const ready = () => {
    const state = props.tables();
    return state.state === 'ready' ? state : undefined;
  };
  const tableNamed = (name: string | undefined) => ready()?.tables.find((table) => table.name === name);

  const show = (next: Mode) => {
    if (next === 'console') setConsoleOpened(true);
    setMode(next);
  };
  const openInConsole = (text: string) => {
    setSql(text);
    show('console');
  };

  return (
    <div class="tables-surface" data-testid="tables-surface">
      <Switch>
        <Match when={props.tables().state === 'loading'}>
          <p class="loading">{t('loading')}</p>
        </Match>
        <Match when={props.tables().state === 'failed' && (props.tables() as { message: string })}>
          {(failed) => (
            <p class="error" role="alert">
              {failed().message}
            </p>
          )}
        </Match>
        <Match
          when={
            props.tables().state === 'building' && (props.tables() as { progress: { done: number; total: number } })
          }
        >
          {(building) => {
            const percent = () =>
              building().progress.total > 0
                ? Math.min(100, Math.round((building().progress.done / building().progress.total) * 100))
                : 0;
            return (
              <div class="tables-building" role="status" data-testid="tables-building">
                <p>{t('tables.building', { percent: percent() })}</p>
                <ProgressBar value={percent()} max={100} label={t('tables.buildingLabel')} />
              </div>
            );
          }}
        </Match>
        <Match when={ready()}>
          {(tables) => (
            <>
              <nav class="tables-nav" aria-label={t('tables.navigation')}>
                <button type="button" aria-pressed={mode() === 'list'} onClick={() => show('list')}>
                  {t('tables.list')}
                </button>
                <Show when={openTable()}>
                  {(name) => (
                    <button type="button" aria-pressed={mode() === 'view'} onClick={() => show('view')}>
                      {t('tables.gridOf', { table: name() })}
                    </button>
                  )}
                </Show>
                <button type="button" aria-pressed={mode() === 'console'} onClick={() => show('console')}>
                  {t('tables.console')}
                </button>
              </nav>
              <div hidden={mode() !== 'list'}>
                <p class="small tables-intro">{t('tables.intro')}</p>
                <Show when={tables().problems > 0}>
                  <p class="muted small">{t('tables.problems', { count: tables().problems.toLocaleString('en') })}</p>
                </Show>
                <ul class="table-list">
                  <For each={tables().tables}>
                    {(table) => (
                      <TableCard
                        table={table}
                        evidenceTitle={props.evidenceTitle(table.evidenceId)}
                        onOpen={() => {
                          setOpenTable(table.name);
                          show('view');
                        }}
                      />
                    )}
                  </For>
                </ul>
              </div>
              <div hidden={mode() !== 'view'}>
                <Show when={tableNamed(openTable())} keyed>
                  {(table) => (
                    <TableView
                      labId={props.labId}
                      table={table}
                      evidenceTitle={props.evidenceTitle(table.evidenceId)}
                      onOpenInConsole={openInConsole}
                      canCite={props.canCite}
                      onShowLine={props.onShowLine}
                    />
                  )}
                </Show>
              </div>
              <Show when={consoleOpened()}>
                <div hidden={mode() !== 'console'}>
                  <QueryConsole
                    labId={props.labId}
                    tables={tables().tables}
                    evidenceTitle={props.evidenceTitle}
                    sql={sql()}
                    onSql={setSql}
                    canCite={props.canCite}
                    onShowLine={props.onShowLine}
                  />
                </div>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}
