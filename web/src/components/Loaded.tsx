import { Match, Switch, type Accessor, type JSX, type Resource } from 'solid-js';
import { t } from '../i18n/messages.ts';

/**
 * A resource's latest value, a loading line before the first one, or the error it failed with.
 * `latest` keeps showing the previous value while the resource is fetched again (after a live
 * update, say), so the page does not flash back to "Loading".
 */
export function Loaded<T>(props: { resource: Resource<T>; children: (value: Accessor<NonNullable<T>>) => JSX.Element }) {
  return (
    <Switch fallback={<p class="loading">{t('loading')}</p>}>
      <Match when={props.resource.error as unknown}>
        {(error) => (
          <p class="error" role="alert">
            {error() instanceof Error ? (error() as Error).message : t('error.unknown')}
          </p>
        )}
      </Match>
      <Match when={props.resource.latest}>{(value) => props.children(value)}</Match>
    </Switch>
  );
}
