import { createSignal, For, Match, onMount, Show, Switch } from 'solid-js';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { createAction, StatusMessage } from '../../components/StatusMessage.tsx';
import { t, type MessageKey } from '../../i18n/messages.ts';
import { linkAddress, type Role } from '../../lib/admin-accounts.ts';
import {
  adminOverview,
  MAX_IMPORT_BYTES,
  type AcceptedRow,
  type CreatedRow,
  type ImportPreview,
  type ImportReport,
  type RefusedRow,
} from '../../lib/admin-overview.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { downloadCsv, resultCsv } from '../../lib/result-csv.ts';

const roleName = (role: Role) => t(`admin.role.${role}` as MessageKey);

/** A heading that takes the focus when it appears, so that a step's result is where the reader is. */
function FocusedHeading(props: { id: string; text: string }) {
  let heading!: HTMLHeadingElement;
  onMount(() => heading.focus());
  return (
    <h3 id={props.id} ref={heading} tabindex="-1">
      {props.text}
    </h3>
  );
}

function RefusedTable(props: { rows: RefusedRow[]; labelId: string }) {
  const columns: Column<RefusedRow>[] = [
    { header: t('admin.import.column.line'), numeric: true, rowHeader: true, cell: (row) => row.line },
    {
      header: t('admin.import.column.written'),
      cell: (row) => (
        <code class="import-cells">
          {[row.cells.username, row.cells.displayName, row.cells.role, row.cells.cohort].filter(Boolean).join(' · ') ||
            '—'}
        </code>
      ),
    },
    {
      header: t('admin.import.column.why'),
      cell: (row) => (
        <ul class="import-problems">
          <For each={row.problems}>{(problem) => <li>{problem.message}</li>}</For>
        </ul>
      ),
    },
  ];
  return <DataTable rows={props.rows} columns={columns} labelId={props.labelId} testId="import-refused" />;
}

function AcceptedTable(props: { rows: AcceptedRow[] }) {
  // One line a row: on narrow screens the table scrolls sideways rather than standing each word on a line.
  const nowrap = 'import-nowrap';
  const columns: Column<AcceptedRow>[] = [
    { header: t('admin.import.column.line'), numeric: true, cellClass: nowrap, cell: (row) => row.line },
    {
      header: t('admin.create.username'),
      rowHeader: true,
      cellClass: nowrap,
      cell: (row) => <code>{row.username}</code>,
    },
    { header: t('admin.create.displayName'), cellClass: nowrap, cell: (row) => row.displayName },
    { header: t('admin.create.role'), cellClass: nowrap, cell: (row) => roleName(row.role) },
    { header: t('admin.import.column.cohort'), cellClass: nowrap, cell: (row) => row.cohort?.name ?? '—' },
  ];
  return <DataTable rows={props.rows} columns={columns} labelId="import-accepted-title" testId="import-accepted" />;
}

/** The links of a report as a CSV file: username, link, expiry (ISO), one account a row. */
function linksCsv(created: CreatedRow[]): string {
  return resultCsv(
    ['username', 'link', 'expires'],
    created.map((row) => [row.username, linkAddress(row.link), row.link.expiresAt]),
  );
}

/** The accounts an import created with their links, shown once; copied all at once as CSV. */
function ImportReportView(props: { report: ImportReport; onDone: () => void }) {
  const [copied, setCopied] = createSignal<boolean>();
  let fallback: HTMLTextAreaElement | undefined;
  const copyAll = async () => {
    try {
      await navigator.clipboard.writeText(linksCsv(props.report.created));
      setCopied(true);
    } catch {
      // No clipboard (plain HTTP, a refused permission): the CSV is shown selected, to copy by hand.
      setCopied(false);
      queueMicrotask(() => fallback?.select());
    }
  };
  const columns: Column<CreatedRow>[] = [
    {
      header: t('admin.column.account'),
      rowHeader: true,
      cell: (row) => (
        <>
          <span class="block">{row.displayName}</span>
          <code class="muted">{row.username}</code>
        </>
      ),
    },
    { header: t('admin.create.role'), cell: (row) => roleName(row.role) },
    { header: t('admin.import.column.cohort'), cell: (row) => row.cohort?.name ?? '—' },
    {
      header: t('admin.link.address'),
      cellClass: 'import-link',
      cell: (row) => (
        <input
          readonly
          value={linkAddress(row.link)}
          aria-label={t('admin.import.linkOf', { name: row.displayName })}
          onFocus={(event) => event.currentTarget.select()}
        />
      ),
    },
  ];
  const expires = () => props.report.created[0]?.link.expiresAt;
  return (
    <div class="import-report">
      <FocusedHeading
        id="import-report-title"
        text={t('admin.import.created', { count: props.report.created.length })}
      />
      <Show when={props.report.created.length > 0}>
        <div class="import-warning" role="note">
          <p>
            <strong>{t('admin.import.onceTitle')}</strong> {t('admin.import.onceText')}
          </p>
          <Show when={expires()}>{(time) => <p>{t('admin.import.expires', { time: formatDateTime(time()) })}</p>}</Show>
          <div class="row">
            <button type="button" class="primary" onClick={copyAll}>
              {t('admin.import.copyAll')}
            </button>
            <button type="button" onClick={() => downloadCsv('casebench-links.csv', linksCsv(props.report.created))}>
              {t('admin.import.download')}
            </button>
          </div>
          <p role="status">
            <Show when={copied() !== undefined}>
              {copied() ? t('admin.import.copied') : t('admin.import.copyByHand')}
            </Show>
          </p>
          <Show when={copied() === false}>
            <label for="import-links-csv">{t('admin.import.linksCsv')}</label>
            <textarea id="import-links-csv" ref={fallback} readonly rows="6" value={linksCsv(props.report.created)} />
          </Show>
        </div>
        {/* As the account list: on narrow screens each account is a card, its link in view. */}
        <div class="account-list import-created">
          <DataTable
            rows={props.report.created}
            columns={columns}
            labelId="import-report-title"
            testId="import-created"
          />
        </div>
      </Show>
      <Show when={props.report.refused.length > 0}>
        <h4 id="import-report-refused-title">
          {t('admin.import.refusedTitle', { count: props.report.refused.length })}
        </h4>
        <RefusedTable rows={props.report.refused} labelId="import-report-refused-title" />
      </Show>
      <button type="button" onClick={() => props.onDone()}>
        {t('admin.import.done')}
      </button>
    </div>
  );
}

