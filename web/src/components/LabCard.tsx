import { A } from '@solidjs/router';
import { Match, Show, Switch } from 'solid-js';
import { audienceNames } from '../i18n/audiences.ts';
import { t } from '../i18n/messages.ts';
import type { CatalogueLab } from '../lib/api.ts';
import { formatDateTime, readerLocales } from '../lib/datetime.ts';
import { ProgressBar } from './ProgressBar.tsx';

/** "A, B and C" in the reader's language. */
const listFormat = new Intl.ListFormat(readerLocales(), { type: 'conjunction' });

/**
 * One assigned lab in the catalogue, with progress and the next step to take. `titleOf` names the
 * labs this one waits for (the catalogue knows their titles; an id is no name for a trainee).
 */
export function LabCard(props: { lab: CatalogueLab; optional?: boolean; titleOf?: (labId: string) => string }) {
  const lockedBy = () => props.lab.lockedBy.map((labId) => props.titleOf?.(labId) ?? labId);
  const progress = () => props.lab.progress;
  const action = () => {
    if (progress().completedAt) return t('catalogue.review');
    return progress().startedAt ? t('catalogue.continue') : t('catalogue.start');
  };
  return (
    <article class="lab-card" aria-labelledby={`lab-${props.lab.id}`}>
      <h3 id={`lab-${props.lab.id}`}>
        {props.lab.title}
        <Show when={props.optional}>
          <span class="tag">{t('catalogue.optional')}</span>
        </Show>
      </h3>
      <p>{props.lab.summary}</p>
      <ul class="facts" aria-label={t('catalogue.facts')}>
        <li class={`difficulty ${props.lab.difficulty}`}>{t(`difficulty.${props.lab.difficulty}`)}</li>
        <li>{t('catalogue.minutes', { minutes: props.lab.durationMinutes })}</li>
        <li>{audienceNames(props.lab.audiences)}</li>
      </ul>
      <ProgressBar
        value={progress().tasksSettled}
        max={progress().tasksTotal}
        label={t('catalogue.progressLabel', { title: props.lab.title })}
      />
      <p class="muted small">
        {t('catalogue.tasks', { done: progress().tasksSettled, total: progress().tasksTotal })} ·{' '}
        {t('catalogue.points', { points: progress().points, max: progress().maxPoints })}
      </p>
      <Switch>
        <Match when={props.lab.state === 'upcoming'}>
          <p class="state">{t('catalogue.opensAt', { date: formatDateTime(props.lab.opensAt) })}</p>
        </Match>
        <Match when={props.lab.state === 'locked'}>
          <p class="state">{t('catalogue.lockedBy', { labs: listFormat.format(lockedBy()) })}</p>
        </Match>
        <Match when={props.lab.state === 'closed'}>
          <p class="state">{t('catalogue.closedAt', { date: formatDateTime(props.lab.closesAt) })}</p>
          <A class="button" href={`/labs/${props.lab.id}`}>
            {t('catalogue.review')}
          </A>
        </Match>
        <Match when={props.lab.state === 'open'}>
          <A class="button primary" href={`/labs/${props.lab.id}`}>
            {action()}
          </A>
        </Match>
      </Switch>
    </article>
  );
}
