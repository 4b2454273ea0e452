import { createResource, createSignal, For, Show } from 'solid-js';
import { actionLabel, detailsText } from '../../components/AuditTable.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { t } from '../../i18n/messages.ts';
import { adminOverview, type AdminAuditEntry, type AdminOverview as Overview } from '../../lib/admin-overview.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { Pager } from './Pager.tsx';

type CohortRow = Overview['cohorts'][number];

const AUDIT_PAGE = 20;

function Figure(props: { label: string; value: number; detail?: string; testId?: string }) {
  return (
    <div class="admin-figure" data-testid={props.testId}>
      <dt>{props.label}</dt>
      <dd>
        <span class="admin-figure-value">{props.value}</span>
        <Show when={props.detail}>
          <span class="muted small block">{props.detail}</span>
        </Show>
      </dd>
    </div>
  );
}

/** Accounts counted, and how many labs loaded: the first things an administrator checks. */
function Figures(props: { overview: Overview }) {
  const accounts = () => props.overview.accounts;
  const library = () => props.overview.library;
  return (
    <dl class="admin-figures" aria-label={t('admin.overview.figures')}>
      <Figure
        label={t('admin.overview.accounts')}
        value={accounts().total}
        detail={t('admin.overview.byRole', {
          trainees: accounts().byRole.trainee,
          instructors: accounts().byRole.instructor,
          admins: accounts().byRole.admin,
        })}
        testId="figure-accounts"
      />
      <Figure label={t('admin.overview.disabled')} value={accounts().disabled} />
      <Figure label={t('admin.overview.waiting')} value={accounts().waitingForPassword} />
      <Figure
        label={t('admin.overview.labs')}
        value={library().labs.length}
        detail={
          library().failed.length > 0
            ? t('admin.overview.labsFailed', { count: library().failed.length })
            : t('admin.overview.labsAllLoaded', { courses: library().courses.length })
        }
        testId="figure-labs"
      />
    </dl>
  );
}

/** Labs that did not load, each with every problem: they are missing for everyone until fixed. */
function FailedLabs(props: { failed: Overview['library']['failed'] }) {
  return (
    <Show when={props.failed.length > 0}>
      <section class="admin-failed" role="alert" aria-labelledby="failed-labs-title">
        <h2 id="failed-labs-title">{t('admin.overview.failedTitle', { count: props.failed.length })}</h2>
        <p>{t('admin.overview.failedHelp')}</p>
        <ul>
          <For each={props.failed}>
            {(lab) => (
              <li>
                <code>{lab.id}</code>
                <ul>
                  <For each={lab.problems}>{(problem) => <li>{problem}</li>}</For>
                </ul>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}

function Cohorts(props: { cohorts: CohortRow[] }) {
  const columns: Column<CohortRow>[] = [
    { header: t('admin.overview.cohort'), rowHeader: true, cell: (cohort) => cohort.name },
    {
      header: t('admin.overview.instructor'),
      cell: (cohort) => (
        <>
          <span class="block">{cohort.instructor.displayName}</span>
          <code class="muted">{cohort.instructor.username}</code>
        </>
      ),
    },
    { header: t('admin.overview.members'), numeric: true, cell: (cohort) => cohort.members },
    { header: t('admin.overview.cohortLabs'), numeric: true, cell: (cohort) => cohort.labs },
    {
      header: t('admin.overview.state'),
      cell: (cohort) =>
        cohort.archivedAt
          ? t('admin.overview.archived', { time: formatDateTime(cohort.archivedAt) })
          : t('admin.overview.open'),
    },
  ];
  return (
    <section aria-labelledby="admin-cohorts-title">
      <h2 id="admin-cohorts-title">{t('admin.overview.cohorts', { count: props.cohorts.length })}</h2>
      <DataTable
        rows={props.cohorts}
        columns={columns}
        labelId="admin-cohorts-title"
        empty={t('admin.overview.noCohorts')}
        testId="admin-cohorts"
      />
    </section>
  );
}

function InstalledLabs(props: { library: Overview['library'] }) {
  return (
    <details class="admin-labs">
      <summary>
        {t('admin.overview.installed', { labs: props.library.labs.length, courses: props.library.courses.length })}
      </summary>
      <ul class="admin-lab-list" data-testid="admin-labs">
        <For each={props.library.labs}>
          {(lab) => (
            <li>
              {lab.title} <code class="muted small">{lab.id}</code>{' '}
              <span class="muted small">{t('admin.overview.version', { version: lab.version })}</span>
            </li>
          )}
        </For>
      </ul>
      <p class="muted small">{t('admin.overview.appVersion', { version: props.library.version })}</p>
    </details>
  );
}

/** The administrator's start: accounts counted, labs that failed to load, every cohort, the installed labs; `version` bumps after a change. */
export function AdminOverview(props: { version: number }) {
  // Fetched again when the page has changed accounts; the figures stay in view meanwhile.
  const [overview] = createResource(
    () => props.version + 1,
    () => adminOverview.overview(),
  );
  return (
    <Loaded resource={overview}>
      {(shown) => (
        <div class="admin-overview">
          <Figures overview={shown()} />
          <FailedLabs failed={shown().library.failed} />
          <InstalledLabs library={shown().library} />
          <Cohorts cohorts={shown().cohorts} />
        </div>
      )}
    </Loaded>
  );
}

/** The whole audit log, newest first, a page at a time; `version` bumps when the page has done something. */
export function AdminAudit(props: { version: number }) {
  const [offset, setOffset] = createSignal(0);
  const [page] = createResource(
    () => ({ limit: AUDIT_PAGE, offset: offset(), version: props.version }),
    ({ limit, offset: from }) => adminOverview.audit({ limit, offset: from }),
  );
  const columns: Column<AdminAuditEntry>[] = [
    { header: t('audit.at'), cell: (entry) => formatDateTime(entry.createdAt) },
    {
      header: t('audit.actor'),
      cell: (entry) =>
        entry.actor?.displayName ??
        (entry.commandLineUser === null ? t('audit.system') : t('audit.commandLine', { user: entry.commandLineUser })),
    },
    { header: t('audit.action'), cell: (entry) => actionLabel(entry.action) },
    {
      header: t('admin.audit.subject'),
      cell: (entry) => <code>{entry.subjectName ?? entry.subject}</code>,
    },
    {
      header: t('audit.details'),
      cellClass: 'details-cell',
      cell: (entry) => <code>{detailsText(entry.details)}</code>,
    },
  ];
  return (
    <section aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title">{t('audit.title')}</h2>
      <Loaded resource={page}>
        {(shown) => (
          <>
            <DataTable
              rows={shown().entries}
              columns={columns}
              labelId="admin-audit-title"
              empty={t('audit.empty')}
              testId="admin-audit"
            />
            <Pager
              offset={shown().offset}
              shown={shown().entries.length}
              total={shown().total}
              pageSize={AUDIT_PAGE}
              onOffset={setOffset}
              previous={t('admin.audit.newer')}
              next={t('admin.audit.older')}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}