/**
 * Import from CSV: a file chosen or rows pasted, a preview of every row (the account it would
 * create, or why it is refused), then the accounts created with their one-time links, shown once.
 */
export function ImportAccounts(props: { onImported: () => void; onClose: () => void }) {
  const [csv, setCsv] = createSignal('');
  const [preview, setPreview] = createSignal<ImportPreview>();
  const [report, setReport] = createSignal<ImportReport>();
  const action = createAction();

  const chooseFile = async (file: File | undefined) => {
    setPreview(undefined);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      action.setStatus({ text: t('admin.import.tooLarge', { kb: MAX_IMPORT_BYTES / 1024 }), error: true });
      return;
    }
    action.setStatus(undefined);
    setCsv(await file.text());
  };
  const showPreview = (event: SubmitEvent) => {
    event.preventDefault();
    void action.run(async () => setPreview(await adminOverview.preview(csv())));
  };
  const create = () =>
    action.run(async () => {
      const done = await adminOverview.import(csv());
      setPreview(undefined);
      setCsv('');
      setReport(done);
      props.onImported();
    });

  return (
    <section class="import-accounts" aria-labelledby="import-title">
      <h2 id="import-title">{t('admin.import.title')}</h2>
      <Switch>
        <Match when={report()}>
          {(shown) => (
            <ImportReportView
              report={shown()}
              onDone={() => {
                setReport(undefined);
                props.onClose();
              }}
            />
          )}
        </Match>
        <Match when={!report()}>
          <p>{t('admin.import.help', { rows: 500, kb: MAX_IMPORT_BYTES / 1024 })}</p>
          <pre class="import-sample">{t('admin.import.sample')}</pre>
          <form class="import-form" onSubmit={showPreview}>
            <div>
              <label for="import-file">{t('admin.import.file')}</label>
              <input
                id="import-file"
                type="file"
                accept=".csv,text/csv,text/plain"
                onChange={(event) => void chooseFile(event.currentTarget.files?.[0])}
              />
            </div>
            <div>
              <label for="import-text">{t('admin.import.paste')}</label>
              <textarea
                id="import-text"
                rows="6"
                spellcheck={false}
                value={csv()}
                onInput={(event) => {
                  setCsv(event.currentTarget.value);
                  setPreview(undefined);
                }}
              />
            </div>
            <div class="row">
              <button type="submit" class="primary" disabled={action.busy() || csv().trim() === ''}>
                {t('admin.import.preview')}
              </button>
              <button type="button" onClick={() => props.onClose()}>
                {t('admin.import.cancel')}
              </button>
            </div>
          </form>
          <StatusMessage status={action.status()} />
          <Show when={preview()}>
            {(shown) => (
              <div class="import-preview">
                <FocusedHeading
                  id="import-preview-title"
                  text={t('admin.import.previewTitle', {
                    accepted: shown().accepted.length,
                    refused: shown().refused.length,
                  })}
                />
                <Show when={shown().accepted.length > 0}>
                  <h4 id="import-accepted-title">{t('admin.import.acceptedTitle')}</h4>
                  <AcceptedTable rows={shown().accepted} />
                </Show>
                <Show when={shown().refused.length > 0}>
                  <h4 id="import-refused-title">{t('admin.import.refusedTitle', { count: shown().refused.length })}</h4>
                  <p class="muted">{t('admin.import.refusedHelp')}</p>
                  <RefusedTable rows={shown().refused} labelId="import-refused-title" />
                </Show>
                <div class="row import-confirm">
                  <button
                    type="button"
                    class="primary"
                    disabled={action.busy() || shown().accepted.length === 0}
                    onClick={() => void create()}
                  >
                    {t(shown().accepted.length === 1 ? 'admin.import.createOne' : 'admin.import.create', {
                      count: shown().accepted.length,
                    })}
                  </button>
                </div>
              </div>
            )}
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
