import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { audienceNames } from '../../../i18n/audiences.ts';
import { count, t } from '../../../i18n/messages.ts';
import type { CohortSummary } from '../../../lib/api.ts';
import { AssignToCohort } from './AssignToCohort.tsx';
import type { LibraryCourse, LibraryLab } from './library-data.ts';

/** A lab as a card: what it is about, for whom, how long, what it trains; and "Assign to cohort…". */
export function LabCard(props: { lab: LibraryLab; cohorts: CohortSummary[] }) {
  return (
    <article class="lab-card library-card" aria-label={props.lab.title} data-testid="library-lab">
      <h3>{props.lab.title}</h3>
      <ul class="facts" aria-label={t('catalogue.facts')}>
        <li>{audienceNames(props.lab.audiences)}</li>
        <li>{t(`difficulty.${props.lab.difficulty}`)}</li>
        <li>{t('catalogue.minutes', { minutes: props.lab.durationMinutes })}</li>
        <li>{count('tasks', props.lab.tasks)}</li>
        <Show when={props.lab.variants}>
          <li title={t('library.variantsHelp')}>{t('library.variants')}</li>
        </Show>
      </ul>
      <p>{props.lab.summary}</p>
      <p class="library-skills">
        <span class="muted">{t('library.skills')}</span> {props.lab.skills.join(' · ')}
      </p>
      <details>
        <summary>{t('library.objectives')}</summary>
        <ul>
          <For each={props.lab.objectives}>{(objective) => <li>{objective}</li>}</For>
        </ul>
      </details>
      <div class="library-card-actions">
        <A href={`/instructor/library/${props.lab.id}`} aria-label={t('library.previewOf', { title: props.lab.title })}>
          {t('library.preview')}
        </A>
        <A href={`/instructor/library/${props.lab.id}/try`} aria-label={t('library.tryOf', { title: props.lab.title })}>
          {t('preview.try')}
        </A>
        <AssignToCohort target={{ title: props.lab.title, labId: props.lab.id }} cohorts={props.cohorts} />
      </div>
    </article>
  );
}

/** A course as a card: its labs by title in the order they are taken; assigning it assigns them all. */
export function CourseCard(props: { course: LibraryCourse; cohorts: CohortSummary[] }) {
  return (
    <article class="lab-card library-card" aria-label={props.course.title} data-testid="library-course">
      <h3>{props.course.title}</h3>
      <ul class="facts" aria-label={t('catalogue.facts')}>
        <li>{audienceNames(props.course.audiences)}</li>
        <li>{count('labs', props.course.labs.length)}</li>
        <li>{t('catalogue.minutes', { minutes: props.course.durationMinutes })}</li>
      </ul>
      <p>{props.course.summary}</p>
      <ol class="library-course-labs">
        <For each={props.course.labs}>
          {(lab) => (
            <li>
              {lab.title}
              <Show when={lab.optional}>
                <span class="tag">{t('catalogue.optional')}</span>
              </Show>
            </li>
          )}
        </For>
      </ol>
      <AssignToCohort target={{ title: props.course.title, courseId: props.course.id }} cohorts={props.cohorts} />
    </article>
  );
}
