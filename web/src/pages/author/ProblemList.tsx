import { For, Show } from 'solid-js';
import { t } from '../../i18n/messages.ts';

/** Something wrong with a draft, where it is: found while typing (the schema) or by the server's check. */
export interface ShownProblem {
  file: string;
  line?: number;
  column?: number;
  /** The field in the file, e.g. tasks[2].answer.expected. */
  field?: string;
  message: string;
}

/** Where a problem is, in words: "lab.yaml, line 12, tasks[0].answer". */
export function problemPlace(problem: ShownProblem, withFile: boolean): string {
  const parts = [
    ...(withFile ? [problem.file] : []),
    ...(problem.line ? [t('author.problems.line', { line: problem.line })] : []),
    ...(problem.field ? [problem.field] : []),
  ];
  return parts.join(', ');
}

/**
 * Problems as a list; each one is a button that takes the author to its line. `withFile` names the
 * file of each (the list of the whole lab); a file's own list leaves it out.
 */
export function ProblemList(props: {
  problems: ShownProblem[];
  onPick: (problem: ShownProblem) => void;
  withFile?: boolean;
  label: string;
  testId?: string;
}) {
  return (
    <Show when={props.problems.length > 0}>
      <ul class="problem-list" aria-label={props.label} data-testid={props.testId}>
        <For each={props.problems}>
          {(problem) => (
            <li>
              <button type="button" class="problem" onClick={() => props.onPick(problem)}>
                <Show when={problemPlace(problem, props.withFile ?? false)}>
                  {(place) => <span class="problem-place">{place()}</span>}
                </Show>
                <span class="problem-message">{problem.message}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
