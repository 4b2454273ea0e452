import { Match, Switch, type Accessor, type JSX, type Resource } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { failureMessage } from './StatusMessage.tsx';

/**
 * A resource's latest value without suspending: undefined until its first value arrives, then the
 * last value while it is fetched again. (Reading a pending resource would hand the whole page to the
 * nearest Suspense fallback; the sections load on their own instead.)
 */
export function latestOf<T>(resource: Resource<T>): T | undefined {
  return resource.state === 'ready' || resource.state === 'refreshing' ? resource.latest : undefined;
}

/** A resource's latest value, a loading line before the first one, or the error it failed with. */
export function Loaded<T>(props: {
  resource: Resource<T>;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  return (
    <Switch fallback={<p class="loading">{t('loading')}</p>}>
      <Match when={props.resource.state === 'errored' && (props.resource.error as unknown)}>
        {(error) => (
          <p class="error" role="alert">
            {failureMessage(error())}
          </p>
        )}
      </Match>
      <Match when={latestOf(props.resource)}>{(value) => props.children(value)}</Match>
    </Switch>
  );
}
