import { For, Show, type JSX, type ParentProps } from 'solid-js';

/** One column of a DataTable: its heading and how a row fills its cell. */
export interface Column<Row> {
  header: string;
  /** The heading is read by screen readers only (a column of buttons needs no visible one). */
  headerHidden?: boolean;
  /** Right-aligned figures: heading and cells get the "number" class. */
  numeric?: boolean;
  /** The cell names its row (a <th scope="row"> instead of a <td>). */
  rowHeader?: boolean;
  /** Extra class of the cells. */
  cellClass?: string;
  cell: (row: Row) => JSX.Element;
}

function classOf(...names: (string | false | undefined)[]): string | undefined {
  return names.filter(Boolean).join(' ') || undefined;
}

/**
 * A table in a region that scrolls on its own and is reached by keyboard, named by the element with
 * the id `labelId` (its caption or a heading outside); the `fallback` sentence instead while `shown`
 * is false.
 */
export function ScrollingTable(
  props: ParentProps<{ shown: boolean; fallback?: string; labelId: string; tableClass: string; testId?: string }>,
) {
  return (
    <Show when={props.shown} fallback={<p>{props.fallback}</p>}>
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby={props.labelId}>
        <table class={props.tableClass} data-testid={props.testId}>
          {props.children}
        </table>
      </div>
    </Show>
  );
}

/**
 * A scrollable, keyboard-reachable table of rows under column headings. It is named by a visually
 * hidden caption (given `caption`, the caption gets the id `labelId`), or else by the element
 * outside with the id `labelId`. Given `empty`, that sentence stands in for a table without rows.
 */
export function DataTable<Row>(props: {
  rows: readonly Row[];
  columns: Column<Row>[];
  labelId: string;
  caption?: string;
  empty?: string;
  testId?: string;
}) {
  return (
    <ScrollingTable
      shown={props.empty === undefined || props.rows.length > 0}
      fallback={props.empty}
      labelId={props.labelId}
      tableClass="data-table"
      testId={props.testId}
    >
      <Show when={props.caption !== undefined}>
        <caption id={props.labelId} class="visually-hidden">
          {props.caption}
        </caption>
      </Show>
      <thead>
        <tr>
          <For each={props.columns}>
            {(column) => (
              <th scope="col" class={classOf(column.numeric && 'number')}>
                {column.headerHidden ? <span class="visually-hidden">{column.header}</span> : column.header}
              </th>
            )}
          </For>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(row) => (
            <tr>
              <For each={props.columns}>
                {(column) =>
                  column.rowHeader ? (
                    <th scope="row" class={classOf(column.numeric && 'number', column.cellClass)}>
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td class={classOf(column.numeric && 'number', column.cellClass)}>{column.cell(row)}</td>
                  )
                }
              </For>
            </tr>
          )}
        </For>
      </tbody>
    </ScrollingTable>
  );
}
