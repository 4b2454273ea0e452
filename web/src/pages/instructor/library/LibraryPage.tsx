import { A } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { Loaded } from '../../../components/Loaded.tsx';
import { count, t } from '../../../i18n/messages.ts';
import { client, read } from '../../../lib/api.ts';
import { StaffOnly } from '../StaffOnly.tsx';
import { CourseCard, LabCard } from './LibraryCards.tsx';
import {
  courseMatches,
  labMatches,
  loadLibrary,
  type Audience,
  type Difficulty,
  type Library,
  type LibraryFilter,
} from './library-data.ts';
import './library.css';

const AUDIENCES: Audience[] = ['investigator', 'prosecutor', 'judge'];
const DIFFICULTIES: Difficulty[] = ['beginner', 'intermediate', 'advanced'];

/** The search box and the two filters above the cards. */
function LibraryFilters(props: { filter: LibraryFilter; onChange: (filter: LibraryFilter) => void }) {
  const set = (change: Partial<LibraryFilter>) => props.onChange({ ...props.filter, ...change });
  return (
    <form class="library-filters" role="search" onSubmit={(event) => event.preventDefault()}>
      <div class="library-filter-text">
        <label for="library-search">{t('library.search')}</label>
        <input
          id="library-search"
          type="search"
          value={props.filter.text}
          autocomplete="off"
          onInput={(event) => set({ text: event.currentTarget.value })}
        />
      </div>
      <div>
        <label for="library-audience">{t('library.audience')}</label>
        <select
          id="library-audience"
          value={props.filter.audience}
          onChange={(event) => set({ audience: event.currentTarget.value as Audience | '' })}
        >
          <option value="">{t('library.anyAudience')}</option>
          <For each={AUDIENCES}>{(audience) => <option value={audience}>{t(`audience.${audience}`)}</option>}</For>
        </select>
      </div>
      <div>
        <label for="library-difficulty">{t('library.difficulty')}</label>
        <select
          id="library-difficulty"
          value={props.filter.difficulty}
          onChange={(event) => set({ difficulty: event.currentTarget.value as Difficulty | '' })}
        >
          <option value="">{t('library.anyDifficulty')}</option>
          <For each={DIFFICULTIES}>
            {(difficulty) => <option value={difficulty}>{t(`difficulty.${difficulty}`)}</option>}
          </For>
        </select>
      </div>
    </form>
  );
}

function LibraryView(props: { library: Library }) {
  const [filter, setFilter] = createSignal<LibraryFilter>({ text: '', audience: '', difficulty: '' });
  const [cohorts] = createResource(async () => (await read(client.cohorts.$get())).cohorts);
  const labs = createMemo(() => props.library.labs.filter((lab) => labMatches(lab, filter())));
  const courses = createMemo(() =>
    props.library.courses.filter((course) => courseMatches(course, props.library.labs, filter())),
  );
  const myCohorts = () => cohorts() ?? [];
  return (
    <>
      <LibraryFilters filter={filter()} onChange={setFilter} />
      <p class="muted" role="status">
        {t('library.found', { labs: count('labs', labs().length), courses: count('courses', courses().length) })}
      </p>
      <section aria-labelledby="library-labs-title">
        <h2 id="library-labs-title">{t('library.labs')}</h2>
        <Show when={labs().length > 0} fallback={<p>{t('library.noMatch')}</p>}>
          <div class="card-grid library-grid">
            <For each={labs()}>{(lab) => <LabCard lab={lab} cohorts={myCohorts()} />}</For>
          </div>
        </Show>
      </section>
      <section aria-labelledby="library-courses-title">
        <h2 id="library-courses-title">{t('library.courses')}</h2>
        <Show when={courses().length > 0} fallback={<p>{t('library.noMatch')}</p>}>
          <div class="card-grid library-grid">
            <For each={courses()}>{(course) => <CourseCard course={course} cohorts={myCohorts()} />}</For>
          </div>
        </Show>
      </section>
    </>
  );
}

/** The instructors' lab library: the installed labs and courses as cards, searchable, each assignable to a cohort. */
export default function LibraryPage() {
  const [library] = createResource(loadLibrary);
  return (
    <StaffOnly>
      <section class="page wide">
        <p class="small">
          <A href="/instructor">← {t('instructor.back')}</A>
        </p>
        <h1>{t('library.title')}</h1>
        <p class="muted">{t('library.intro')}</p>
        <Loaded resource={library}>{(loaded) => <LibraryView library={loaded()} />}</Loaded>
      </section>
    </StaffOnly>
  );
}
