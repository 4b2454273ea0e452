import type { JSX } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { IntegritySignals } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { DataTable, type Column } from './DataTable.tsx';

type SharedAnswer = IntegritySignals['answerSharing'][number];
type FastSolve = IntegritySignals['fastSolves'][number];

/** The task of a signal, with its lab below. */
function taskCell(signal: { task: { title: string }; lab: { title: string } }): JSX.Element {
  return (
    <>
      {signal.task.title}
      <span class="muted small block">{signal.lab.title}</span>
    </>
  );
}

/** Signs of work that may not be the trainee's own: answers that are another member's correct value, and implausibly fast solves. */
export function IntegrityTables(props: { signals: IntegritySignals }) {
  const sharingColumns: Column<SharedAnswer>[] = [
    { header: t('integrity.at'), cell: (signal) => formatDateTime(signal.at) },
    { header: t('integrity.submitter'), cell: (signal) => signal.submitter.displayName },
    { header: t('integrity.owner'), cell: (signal) => signal.owner.displayName },
    { header: t('integrity.answer'), cell: (signal) => <code>{signal.answer}</code> },
    { header: t('integrity.task'), cell: taskCell },
  ];
  const fastColumns: Column<FastSolve>[] = [
    { header: t('integrity.trainee'), cell: (signal) => signal.trainee.displayName },
    { header: t('integrity.task'), cell: taskCell },
    { header: t('integrity.solvedAt'), cell: (signal) => formatDateTime(signal.solvedAt) },
    { header: t('integrity.minutes'), numeric: true, cell: (signal) => signal.minutes },
    { header: t('integrity.plausible'), numeric: true, cell: (signal) => signal.minPlausibleMinutes },
  ];
  return (
    <>
      <section aria-labelledby="sharing-title">
        <h3 id="sharing-title">{t('integrity.sharing')}</h3>
        <p class="muted small">{t('integrity.sharingHelp')}</p>
        <DataTable
          rows={props.signals.answerSharing}
          columns={sharingColumns}
          labelId="sharing-title"
          empty={t('integrity.none')}
          testId="sharing-table"
        />
      </section>
      <section aria-labelledby="fast-title">
        <h3 id="fast-title">{t('integrity.fast')}</h3>
        <p class="muted small">{t('integrity.fastHelp')}</p>
        <DataTable
          rows={props.signals.fastSolves}
          columns={fastColumns}
          labelId="fast-title"
          empty={t('integrity.none')}
          testId="fast-table"
        />
      </section>
    </>
  );
}
