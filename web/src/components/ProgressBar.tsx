/** A labelled progress bar (a native <progress>, so assistive technology reads it). */
export function ProgressBar(props: { value: number; max: number; label: string }) {
  return <progress class="progress" value={props.value} max={Math.max(props.max, 1)} aria-label={props.label} />;
}
