import { t } from '../../i18n/messages.ts';

/** "1–50 of 120" with the buttons to the page before and after, for a list answered a page at a time. */
export function Pager(props: {
  offset: number;
  shown: number;
  total: number;
  pageSize: number;
  onOffset: (offset: number) => void;
  previous?: string;
  next?: string;
}) {
  return (
    <div class="row account-paging">
      <span class="muted">
        {props.total === 0
          ? ''
          : t('admin.range', { from: props.offset + 1, to: props.offset + props.shown, total: props.total })}
      </span>
      <button
        type="button"
        disabled={props.offset === 0}
        onClick={() => props.onOffset(Math.max(0, props.offset - props.pageSize))}
      >
        {props.previous ?? t('admin.previous')}
      </button>
      <button
        type="button"
        disabled={props.offset + props.shown >= props.total}
        onClick={() => props.onOffset(props.offset + props.pageSize)}
      >
        {props.next ?? t('admin.next')}
      </button>
    </div>
  );
}
